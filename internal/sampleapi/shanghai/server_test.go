package shanghai_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/geo"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	"github.com/civgraph/civgraph/internal/sampleapi/shanghai"
)

// answer is an exchange as a client sees it, with data decoded twice.
type answer struct {
	Status     int
	RetryAfter string
	Code       string
	Message    string
	State      bool
	Total      int
	Rows       []map[string]any
}

// post sends body to path with token and decodes the envelope and the
// JSON string inside it.
func post(t *testing.T, h http.Handler, method, path, token, body string) answer {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("token", token)
	}
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var env struct{ Code, Message, Data string }
	if err := json.Unmarshal(rec.Body.Bytes(), &env); err != nil {
		t.Fatalf("HTTP %d %s: every answer must be the JSON envelope", rec.Code, rec.Body)
	}
	a := answer{Status: rec.Code, RetryAfter: rec.Header().Get("Retry-After"), Code: env.Code, Message: env.Message}
	if env.Code != shanghai.CodeOK {
		if env.Data != "" {
			t.Fatalf("an error answer carries data %q", env.Data)
		}
		return a
	}
	var in struct {
		State bool
		Total int
		Data  []map[string]any
	}
	if err := json.Unmarshal([]byte(env.Data), &in); err != nil {
		t.Fatalf("data must be a JSON string of {state,total,data}: %q: %v", env.Data, err)
	}
	a.State, a.Total, a.Rows = in.State, in.Total, in.Data
	return a
}

// sites is a dataset of n Shanghai sites alternating meal points and
// canteens, each on its own day of 2024.
func sites(n int) *dataset.Dataset {
	p := &dataset.Province{}
	for i := range n {
		typ := civ.SiteMealPoint
		if i%2 == 1 {
			typ = civ.SiteCommunityCanteen
		}
		p.ServiceSites = append(p.ServiceSites, civ.ServiceSite{
			ID: fmt.Sprintf("S%03d", i), Province: civ.Shanghai, Type: typ, Name: fmt.Sprintf("站点%d", i),
			RegionCode: []string{"310101", "310115"}[i%2], UpdatedAt: time.Date(2024, 1, 1+i, 0, 0, 0, 0, time.UTC),
			Location: &civ.GeoPoint{Lat: 31.2 + float64(i)/1000, Lng: 121.4 + float64(i)/1000},
		})
	}
	return dataset.New(map[civ.ProvinceCode]*dataset.Province{civ.Shanghai: p})
}

// ms is the epoch ms of 00:00 China time on a day.
func ms(y int, m time.Month, d int) int64 {
	return time.Date(y, m, d, 0, 0, 0, 0, time.FixedZone("CST", 8*3600)).UnixMilli()
}

