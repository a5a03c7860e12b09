package gateway_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/internal/sampleapi"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	samplehebei "github.com/civgraph/civgraph/internal/sampleapi/hebei"
	sampleshanghai "github.com/civgraph/civgraph/internal/sampleapi/shanghai"
)

// faultProxy serves the sample upstreams, or a fault instead while one is
// set, and counts the calls that reach it while faulting.
type faultProxy struct {
	*httptest.Server
	fault       atomic.Pointer[func(http.ResponseWriter)]
	faultyCalls atomic.Int32
}

func startFaultProxy(t testing.TB) *faultProxy {
	t.Helper()
	ds, err := dataset.Load(dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	upstreams := sampleapi.NewHandler(ds)
	p := &faultProxy{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if f := p.fault.Load(); f != nil {
			p.faultyCalls.Add(1)
			(*f)(w)
			return
		}
		upstreams.ServeHTTP(w, r)
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *faultProxy) setFault(f func(http.ResponseWriter)) {
	if f == nil {
		p.fault.Store(nil)
		return
	}
	p.fault.Store(&f)
}

func (p *faultProxy) baseURL(c civ.ProvinceCode) string { return p.URL + sampleapi.Prefix[c] }

// proxied points province p of c (Hebei or Shanghai) at the proxy, with
// the sample upstream's demo credential, and returns its settings for the
// test to tune.
func (p *faultProxy) proxied(c *config.Config, province civ.ProvinceCode) *config.SourceConfig {
	var s *config.SourceConfig
	switch province {
	case civ.Hebei:
		c.Sources.Hebei.AppKey = config.Secret(samplehebei.DemoAppKey)
		s = &c.Sources.Hebei.SourceConfig
	case civ.Shanghai:
		c.Sources.Shanghai.Token = config.Secret(sampleshanghai.DemoToken)
		s = &c.Sources.Shanghai.SourceConfig
	default:
		panic("proxied: no demo credential wired for " + string(province))
	}
	s.BaseURL = p.baseURL(province)
	return s
}

func unavailable(w http.ResponseWriter) { w.WriteHeader(http.StatusServiceUnavailable) }

type sourceHealth struct {
	Province          string
	Status            string
	Breaker           string
	CanServe          bool
	RetryAfterSeconds *int
	LastSuccess       *string
	LastError         *struct{ Code, Message string }
	LatencyP95Ms      *float64
	Requests          int
	CacheHits         int
	StaleServed       int
}

const sourcesQuery = `{ sources { province status breaker canServe retryAfterSeconds lastSuccess
  lastError { code message } latencyP95Ms requests cacheHits staleServed } }`

func sources(t *testing.T, url string) map[string]sourceHealth {
	t.Helper()
	resp := post(t, url, sourcesQuery, nil)
	if len(resp.Errors) > 0 {
		t.Fatalf("sources: %v", resp.Errors)
	}
	var data struct{ Sources []sourceHealth }
	if err := json.Unmarshal(resp.Data, &data); err != nil {
		t.Fatal(err)
	}
	out := map[string]sourceHealth{}
	for _, s := range data.Sources {
		out[s.Province] = s
	}
	return out
}

type readiness struct {
	Status      string
	Provinces   []readinessLine
	CannotServe []string
}

type readinessLine struct {
	Province string
	Status   string
	CanServe bool
	Reason   string
}

func readyz(t *testing.T, url string) (int, readiness) {
	t.Helper()
	resp, err := http.Get(url + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r readiness
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, r
}

type meetingsAnswer struct {
	Meetings struct {
		Edges []struct {
			Node struct {
				Title   string
				DataAge *struct {
					FetchedAt  string
					AgeSeconds int
					Stale      bool
				}
			}
		}
	}
}

const hebeiMeetings = `{ meetings(filter: {provinces: [HEBEI]}) { edges { node { title dataAge { fetchedAt ageSeconds stale } } } } }`

func extension(e map[string]any, key string) any {
	ext, _ := e["extensions"].(map[string]any)
	return ext[key]
}

// TestOutageServesStaleAndCostsOnlyProbes is the 30 s outage with a query
// every 100 ms, compressed: 300 queries over about 0.6 s against a dead
// Hebei whose breaker opens for 150 ms at a time. Each query gets Hebei's
// meetings stale, with their age; the dead province sees only the calls
// that tripped the breaker and its probes; the sources query and /readyz
// say so; a list never cached fails fast with SOURCE_CIRCUIT_OPEN.
func TestOutageServesStaleAndCostsOnlyProbes(t *testing.T) {
	proxy := startFaultProxy(t)
	srv := startGateway(t, func(c *config.Config) {
		h := proxy.proxied(c, civ.Hebei)
		h.CacheTTL = 20 * time.Millisecond
		h.RetryMax, h.RetryWaitMin, h.RetryWaitMax = 1, time.Millisecond, time.Millisecond
		h.BreakerFailures, h.BreakerOpenTimeout = 3, 150*time.Millisecond
		// 300 queries in well under a second: far above one client's default rate.
		c.Limits.RatePerSecond, c.Limits.RateBurst = 10_000, 10_000
	})
	if code, r := readyz(t, srv.URL); code != http.StatusOK || r.Status != "ready" {
		t.Fatalf("/readyz before any query: %d %+v", code, r)
	}
	var fresh meetingsAnswer
	if resp := post(t, srv.URL, hebeiMeetings, nil); len(resp.Errors) > 0 || json.Unmarshal(resp.Data, &fresh) != nil {
		t.Fatalf("healthy query: %v", resp.Errors)
	}
	if len(fresh.Meetings.Edges) == 0 {
		t.Fatal("no Hebei meetings")
	}
	if age := fresh.Meetings.Edges[0].Node.DataAge; age == nil || age.Stale || age.FetchedAt == "" {
		t.Fatalf("fresh row's dataAge = %+v, want fetchedAt and not stale", age)
	}
	if s := sources(t, srv.URL)["HEBEI"]; s.Status != "UP" || s.Breaker != "CLOSED" || s.LastSuccess == nil || s.Requests == 0 || s.LatencyP95Ms == nil {
		t.Fatalf("healthy HEBEI in sources = %+v", s)
	}

	proxy.setFault(unavailable)
	time.Sleep(30 * time.Millisecond) // past the cache TTL: every query asks Hebei again
	const queries = 300
	start := time.Now()
	for i := range queries {
		resp := post(t, srv.URL, hebeiMeetings, nil)
		var got meetingsAnswer
		if len(resp.Errors) > 0 || json.Unmarshal(resp.Data, &got) != nil || len(got.Meetings.Edges) != len(fresh.Meetings.Edges) {
			t.Fatalf("query %d during the outage: errors %v; want the stale meetings", i, resp.Errors)
		}
		if age := got.Meetings.Edges[0].Node.DataAge; age == nil || !age.Stale {
			t.Fatalf("query %d: dataAge = %+v, want stale", i, age)
		}
		time.Sleep(time.Millisecond)
	}
	elapsed := time.Since(start)
	periods := int32(elapsed/(150*time.Millisecond)) + 1
	calls := proxy.faultyCalls.Load()
	t.Logf("outage: %d queries over %s cost the dead province %d calls", queries, elapsed.Round(time.Millisecond), calls)
	if limit := 4 + periods; calls > limit {
		t.Fatalf("the dead province got %d calls from %d queries; want at most %d (the trip and one probe per open period)", calls, queries, limit)
	}

	resp := post(t, srv.URL, hebeiMeetings, nil)
	var hebeiSource map[string]any
	for _, s := range resp.Extensions["sources"].([]any) {
		if m := s.(map[string]any); m["province"] == "HEBEI" {
			hebeiSource = m
		}
	}
	if hebeiSource["state"] != "STALE" || (hebeiSource["breaker"] != "OPEN" && hebeiSource["breaker"] != "HALF_OPEN") {
		t.Errorf("extensions.sources for HEBEI = %v, want STALE with the breaker open", hebeiSource)
	}
	s := sources(t, srv.URL)["HEBEI"]
	if s.Status == "UP" || s.Breaker == "CLOSED" || !s.CanServe || s.StaleServed == 0 || s.LastError == nil {
		t.Errorf("HEBEI in sources during the outage = %+v, want DOWN or DEGRADED, breaker not closed, can serve, stale answers counted, the last error", s)
	}
	if s.LastError != nil && (s.LastError.Code == "" || len(s.LastError.Message) == 0) {
		t.Errorf("last error = %+v", s.LastError)
	}
	if code, r := readyz(t, srv.URL); code != http.StatusOK || len(r.CannotServe) != 0 {
		t.Errorf("/readyz with Hebei serving stale = %d %+v, want 200 and every province able to serve", code, r)
	}

	// Nothing cached to fall back on: fail fast, without a call. The open
	// period is short (150 ms); on a busy machine it may end between seeing
	// the breaker open and asking, and then the question is a probe, which
	// fails (SOURCE_UNAVAILABLE, one call) and reopens it: ask again.
	for try := 1; ; try++ {
		for deadline := time.Now().Add(time.Second); sources(t, srv.URL)["HEBEI"].Breaker != "OPEN"; {
			if time.Now().After(deadline) {
				t.Fatal("the breaker did not open again")
			}
			post(t, srv.URL, hebeiMeetings, nil) // a failing probe reopens it
			time.Sleep(5 * time.Millisecond)
		}
		before := proxy.faultyCalls.Load()
		t0 := time.Now()
		resp = post(t, srv.URL, `{ tasks(filter: {provinces: [HEBEI]}) { totalCount } }`, nil)
		took, calls := time.Since(t0), proxy.faultyCalls.Load()-before
		if len(resp.Errors) != 1 || extension(resp.Errors[0], "province") != "HEBEI" {
			t.Fatalf("uncached list with the breaker open: %v, want one error for HEBEI", resp.Errors)
		}
		code := extension(resp.Errors[0], "code")
		if code == "SOURCE_UNAVAILABLE" && calls >= 1 && try < 5 {
			continue // it was the probe
		}
		if code != "SOURCE_CIRCUIT_OPEN" {
			t.Fatalf("uncached list with the breaker open: %v, want SOURCE_CIRCUIT_OPEN for HEBEI", resp.Errors)
		}
		if took > raceSlowdown*100*time.Millisecond || calls != 0 {
			t.Errorf("open-breaker answer took %s and %d upstream calls, want at once and none", took, calls)
		}
		break
	}

	// Recovery: after the open timeout a probe succeeds and data is fresh.
	proxy.setFault(nil)
	time.Sleep(160 * time.Millisecond)
	var back meetingsAnswer
	if resp := post(t, srv.URL, hebeiMeetings, nil); len(resp.Errors) > 0 || json.Unmarshal(resp.Data, &back) != nil {
		t.Fatalf("after recovery: %v", resp.Errors)
	}
	if age := back.Meetings.Edges[0].Node.DataAge; age == nil || age.Stale {
		t.Errorf("after recovery dataAge = %+v, want fresh", age)
	}
	if s := sources(t, srv.URL)["HEBEI"]; s.Status != "UP" || s.Breaker != "CLOSED" {
		t.Errorf("HEBEI after recovery = %s / %s, want UP / CLOSED", s.Status, s.Breaker)
	}
}

// TestLongRetryAfterAnsweredAtOnce: Shanghai answers 429 with
// Retry-After: 30. The gateway does not retry early: SOURCE_RATE_LIMITED
// with extensions.retryAfter, at once, and later requests do not call
// Shanghai while the hold lasts (the hold's end is covered with a fake
// clock in connectors/httpclient).
func TestLongRetryAfterAnsweredAtOnce(t *testing.T) {
	proxy := startFaultProxy(t)
	srv := startGateway(t, func(c *config.Config) {
		s := proxy.proxied(c, civ.Shanghai)
		s.RetryWaitMin, s.RetryWaitMax = time.Millisecond, time.Millisecond
	})
	proxy.setFault(func(w http.ResponseWriter) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	query := `{ meetings(filter: {provinces: [SHANGHAI]}) { totalCount } }`
	for i := range 5 {
		start := time.Now()
		resp := post(t, srv.URL, query, nil)
		if len(resp.Errors) != 1 || extension(resp.Errors[0], "code") != "SOURCE_RATE_LIMITED" {
			t.Fatalf("query %d: %v, want SOURCE_RATE_LIMITED", i, resp.Errors)
		}
		if ra, _ := extension(resp.Errors[0], "retryAfter").(float64); ra < 29 || ra > 30 {
			t.Errorf("query %d: retryAfter = %v, want 30 s or just under", i, extension(resp.Errors[0], "retryAfter"))
		}
		if took := time.Since(start); took > time.Second {
			t.Errorf("query %d answered after %s, want at once", i, took)
		}
	}
	if n := proxy.faultyCalls.Load(); n != 1 {
		t.Fatalf("Shanghai got %d calls, want 1: no call while the province asked to wait", n)
	}
	s := sources(t, srv.URL)["SHANGHAI"]
	if s.Status != "DOWN" || s.RetryAfterSeconds == nil || *s.RetryAfterSeconds < 29 || s.CanServe {
		t.Errorf("SHANGHAI in sources = %+v, want DOWN with retryAfterSeconds about 30, unable to serve (nothing cached)", s)
	}
	if code, r := readyz(t, srv.URL); code != http.StatusOK || len(r.CannotServe) != 1 || r.CannotServe[0] != "SHANGHAI" {
		t.Errorf("/readyz = %d %+v, want 200 naming SHANGHAI as unable to serve", code, r)
	}
}

// TestRetryAfterServesStale: with Shanghai's policy documents cached, a 429
// asking for 30 s serves them stale, with their age, instead of an error.
func TestRetryAfterServesStale(t *testing.T) {
	proxy := startFaultProxy(t)
	srv := startGateway(t, func(c *config.Config) {
		s := proxy.proxied(c, civ.Shanghai)
		s.CacheTTL = 10 * time.Millisecond
	})
	query := `{ policyDocuments(filter: {provinces: [SHANGHAI]}) { edges { node { title dataAge { stale ageSeconds } } } } }`
	if resp := post(t, srv.URL, query, nil); len(resp.Errors) > 0 {
		t.Fatal(resp.Errors)
	}
	proxy.setFault(func(w http.ResponseWriter) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	time.Sleep(20 * time.Millisecond)
	for i := range 3 {
		resp := post(t, srv.URL, query, nil)
		var got struct {
			PolicyDocuments struct {
				Edges []struct {
					Node struct {
						DataAge *struct{ Stale bool }
					}
				}
			}
		}
		if len(resp.Errors) > 0 || json.Unmarshal(resp.Data, &got) != nil || len(got.PolicyDocuments.Edges) == 0 {
			t.Fatalf("query %d while held: %v, want the cached documents", i, resp.Errors)
		}
		if age := got.PolicyDocuments.Edges[0].Node.DataAge; age == nil || !age.Stale {
			t.Fatalf("query %d: dataAge %+v, want stale", i, age)
		}
	}
	if n := proxy.faultyCalls.Load(); n != 1 {
		t.Fatalf("Shanghai got %d calls while it asked to wait, want 1", n)
	}
	if s := sources(t, srv.URL)["SHANGHAI"]; s.Status != "DOWN" || !s.CanServe || s.StaleServed < 3 {
		t.Errorf("SHANGHAI in sources = %+v, want DOWN, able to serve stale, 3 stale answers", s)
	}
}

// TestReadyzUnavailableWhenNoProvinceCanServe: every province down and
// nothing cached: /readyz answers 503 and names them all.
func TestReadyzUnavailableWhenNoProvinceCanServe(t *testing.T) {
	proxy := startFaultProxy(t)
	proxy.setFault(unavailable)
	srv := startGateway(t, func(c *config.Config) {
		for _, s := range []*config.SourceConfig{&c.Sources.Hebei.SourceConfig, &c.Sources.Hubei.SourceConfig,
			&c.Sources.Jiangsu.SourceConfig, &c.Sources.Shanghai.SourceConfig} {
			s.BaseURL = proxy.URL + "/down"
			s.RetryMax, s.BreakerFailures = 0, 1
		}
	})
	post(t, srv.URL, `{ meetings { totalCount } }`, nil)
	code, r := readyz(t, srv.URL)
	if code != http.StatusServiceUnavailable || r.Status != "unavailable" || len(r.CannotServe) != 4 {
		t.Fatalf("/readyz = %d %+v, want 503 naming all four provinces", code, r)
	}
	for _, p := range r.Provinces {
		if p.Status != "DOWN" || p.CanServe {
			t.Errorf("%s: %s, canServe %v; want DOWN and unable", p.Province, p.Status, p.CanServe)
		}
	}
}

// BenchmarkOutageUpstreamCalls measures what a 300-query outage (one
// query every millisecond, compressed from every 100 ms over 30 s) costs
// the dead province with the breaker and with it effectively disabled,
// and reports both counts and their ratio:
//
//	go test ./gateway -run '^$' -bench OutageUpstreamCalls -benchtime 1x
func BenchmarkOutageUpstreamCalls(b *testing.B) {
	run := func(breaker bool) float64 {
		proxy := startFaultProxy(b)
		srv := startGateway(b, func(c *config.Config) {
			h := proxy.proxied(c, civ.Hebei)
			h.CacheTTL = time.Millisecond
			h.RetryWaitMin, h.RetryWaitMax = time.Millisecond, time.Millisecond
			h.BreakerOpenTimeout = 150 * time.Millisecond
			c.Limits.RatePerSecond, c.Limits.RateBurst = 10_000, 10_000 // 300 queries at once from one client
			if !breaker {                                               // neither trip condition can be met
				h.BreakerFailures, h.BreakerMinRequests = 1000, 100000
			}
		})
		proxy.setFault(unavailable)
		for range 300 {
			resp, err := http.Post(srv.URL+"/graphql", "application/json", strings.NewReader(`{"query":"{ meetings(filter: {provinces: [HEBEI]}) { totalCount } }"}`))
			if err != nil {
				b.Fatal(err)
			}
			resp.Body.Close()
			time.Sleep(time.Millisecond)
		}
		return float64(proxy.faultyCalls.Load())
	}
	for range b.N {
		with, without := run(true), run(false)
		b.ReportMetric(with, "calls-with-breaker")
		b.ReportMetric(without, "calls-without-breaker")
		b.ReportMetric(without/max(with, 1), "ratio")
	}
}
