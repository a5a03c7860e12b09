package hebei_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	"github.com/civgraph/civgraph/internal/sampleapi/hebei"
)

// answer is the envelope as a client sees it.
type answer struct {
	Code      int
	Msg       string
	Success   bool
	Timestamp int64
	Data      *struct {
		List  []map[string]any
		Total int
	}
}

// get asks h for path?query with key and decodes the envelope, which must
// come in HTTP 200 whatever the outcome.
func get(t *testing.T, h http.Handler, method, path, query, key string) answer {
	t.Helper()
	req := httptest.NewRequest(method, path+"?"+query, nil)
	if key != "" {
		req.Header.Set("appKey", key)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var a answer
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &a) != nil {
		t.Fatalf("HTTP %d %s: answers must be JSON envelopes in HTTP 200", rec.Code, rec.Body)
	}
	if a.Success != (a.Code == hebei.CodeOK) {
		t.Fatalf("code %d with success %v", a.Code, a.Success)
	}
	return a
}

func sites(n int) *dataset.Dataset {
	p := &dataset.Province{}
	for i := range n {
		typ := civ.SiteMealPoint
		if i%2 == 1 {
			typ = civ.SiteCemetery
		}
		p.ServiceSites = append(p.ServiceSites, civ.ServiceSite{
			ID: fmt.Sprintf("S%03d", i), Province: civ.Hebei, Type: typ, Name: fmt.Sprintf("站点%d", i),
			RegionCode: []string{"130408", "130102"}[i%2], UpdatedAt: time.Date(2024, 1, 1+i, 0, 0, 0, 0, time.UTC),
		})
	}
	return dataset.New(map[civ.ProvinceCode]*dataset.Province{civ.Hebei: p})
}

func TestValidation(t *testing.T) {
	h := hebei.New(sites(30), hebei.Options{})
	cases := []struct {
		name, method, path, key, query string
		wantCode                       int
	}{
		{"ok", http.MethodGet, hebei.PathServiceSites, hebei.DemoAppKey, "pageNum=1&pageSize=10", hebei.CodeOK},
		{"defaults", http.MethodGet, hebei.PathServiceSites, hebei.DemoAppKey, "", hebei.CodeOK},
		{"no key", http.MethodGet, hebei.PathServiceSites, "", "pageNum=1", hebei.CodeBadAppKey},
		{"wrong key", http.MethodGet, hebei.PathServiceSites, "nope", "pageNum=1", hebei.CodeBadAppKey},
		{"page size too large", http.MethodGet, hebei.PathServiceSites, hebei.DemoAppKey, "pageSize=101", hebei.CodeBadParam},
		{"page size zero", http.MethodGet, hebei.PathServiceSites, hebei.DemoAppKey, "pageSize=0", hebei.CodeBadParam},
		{"page zero", http.MethodGet, hebei.PathServiceSites, hebei.DemoAppKey, "pageNum=0", hebei.CodeBadParam},
		{"page negative", http.MethodGet, hebei.PathServiceSites, hebei.DemoAppKey, "pageNum=-2", hebei.CodeBadParam},
		{"page huge", http.MethodGet, hebei.PathServiceSites, hebei.DemoAppKey, "pageNum=99999999999", hebei.CodeBadParam},
		{"page not a number", http.MethodGet, hebei.PathServiceSites, hebei.DemoAppKey, "pageNum=x", hebei.CodeBadParam},
		{"slashed date", http.MethodGet, hebei.PathServiceSites, hebei.DemoAppKey, "kssj=2024/03/01", hebei.CodeBadParam},
		{"end date with a time", http.MethodGet, hebei.PathServiceSites, hebei.DemoAppKey, "jssj=2024-03-01+00:00:00", hebei.CodeBadParam},
		{"unknown domain code", http.MethodGet, hebei.PathTasks, hebei.DemoAppKey, "ywly=SOCIAL_ASSISTANCE", hebei.CodeBadParam},
		{"unknown site type code", http.MethodGet, hebei.PathServiceSites, hebei.DemoAppKey, "cslx=MEAL_POINT", hebei.CodeBadParam},
		{"region not digits", http.MethodGet, hebei.PathServiceSites, hebei.DemoAppKey, "xzqh=邯郸", hebei.CodeBadParam},
		{"too many ids", http.MethodGet, hebei.PathServiceSites, hebei.DemoAppKey, "ids=" + strings.Repeat("S001,", 100) + "S002", hebei.CodeBadParam},
		{"empty id in a list", http.MethodGet, hebei.PathServiceSites, hebei.DemoAppKey, "ids=S001,,S002", hebei.CodeBadParam},
		{"unknown path", http.MethodGet, "/api/v1/xx/list", hebei.DemoAppKey, "", hebei.CodeBadParam},
		{"POST", http.MethodPost, hebei.PathServiceSites, hebei.DemoAppKey, "", hebei.CodeBadParam},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := get(t, h, tc.method, tc.path, tc.query, tc.key)
			if a.Code != tc.wantCode {
				t.Fatalf("code %d (%s), want %d", a.Code, a.Msg, tc.wantCode)
			}
			if tc.wantCode != hebei.CodeOK && (a.Data != nil || a.Msg == "") {
				t.Fatalf("an error must carry a message and no data: %+v", a)
			}
			if tc.wantCode == hebei.CodeOK && (a.Data == nil || a.Data.Total != 30) {
				t.Fatalf("no data in a successful answer: %+v", a)
			}
		})
	}
}

