package jiangsu_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	"github.com/civgraph/civgraph/internal/sampleapi/jiangsu"
)

var epoch = time.Date(2024, 3, 21, 9, 30, 0, 0, time.UTC) // the server's clock in these tests

type answer struct {
	status       int
	contentType  string
	Errcode      int
	Result       string
	Totalrecords int
	Data         string
}

func get(t *testing.T, h http.Handler, target, token string, edit func(*http.Request)) (answer, *httptest.ResponseRecorder) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if edit != nil {
		edit(req)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	a := answer{status: rec.Code, contentType: rec.Header().Get("Content-Type")}
	if a.contentType == "application/json; charset=utf-8" {
		if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
			t.Fatalf("body %q is not the envelope: %v", rec.Body, err)
		}
	}
	return a, rec
}

func load(t *testing.T) *dataset.Dataset {
	t.Helper()
	ds, err := dataset.Load(dataset.Options{SampleSitesPerProvince: 30})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func TestValidation(t *testing.T) {
	h := jiangsu.New(load(t), jiangsu.Options{Now: func() time.Time { return epoch }})
	const api = "/opendata/api?"
	for _, c := range []struct {
		name, token, query string
		want               int
	}{
		{"ok", jiangsu.DemoToken, "resid=mz_task&page=1&rows=10", jiangsu.ErrOK},
		{"every filter", jiangsu.DemoToken, "resid=mz_task&page=1&rows=10&id=JS-TASK-005&start_date=20240101&end_date=20241231&field=FUNERAL_MANAGEMENT&region_code=320000&keyword=%E6%B8%85%E6%98%8E&origin_id=JS-MTG-2024-001&sample=0", jiangsu.ErrOK},
		{"no token", "", "resid=mz_task&page=1&rows=10", jiangsu.ErrBadToken},
		{"bad token", "x", "resid=mz_task&page=1&rows=10", jiangsu.ErrBadToken},
		{"rows over 100", jiangsu.DemoToken, "resid=mz_task&page=1&rows=101", jiangsu.ErrBadParams},
		{"rows zero", jiangsu.DemoToken, "resid=mz_task&page=1&rows=0", jiangsu.ErrBadParams},
		{"no page", jiangsu.DemoToken, "resid=mz_task&rows=10", jiangsu.ErrBadParams},
		{"page zero", jiangsu.DemoToken, "resid=mz_task&page=0&rows=10", jiangsu.ErrBadParams},
		{"page not a number", jiangsu.DemoToken, "resid=mz_task&page=one&rows=10", jiangsu.ErrBadParams},
		{"page too large", jiangsu.DemoToken, "resid=mz_task&page=1000001&rows=10", jiangsu.ErrBadParams},
		{"unknown resource", jiangsu.DemoToken, "resid=nope&page=1&rows=10", jiangsu.ErrBadParams},
		{"iso date", jiangsu.DemoToken, "resid=mz_task&page=1&rows=10&start_date=2024-03-01", jiangsu.ErrBadParams},
		{"impossible date", jiangsu.DemoToken, "resid=mz_task&page=1&rows=10&end_date=20240231", jiangsu.ErrBadParams},
		{"unknown field", jiangsu.DemoToken, "resid=mz_task&page=1&rows=10&field=GAMBLING", jiangsu.ErrBadParams},
		{"unknown site type", jiangsu.DemoToken, "resid=mz_task&page=1&rows=10&site_type=CASINO", jiangsu.ErrBadParams},
		{"letters in region", jiangsu.DemoToken, "resid=mz_task&page=1&rows=10&region_code=32ab", jiangsu.ErrBadParams},
		{"sample flag not 0 or 1", jiangsu.DemoToken, "resid=mz_task&page=1&rows=10&sample=yes", jiangsu.ErrBadParams},
		{"unknown parameter", jiangsu.DemoToken, "resid=mz_task&page=1&rows=10&keywrod=x", jiangsu.ErrBadParams},
		{"repeated parameter", jiangsu.DemoToken, "resid=mz_task&page=1&page=2&rows=10", jiangsu.ErrBadParams},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, _ := get(t, h, api+c.query, c.token, nil)
			if a.status != http.StatusOK {
				t.Fatalf("HTTP %d: errors must come inside HTTP 200 envelopes", a.status)
			}
			if a.Errcode != c.want {
				t.Fatalf("errcode %d (%s), want %d", a.Errcode, a.Result, c.want)
			}
			if c.want != jiangsu.ErrOK {
				if a.Data != "" || a.Result == "" {
					t.Fatalf("an error must say why and carry no data: %+v", a)
				}
				return
			}
			var rows []json.RawMessage
			if err := json.Unmarshal([]byte(a.Data), &rows); err != nil || len(rows) == 0 || a.Totalrecords < len(rows) {
				t.Fatalf("data must be a non-empty JSON array inside a string: %q (total %d)", a.Data, a.Totalrecords)
			}
		})
	}
}