func TestValidation(t *testing.T) {
	h := shanghai.New(sites(30), shanghai.Options{})
	ok := shanghai.DemoToken
	cases := []struct {
		name, method, path, token, body string
		wantStatus                      int
		wantCode                        string
		wantTotal                       int
	}{
		{"ok", http.MethodPost, shanghai.PathServiceSites, ok, `{"limit":10,"offset":0}`, 200, shanghai.CodeOK, 30},
		{"empty body means defaults", http.MethodPost, shanghai.PathServiceSites, ok, ``, 200, shanghai.CodeOK, 30},
		{"filters", http.MethodPost, shanghai.PathServiceSites, ok,
			fmt.Sprintf(`{"orgType":2015,"areaCode":"310115","startTime":%d,"endTime":%d}`, ms(2024, 1, 1), ms(2024, 1, 10)), 200, shanghai.CodeOK, 5},
		{"no token", http.MethodPost, shanghai.PathServiceSites, "", `{}`, 200, shanghai.CodeBadToken, 0},
		{"wrong token", http.MethodPost, shanghai.PathServiceSites, "ffffffffffffffffffffffffffffffff", `{}`, 200, shanghai.CodeBadToken, 0},
		{"limit over 100", http.MethodPost, shanghai.PathServiceSites, ok, `{"limit":101}`, 200, shanghai.CodeBadParams, 0},
		{"limit zero", http.MethodPost, shanghai.PathServiceSites, ok, `{"limit":0}`, 200, shanghai.CodeBadParams, 0},
		{"limit as text", http.MethodPost, shanghai.PathServiceSites, ok, `{"limit":"10"}`, 200, shanghai.CodeBadParams, 0},
		{"negative offset", http.MethodPost, shanghai.PathServiceSites, ok, `{"offset":-1}`, 200, shanghai.CodeBadParams, 0},
		{"unknown field", http.MethodPost, shanghai.PathServiceSites, ok, `{"colour":"red"}`, 200, shanghai.CodeBadParams, 0},
		{"two objects", http.MethodPost, shanghai.PathServiceSites, ok, `{}{}`, 200, shanghai.CodeBadParams, 0},
		{"not json", http.MethodPost, shanghai.PathServiceSites, ok, `limit=10`, 200, shanghai.CodeBadParams, 0},
		{"unknown org type", http.MethodPost, shanghai.PathServiceSites, ok, `{"orgType":1234}`, 200, shanghai.CodeBadParams, 0},
		{"unknown business type", http.MethodPost, shanghai.PathTasks, ok, `{"businessType":42}`, 200, shanghai.CodeBadParams, 0},
		{"area code with letters", http.MethodPost, shanghai.PathServiceSites, ok, `{"areaCode":"31ab"}`, 200, shanghai.CodeBadParams, 0},
		{"start time as a date string", http.MethodPost, shanghai.PathServiceSites, ok, `{"startTime":"2024-03-01"}`, 200, shanghai.CodeBadParams, 0},
		{"end time absurd", http.MethodPost, shanghai.PathServiceSites, ok, `{"endTime":99999999999999}`, 200, shanghai.CodeBadParams, 0},
		{"fractional time", http.MethodPost, shanghai.PathServiceSites, ok, `{"endTime":1.5}`, 200, shanghai.CodeBadParams, 0},
		{"unknown interface", http.MethodPost, "/interface/XXXX/1", ok, `{}`, 200, shanghai.CodeNoInterface, 0},
		{"GET", http.MethodGet, shanghai.PathServiceSites, ok, ``, 405, shanghai.CodeBadParams, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := post(t, h, c.method, c.path, c.token, c.body)
			if a.Status != c.wantStatus || a.Code != c.wantCode {
				t.Fatalf("HTTP %d code %s (%s), want HTTP %d code %s", a.Status, a.Code, a.Message, c.wantStatus, c.wantCode)
			}
			if c.wantCode == shanghai.CodeOK && (!a.State || a.Total != c.wantTotal) {
				t.Fatalf("state %v total %d, want true and %d", a.State, a.Total, c.wantTotal)
			}
		})
	}
}

func TestPaging(t *testing.T) {
	h := shanghai.New(sites(130), shanghai.Options{})
	cases := []struct {
		body      string
		wantFirst string
		wantRows  int
	}{
		{`{}`, "S000", shanghai.DefaultLimit},
		{`{"limit":100,"offset":0}`, "S000", 100},
		{`{"limit":100,"offset":100}`, "S100", 30},
		{`{"limit":7,"offset":63}`, "S063", 7},
		{`{"limit":10,"offset":500}`, "", 0},
	}
	for _, c := range cases {
		t.Run(c.body, func(t *testing.T) {
			a := post(t, h, http.MethodPost, shanghai.PathServiceSites, shanghai.DemoToken, c.body)
			if a.Code != shanghai.CodeOK || a.Total != 130 || len(a.Rows) != c.wantRows {
				t.Fatalf("code %s total %d rows %d; want total 130 and %d rows", a.Code, a.Total, len(a.Rows), c.wantRows)
			}
			if c.wantRows > 0 && a.Rows[0]["id"] != c.wantFirst {
				t.Fatalf("first row %v, want %s (dataset order)", a.Rows[0]["id"], c.wantFirst)
			}
		})
	}
}