func TestPagingAndFilters(t *testing.T) {
	h := hebei.New(sites(30), hebei.Options{})
	cases := []struct {
		name      string
		query     url.Values
		wantTotal int
		wantIDs   []string
	}{
		{"first page", url.Values{"pageSize": {"4"}}, 30, []string{"S000", "S001", "S002", "S003"}},
		{"last, short page", url.Values{"pageNum": {"4"}, "pageSize": {"8"}}, 30, []string{"S024", "S025", "S026", "S027", "S028", "S029"}},
		{"past the end", url.Values{"pageNum": {"9"}, "pageSize": {"8"}}, 30, nil},
		{"site type code", url.Values{"cslx": {"GM"}, "pageSize": {"2"}}, 15, []string{"S001", "S003"}},
		{"domain code", url.Values{"ywly": {"LNZC"}, "pageSize": {"1"}}, 15, []string{"S000"}},
		{"region prefix", url.Values{"xzqh": {"130100"}, "pageSize": {"1"}}, 15, []string{"S001"}},
		{"update date range", url.Values{"kssj": {"2024-01-03"}, "jssj": {"2024-01-04"}}, 2, []string{"S002", "S003"}},
		{"keyword", url.Values{"gjz": {"站点2"}, "pageSize": {"3"}}, 11, []string{"S002", "S020", "S021"}},
		{"id", url.Values{"id": {"S017"}}, 1, []string{"S017"}},
		{"ids", url.Values{"ids": {"S017,S003,nope"}}, 2, []string{"S003", "S017"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := get(t, h, http.MethodGet, hebei.PathServiceSites, tc.query.Encode(), hebei.DemoAppKey)
			if a.Code != hebei.CodeOK {
				t.Fatalf("code %d: %s", a.Code, a.Msg)
			}
			var ids []string
			for _, row := range a.Data.List {
				ids = append(ids, row["id"].(string))
			}
			if a.Data.Total != tc.wantTotal || fmt.Sprint(ids) != fmt.Sprint(tc.wantIDs) {
				t.Fatalf("total %d ids %v, want %d %v", a.Data.Total, ids, tc.wantTotal, tc.wantIDs)
			}
		})
	}
}

// TestWireForm pins the wire form of the seed meeting: flat pinyin fields,
// an unknown date with its wording, and CST times.
func TestWireForm(t *testing.T) {
	ds, err := dataset.Load(dataset.Options{SampleSitesPerProvince: -1})
	if err != nil {
		t.Fatal(err)
	}
	a := get(t, hebei.New(ds, hebei.Options{}), http.MethodGet, hebei.PathMeetings, "id=HEB-MTG-2024-001", hebei.DemoAppKey)
	if a.Data == nil || len(a.Data.List) != 1 {
		t.Fatalf("want the seed meeting, got %+v", a)
	}
	m := a.Data.List[0]
	want := map[string]any{"hymc": "2024年河北省社会救助工作会议", "hylx": "GZHY", "hysj": "", "hysjjqd": "U", "hysjms": "日前",
		"xzqh": "130408", "hydd": "河北邯郸永年", "zbdw": "", "gxsj": ""}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %#v, want %#v", k, m[k], v)
		}
	}
	if ywly, _ := m["ywly"].([]any); len(ywly) != 1 || ywly[0] != "SHJZ" {
		t.Errorf("ywly = %#v, want [SHJZ]", m["ywly"])
	}
}

func TestFaultsAndClock(t *testing.T) {
	now := time.Date(2024, 3, 21, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	t.Run("busy every third request", func(t *testing.T) {
		h := hebei.New(sites(3), hebei.Options{BusyEvery: 3, Now: clock})
		var codes []int
		for range 6 {
			codes = append(codes, get(t, h, http.MethodGet, hebei.PathServiceSites, "", hebei.DemoAppKey).Code)
		}
		if fmt.Sprint(codes) != fmt.Sprint([]int{0, 0, 5003, 0, 0, 5003}) {
			t.Fatalf("codes %v", codes)
		}
	})
	t.Run("fault function", func(t *testing.T) {
		var seen []int
		h := hebei.New(sites(3), hebei.Options{Fault: func(n int) int { seen = append(seen, n); return hebei.CodeInternal }})
		if a := get(t, h, http.MethodGet, hebei.PathTasks, "", hebei.DemoAppKey); a.Code != hebei.CodeInternal {
			t.Fatalf("code %d, want %d", a.Code, hebei.CodeInternal)
		}
		// Unauthenticated requests are refused before faults are drawn.
		if a := get(t, h, http.MethodGet, hebei.PathTasks, "", ""); a.Code != hebei.CodeBadAppKey {
			t.Fatalf("code %d, want %d", a.Code, hebei.CodeBadAppKey)
		}
		if fmt.Sprint(seen) != "[1]" {
			t.Fatalf("fault asked for requests %v, want [1]", seen)
		}
	})
	t.Run("timestamp from the clock", func(t *testing.T) {
		a := get(t, hebei.New(sites(1), hebei.Options{Now: clock}), http.MethodGet, hebei.PathMeetings, "", "")
		if a.Timestamp != now.UnixMilli() {
			t.Fatalf("timestamp %d, want %d", a.Timestamp, now.UnixMilli())
		}
	})
}