// TestPaging: pages follow dataset order, and the total counts all matches.
func TestPaging(t *testing.T) {
	var tasks []civ.Task
	for i := range 25 {
		tasks = append(tasks, civ.Task{ID: string(rune('A' + i)), Province: civ.Jiangsu, Title: "任务", Domain: civ.DomainElderlyCare, OriginKind: civ.OriginMeeting})
	}
	ds := dataset.New(map[civ.ProvinceCode]*dataset.Province{civ.Jiangsu: {Tasks: tasks}})
	h := jiangsu.New(ds, jiangsu.Options{})
	for page, want := range map[string][]string{"1": {"A", "B", "C", "D", "E", "F", "G", "H", "I", "J"}, "3": {"U", "V", "W", "X", "Y"}, "4": nil} {
		a, _ := get(t, h, "/opendata/api?resid=mz_task&rows=10&page="+page, jiangsu.DemoToken, nil)
		var rows []struct {
			ID string `json:"task_id"`
		}
		if err := json.Unmarshal([]byte(a.Data), &rows); err != nil || a.Totalrecords != 25 || len(rows) != len(want) {
			t.Fatalf("page %s: %d rows, total %d, err %v", page, len(rows), a.Totalrecords, err)
		}
		for i, r := range rows {
			if r.ID != want[i] {
				t.Fatalf("page %s row %d is %s, want %s", page, i, r.ID, want[i])
			}
		}
	}
}

func TestFaults(t *testing.T) {
	for _, c := range []struct {
		name   string
		fault  jiangsu.Fault
		status int
		code   int
	}{
		{"rate limited", jiangsu.FaultRateLimited, http.StatusOK, jiangsu.ErrRateLimited},
		{"internal", jiangsu.FaultInternal, http.StatusOK, jiangsu.ErrInternal},
		{"bad gateway", jiangsu.FaultBadGateway, http.StatusBadGateway, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			// Fault on the 2nd request only: the 1st and 3rd serve data.
			h := jiangsu.New(load(t), jiangsu.Options{Fault: func(n int) jiangsu.Fault {
				return map[bool]jiangsu.Fault{true: c.fault}[n == 2]
			}})
			for i, want := range []int{jiangsu.ErrOK, c.code, jiangsu.ErrOK} {
				a, _ := get(t, h, "/opendata/api?resid=mz_task&page=1&rows=5", jiangsu.DemoToken, nil)
				if i == 1 && a.status != c.status {
					t.Fatalf("request %d: HTTP %d, want %d", i+1, a.status, c.status)
				}
				if a.status == http.StatusOK && a.Errcode != want {
					t.Fatalf("request %d: errcode %d, want %d", i+1, a.Errcode, want)
				}
			}
		})
	}
	t.Run("rate limit every", func(t *testing.T) {
		h := jiangsu.New(load(t), jiangsu.Options{RateLimitEvery: 3})
		var limited int
		for range 9 {
			if a, _ := get(t, h, "/opendata/api?resid=mz_task&page=1&rows=5", jiangsu.DemoToken, nil); a.Errcode == jiangsu.ErrRateLimited {
				limited++
			}
		}
		if limited != 3 {
			t.Fatalf("%d of 9 requests rate limited, want 3", limited)
		}
	})
	t.Run("bad token is not counted", func(t *testing.T) {
		h := jiangsu.New(load(t), jiangsu.Options{RateLimitEvery: 1})
		if a, _ := get(t, h, "/opendata/api?resid=mz_task&page=1&rows=5", "x", nil); a.Errcode != jiangsu.ErrBadToken {
			t.Fatalf("errcode %d, want the token refused before any fault", a.Errcode)
		}
	})
}

func TestBulkFile(t *testing.T) {
	h := jiangsu.New(load(t), jiangsu.Options{Now: func() time.Time { return epoch }})
	first, rec := get(t, h, jiangsu.BulkSitesPath, jiangsu.DemoToken, nil)
	etag := rec.Header().Get("ETag")
	if first.status != http.StatusOK || first.contentType != "text/csv; charset=GB18030" || rec.Body.Len() == 0 {
		t.Fatalf("HTTP %d %q, %d bytes", first.status, first.contentType, rec.Body.Len())
	}
	if len(etag) < 3 || etag[0] != '"' || etag[len(etag)-1] != '"' {
		t.Fatalf("ETag %q is not a strong entity tag", etag)
	}
	if lm := rec.Header().Get("Last-Modified"); lm != epoch.Format(http.TimeFormat) {
		t.Fatalf("Last-Modified %q, want the clock's %q", lm, epoch.Format(http.TimeFormat))
	}
	for _, c := range []struct {
		name, ifNoneMatch string
		want              int
	}{
		{"same tag", etag, http.StatusNotModified},
		{"weak form of the tag", "W/" + etag, http.StatusNotModified},
		{"tag in a list", `"other", ` + etag, http.StatusNotModified},
		{"any", "*", http.StatusNotModified},
		{"other tag", `"other"`, http.StatusOK},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, rec := get(t, h, jiangsu.BulkSitesPath, jiangsu.DemoToken, func(r *http.Request) { r.Header.Set("If-None-Match", c.ifNoneMatch) })
			if a.status != c.want || rec.Header().Get("ETag") != etag {
				t.Fatalf("HTTP %d ETag %q, want %d with %q", a.status, rec.Header().Get("ETag"), c.want, etag)
			}
			if c.want == http.StatusNotModified && rec.Body.Len() != 0 {
				t.Fatal("a 304 must have no body")
			}
		})
	}
	t.Run("bad token", func(t *testing.T) {
		a, _ := get(t, h, jiangsu.BulkSitesPath, "x", nil)
		if a.status != http.StatusOK || a.Errcode != jiangsu.ErrBadToken {
			t.Fatalf("HTTP %d errcode %d, want the JSON envelope with %d", a.status, a.Errcode, jiangsu.ErrBadToken)
		}
	})
	t.Run("post is refused", func(t *testing.T) {
		req := httptest.NewRequest(http.MethodPost, jiangsu.BulkSitesPath, nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusMethodNotAllowed {
			t.Fatalf("HTTP %d, want 405", rec.Code)
		}
	})
}