// TestWireForm checks the platform's own forms: GCJ-02 coordinates, epoch
// ms times, numeric codes, dates with precision and wording.
func TestWireForm(t *testing.T) {
	ds, err := dataset.Load(dataset.Options{SampleSitesPerProvince: 3})
	if err != nil {
		t.Fatal(err)
	}
	h := shanghai.New(ds, shanghai.Options{})
	t.Run("site", func(t *testing.T) {
		truth := sites(1).Province(civ.Shanghai).ServiceSites[0]
		a := post(t, shanghai.New(sites(1), shanghai.Options{}), http.MethodPost, shanghai.PathServiceSites, shanghai.DemoToken, `{}`)
		row := a.Rows[0]
		got := civ.GeoPoint{Lat: row["lat"].(float64), Lng: row["lng"].(float64)}
		if want := geo.WGS84ToGCJ02(*truth.Location); geo.Distance(got, want) > 0.01 {
			t.Fatalf("wire point %v, want the GCJ-02 %v", got, want)
		}
		if d := geo.Distance(got, *truth.Location); d < 100 {
			t.Fatalf("wire point only %.0f m from WGS-84: not shifted", d)
		}
		if row["orgType"] != float64(2014) || row["updateTime"] != float64(truth.UpdatedAt.UnixMilli()) {
			t.Fatalf("orgType %v updateTime %v", row["orgType"], row["updateTime"])
		}
	})
	t.Run("policy document", func(t *testing.T) {
		a := post(t, h, http.MethodPost, shanghai.PathPolicyDocuments, shanghai.DemoToken, `{}`)
		if a.Total != len(ds.Province(civ.Shanghai).PolicyDocuments) || a.Total == 0 {
			t.Fatalf("total %d", a.Total)
		}
		issued := a.Rows[0]["issueDate"].(map[string]any)
		if issued["precision"] != float64(9) || issued["text"] != "日前" || issued["time"] != nil {
			t.Fatalf("issueDate %v, want precision 9 (不详), text 日前 and no time", issued)
		}
	})
	t.Run("task deadline", func(t *testing.T) {
		a := post(t, h, http.MethodPost, shanghai.PathTasks, shanghai.DemoToken, `{"id":"SH-TASK-001"}`)
		if a.Total != 1 {
			t.Fatalf("total %d", a.Total)
		}
		due := a.Rows[0]["deadline"].(map[string]any)
		if due["precision"] != float64(1) || due["time"] != float64(ms(2025, 1, 1)) || due["text"] != "至2025年年末" {
			t.Fatalf("deadline %v, want precision 1 (年) at 2025-01-01 00:00 CST, text 至2025年年末", due)
		}
		if n := len(a.Rows[0]["targets"].([]any)); n != 3 {
			t.Fatalf("%d targets, want 3", n)
		}
	})
}

func TestFaults(t *testing.T) {
	cases := []struct {
		fault          shanghai.Fault
		wantStatus     int
		wantCode       string
		wantRetryAfter string
	}{
		{shanghai.FaultRateLimited, http.StatusTooManyRequests, shanghai.CodeRateLimited, "2"},
		{shanghai.FaultBusy, http.StatusOK, shanghai.CodeBusy, ""},
		{shanghai.FaultInternal, http.StatusOK, shanghai.CodeInternal, ""},
		{shanghai.FaultUnavailable, http.StatusServiceUnavailable, shanghai.CodeInternal, ""},
	}
	for _, c := range cases {
		t.Run(c.wantCode+fmt.Sprint(c.wantStatus), func(t *testing.T) {
			h := shanghai.New(sites(3), shanghai.Options{Faults: shanghai.FaultEvery(2, c.fault), RetryAfter: 1500 * time.Millisecond})
			for i := 1; i <= 4; i++ {
				a := post(t, h, http.MethodPost, shanghai.PathServiceSites, shanghai.DemoToken, `{}`)
				if i%2 == 1 {
					if a.Code != shanghai.CodeOK {
						t.Fatalf("request %d: code %s, want data", i, a.Code)
					}
					continue
				}
				if a.Status != c.wantStatus || a.Code != c.wantCode || a.RetryAfter != c.wantRetryAfter {
					t.Fatalf("request %d: HTTP %d code %s Retry-After %q; want %d %s %q", i, a.Status, a.Code, a.RetryAfter, c.wantStatus, c.wantCode, c.wantRetryAfter)
				}
			}
		})
	}
	t.Run("an unauthenticated request draws no fault", func(t *testing.T) {
		h := shanghai.New(sites(3), shanghai.Options{Faults: shanghai.FaultEvery(1, shanghai.FaultBusy)})
		if a := post(t, h, http.MethodPost, shanghai.PathServiceSites, "bad", `{}`); a.Code != shanghai.CodeBadToken {
			t.Fatalf("code %s, want %s", a.Code, shanghai.CodeBadToken)
		}
	})
}

func TestRateLimit(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	h := shanghai.New(sites(3), shanghai.Options{RateLimit: 2, Now: clock})
	ask := func() answer { return post(t, h, http.MethodPost, shanghai.PathTasks, shanghai.DemoToken, `{}`) }
	for i := range 2 {
		if a := ask(); a.Code != shanghai.CodeOK {
			t.Fatalf("request %d within the limit: code %s", i+1, a.Code)
		}
	}
	if a := ask(); a.Status != http.StatusTooManyRequests || a.RetryAfter != "1" || a.Code != shanghai.CodeRateLimited {
		t.Fatalf("third request in a second: HTTP %d Retry-After %q code %s; want 429, 1, %s", a.Status, a.RetryAfter, a.Code, shanghai.CodeRateLimited)
	}
	mu.Lock()
	now = now.Add(time.Second)
	mu.Unlock()
	if a := ask(); a.Code != shanghai.CodeOK {
		t.Fatalf("next second: code %s, want data", a.Code)
	}
}
