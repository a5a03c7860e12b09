package jiangsu_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"civgraph/civ"
	"civgraph/connectors"
	"civgraph/connectors/cache"
	"civgraph/connectors/jiangsu"
	"civgraph/connectors/sourcetest"
	"civgraph/connectors/upstream"
	"civgraph/upstreams/dataset"
	upstreamjiangsu "civgraph/upstreams/jiangsu"
)

var fastRetries = upstream.Config{RetryMax: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond}

func start(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func newClient(t *testing.T, url string, policy cache.Policy) *jiangsu.Client {
	t.Helper()
	c, err := jiangsu.New(jiangsu.Config{BaseURL: url, BearerToken: upstreamjiangsu.DemoToken, HTTP: fastRetries, Cache: policy})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func code(err error) connectors.Code {
	if ue, ok := connectors.AsUpstreamError(err); ok {
		return ue.Code
	}
	return ""
}

// counter counts requests by whether they carried If-None-Match and by
// the status answered.
type counter struct {
	h                  http.Handler
	requests, notModif atomic.Int32
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) { s.status = code; s.ResponseWriter.WriteHeader(code) }

func (c *counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.requests.Add(1)
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	c.h.ServeHTTP(rec, r)
	if rec.status == http.StatusNotModified {
		c.notModif.Add(1)
	}
}

func TestConformance(t *testing.T) {
	sourcetest.Run(t, func(t *testing.T, ds *dataset.Dataset) connectors.Source {
		return newClient(t, start(t, upstreamjiangsu.New(ds, upstreamjiangsu.Options{})), cache.Policy{})
	})
}

func TestGB18030RoundTrip(t *testing.T) {
	names := []string{"𠀀字（四字节）社区食堂", "㐀扩展A区，含\"引号\"与逗号", "东台市婚姻登记中心"}
	var sites []civ.ServiceSite
	for i, n := range names {
		sites = append(sites, civ.ServiceSite{ID: string(rune('a' + i)), Province: civ.Jiangsu, Type: civ.SiteMarriageRegistry, Name: n, Address: n})
	}
	ds := dataset.New(map[civ.ProvinceCode]*dataset.Province{civ.Jiangsu: {ServiceSites: sites}})
	url := start(t, upstreamjiangsu.New(ds, upstreamjiangsu.Options{}))
	// The file really is GB18030, not UTF-8.
	req, _ := http.NewRequest(http.MethodGet, url+upstreamjiangsu.BulkSitesPath, nil)
	req.Header.Set("Authorization", "Bearer "+upstreamjiangsu.DemoToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if _, err := simplifiedchinese.GB18030.NewEncoder().String(names[0]); err != nil {
		t.Fatal(err)
	}
	res, err := newClient(t, url, cache.Policy{}).ServiceSites(context.Background(), connectors.Query{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range res.Items {
		if s.Name != names[i] || s.Address != names[i] {
			t.Errorf("site %d: name %q, want %q", i, s.Name, names[i])
		}
	}
}

func TestBulkFileRevalidatesWithETag(t *testing.T) {
	ds, _ := dataset.Load(dataset.Options{SampleSitesPerProvince: 50})
	cnt := &counter{h: upstreamjiangsu.New(ds, upstreamjiangsu.Options{})}
	c := newClient(t, start(t, cnt), cache.Policy{}) // TTL 0: revalidate on every call
	for range 3 {
		if _, err := c.ServiceSites(context.Background(), connectors.Query{Limit: 5}); err != nil {
			t.Fatal(err)
		}
	}
	if cnt.requests.Load() != 3 || cnt.notModif.Load() != 2 {
		t.Fatalf("%d requests, %d answered 304; want 1 download then 2 conditional GETs answered 304", cnt.requests.Load(), cnt.notModif.Load())
	}
	fresh := newClient(t, start(t, cnt), cache.Policy{TTL: time.Minute})
	for range 3 {
		if _, err := fresh.ServiceSites(context.Background(), connectors.Query{Limit: 5}); err != nil {
			t.Fatal(err)
		}
	}
	if cnt.requests.Load() != 4 {
		t.Fatalf("within the TTL the snapshot must be reused: %d requests", cnt.requests.Load())
	}
}

func TestStaleSnapshotWhenPortalFails(t *testing.T) {
	ds, _ := dataset.Load(dataset.Options{SampleSitesPerProvince: 10})
	var down atomic.Bool
	h := upstreamjiangsu.New(ds, upstreamjiangsu.Options{})
	url := start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		h.ServeHTTP(w, r)
	}))
	c := newClient(t, url, cache.Policy{TTL: time.Nanosecond, StaleGrace: time.Hour})
	if _, err := c.ServiceSites(context.Background(), connectors.Query{Limit: 5}); err != nil {
		t.Fatal(err)
	}
	down.Store(true)
	res, err := c.ServiceSites(context.Background(), connectors.Query{Limit: 5})
	if err != nil || !res.Meta.Stale || len(res.Items) != 5 {
		t.Fatalf("err %v, stale %v, %d items; want the old snapshot flagged stale", err, res.Meta.Stale, len(res.Items))
	}
}

func TestRateLimitIsRetried(t *testing.T) {
	ds, _ := dataset.Load(dataset.Options{SampleSitesPerProvince: 1})
	var n atomic.Int32
	h := upstreamjiangsu.New(ds, upstreamjiangsu.Options{RateLimitEvery: 2})
	url := start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { n.Add(1); h.ServeHTTP(w, r) }))
	c := newClient(t, url, cache.Policy{})
	for range 2 {
		if _, err := c.Tasks(context.Background(), connectors.Query{Limit: 3}); err != nil {
			t.Fatalf("errcode 10004 must be retried: %v", err)
		}
	}
	if n.Load() != 3 {
		t.Fatalf("%d requests for 2 calls, want 3 (one retry)", n.Load())
	}
	always := newClient(t, start(t, upstreamjiangsu.New(ds, upstreamjiangsu.Options{RateLimitEvery: 1})), cache.Policy{})
	if _, err := always.Tasks(context.Background(), connectors.Query{Limit: 3}); code(err) != connectors.CodeRateLimited {
		t.Fatalf("err = %v, want SOURCE_RATE_LIMITED", err)
	}
}

func TestWrongToken(t *testing.T) {
	ds, _ := dataset.Load(dataset.Options{SampleSitesPerProvince: 1})
	url := start(t, upstreamjiangsu.New(ds, upstreamjiangsu.Options{}))
	c, _ := jiangsu.New(jiangsu.Config{BaseURL: url, BearerToken: "wrong", HTTP: fastRetries})
	if _, err := c.Meetings(context.Background(), connectors.Query{Limit: 1}); code(err) != connectors.CodeAuth {
		t.Fatalf("api: err = %v, want SOURCE_AUTH_FAILED", err)
	}
	if _, err := c.ServiceSites(context.Background(), connectors.Query{Limit: 1}); code(err) != connectors.CodeAuth {
		t.Fatalf("bulk: err = %v, want SOURCE_AUTH_FAILED", err)
	}
}

func TestDateForms(t *testing.T) {
	cases := []struct {
		value, want, precision string
		ok                     bool
	}{
		{"20240321", "2024-03-21", "DAY", true},
		{"202403", "2024-03-01", "MONTH", true},
		{"2024", "2024-01-01", "YEAR", true},
		{"", "0001-01-01", "UNKNOWN", true},
		{"2024-03-21", "", "", false},
		{"20240231", "", "", false},
	}
	for _, c := range cases {
		t.Run(c.value, func(t *testing.T) {
			data := `[{"meeting_id":"m","meeting_name":"n","meeting_type":"WORK_CONFERENCE","meeting_date":{"value":"` + c.value + `"}}]`
			body := `{"errcode":0,"result":"success","totalrecords":1,"data":` + strconv.Quote(data) + `}`
			url := start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(body)) }))
			res, err := newClient(t, url, cache.Policy{}).Meetings(context.Background(), connectors.Query{Limit: 1})
			if !c.ok {
				if code(err) != connectors.CodeBadResponse {
					t.Fatalf("err = %v, want SOURCE_BAD_RESPONSE", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := res.Items[0].Date; d.Date.Format(time.DateOnly) != c.want || string(d.Precision) != c.precision {
				t.Fatalf("date = %+v", d)
			}
		})
	}
}

func TestMalformed(t *testing.T) {
	gb := func(s string) string { out, _ := simplifiedchinese.GB18030.NewEncoder().String(s); return out }
	header := "site_id,site_type,name,address,region_code,lng,lat,capacity,phone,opening_hours,update_time,sample,source\n"
	cases := map[string]struct {
		path, body string
	}{
		"data not a string":     {"/opendata/api", `{"errcode":0,"totalrecords":1,"data":[1]}`},
		"data string not array": {"/opendata/api", `{"errcode":0,"totalrecords":1,"data":"{}"}`},
		"no errcode":            {"/opendata/api", `{"data":"[]"}`},
		"csv bad header":        {"/opendata/bulk/service_sites.csv", gb("id,name\n1,x\n")},
		"csv bad type":          {"/opendata/bulk/service_sites.csv", gb(header + "a,CASINO,名,址,320000,,,,,,,0,s\n")},
		"csv bad sample flag":   {"/opendata/bulk/service_sites.csv", gb(header + "a,CEMETERY,名,址,320000,,,,,,,yes,s\n")},
		"csv short row":         {"/opendata/bulk/service_sites.csv", gb(header + "a,CEMETERY\n")},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			url := start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(c.body)) }))
			cl := newClient(t, url, cache.Policy{})
			var err error
			if c.path == "/opendata/api" {
				_, err = cl.Tasks(context.Background(), connectors.Query{Limit: 1})
			} else {
				_, err = cl.ServiceSites(context.Background(), connectors.Query{Limit: 1})
			}
			if code(err) != connectors.CodeBadResponse {
				t.Fatalf("err = %v, want SOURCE_BAD_RESPONSE", err)
			}
		})
	}
}
