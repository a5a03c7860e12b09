package metrics_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/civgraph/civgraph/metrics"
	"github.com/civgraph/civgraph/metrics/metricstest"
)

func scrape(t *testing.T, r *metrics.Registry) metricstest.Families {
	t.Helper()
	srv := httptest.NewServer(r.Handler())
	t.Cleanup(srv.Close)
	return metricstest.Scrape(t, srv.URL, "")
}

func value(t *testing.T, f metricstest.Families, name string, labels map[string]string) float64 {
	t.Helper()
	v, ok := f.Value(name, labels)
	if !ok {
		t.Fatalf("no series %s%v", name, labels)
	}
	return v
}

func TestGraphQLOutcomesAndRefusals(t *testing.T) {
	r := metrics.New(10)
	r.ObserveGraphQL("Sites", 200, nil, true, 3*time.Millisecond)
	r.ObserveGraphQL("Sites", 200, []string{"SOURCE_UNAVAILABLE"}, true, time.Millisecond)
	r.ObserveGraphQL("Sites", 200, []string{"BAD_USER_INPUT"}, false, time.Millisecond)
	r.ObserveGraphQL("Deep", 200, []string{"QUERY_TOO_DEEP"}, false, time.Millisecond)
	r.ObserveGraphQL(metrics.OperationNone, 429, []string{"RATE_LIMITED"}, false, time.Millisecond)
	r.ObserveGraphQL(metrics.OperationNone, 401, []string{"UNAUTHENTICATED"}, false, time.Millisecond)
	r.ObserveGraphQL("", 200, []string{"OPERATION_NOT_TRUSTED"}, false, time.Millisecond)
	r.ObserveGraphQL("", 500, nil, false, time.Millisecond)
	f := scrape(t, r)

	requests := "civgraph_graphql_requests_total"
	if f.Type(requests) != "COUNTER" {
		t.Errorf("%s is %s, want COUNTER", requests, f.Type(requests))
	}
	for _, c := range []struct {
		op, outcome string
		want        float64
	}{
		{"Sites", "ok", 1}, {"Sites", "partial", 1}, {"Sites", "error", 1}, {"Deep", "refused", 1},
		{"(none)", "refused", 2}, {"(anonymous)", "refused", 1}, {"(anonymous)", "error", 1},
	} {
		if got := value(t, f, requests, map[string]string{"operation": c.op, "outcome": c.outcome}); got != c.want {
			t.Errorf("%s{operation=%q,outcome=%q} = %v, want %v", requests, c.op, c.outcome, got, c.want)
		}
	}
	refused := "civgraph_graphql_refused_total"
	for _, c := range [][2]string{{"query_limit", "QUERY_TOO_DEEP"}, {"rate_limit", "RATE_LIMITED"}, {"auth", "UNAUTHENTICATED"}, {"persisted_only", "OPERATION_NOT_TRUSTED"}} {
		if got := value(t, f, refused, map[string]string{"reason": c[0], "code": c[1]}); got != 1 {
			t.Errorf("%s{reason=%q,code=%q} = %v, want 1", refused, c[0], c[1], got)
		}
	}
	if got, _ := f.Value(refused, map[string]string{"code": "SOURCE_UNAVAILABLE"}); got != 0 {
		t.Errorf("a failed province counted as a refusal")
	}
	duration := "civgraph_graphql_request_duration_seconds"
	if f.Type(duration) != "HISTOGRAM" {
		t.Errorf("%s is %s, want HISTOGRAM", duration, f.Type(duration))
	}
	if got := value(t, f, duration, map[string]string{"operation": "Sites"}); got != 3 {
		t.Errorf("%s{operation=Sites} counts %v observations, want 3", duration, got)
	}
}

func TestOperationNamesAreBounded(t *testing.T) {
	r := metrics.New(3)
	r.AllowOperations("Trusted")
	for i := range 50 {
		r.ObserveGraphQL(fmt.Sprintf("Op%d", i), 200, nil, true, time.Millisecond)
	}
	r.ObserveGraphQL("Trusted", 200, nil, true, time.Millisecond)
	r.ObserveGraphQL("Op1", 200, nil, true, time.Millisecond) // admitted earlier: keeps its name
	long := make([]byte, 200)
	for i := range long {
		long[i] = 'a'
	}
	r.ObserveGraphQL(string(long), 200, nil, true, time.Millisecond)
	f := scrape(t, r)
	ops := f.LabelValues("civgraph_graphql_requests_total", "operation")
	slices.Sort(ops)
	want := []string{"(other)", "Op0", "Op1", "Op2", "Trusted"}
	if !slices.Equal(ops, want) {
		t.Fatalf("operation label values %v, want %v", ops, want)
	}
	if got := value(t, f, "civgraph_graphql_requests_total", map[string]string{"operation": "(other)"}); got != 48 {
		t.Errorf("(other) = %v, want 48 (47 names over the bound and one too long)", got)
	}
	if got := value(t, f, "civgraph_graphql_requests_total", map[string]string{"operation": "Op1"}); got != 2 {
		t.Errorf("Op1 = %v, want 2", got)
	}
}

func TestUpstreamAttempts(t *testing.T) {
	r := metrics.New(0)
	status := 503
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(status) }))
	defer upstream.Close()
	client := &http.Client{Transport: r.Transport("HUBEI", http.DefaultTransport)}
	for _, s := range []int{503, 200, 200, 418} {
		status = s
		resp, err := client.Get(upstream.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	if _, err := client.Get(closed.URL); err == nil {
		t.Fatal("a closed server answered")
	}
	f := scrape(t, r)
	name := "civgraph_upstream_requests_total"
	for status, want := range map[string]float64{"503": 1, "200": 2, "4xx": 1, "error": 1} {
		if got := value(t, f, name, map[string]string{"province": "HUBEI", "status": status}); got != want {
			t.Errorf("%s{status=%q} = %v, want %v", name, status, got, want)
		}
	}
	if got := value(t, f, "civgraph_upstream_request_duration_seconds", map[string]string{"province": "HUBEI"}); got != 5 {
		t.Errorf("latency histogram counts %v attempts, want 5", got)
	}
}

func TestProvinceFiguresAreReadAtScrape(t *testing.T) {
	r := metrics.New(0)
	hits := int64(0)
	r.WatchProvinces(func() []metrics.Province {
		hits++
		return []metrics.Province{{
			Name: "HUBEI", Calls: 7, CallFailures: 2, Retries: 3, Breaker: "OPEN", CanServe: true,
			Cache: metrics.CacheFigures{Hits: hits, Misses: 4, StaleServes: 5, NegativeHits: 1, Coalesced: 6, PeerLoads: 8,
				Refreshes: 2, RefreshFailures: 1, Evictions: 9, Bytes: 4096, Entries: 12},
		}}
	})
	scrape(t, r)
	f := scrape(t, r)
	hubei := map[string]string{"province": "HUBEI"}
	for name, want := range map[string]float64{
		"civgraph_upstream_calls_total": 7, "civgraph_upstream_call_failures_total": 2, "civgraph_upstream_retries_total": 3,
		"civgraph_province_can_serve": 1, "civgraph_cache_hits_total": 2, "civgraph_cache_misses_total": 4,
		"civgraph_cache_stale_serves_total": 5, "civgraph_cache_negative_hits_total": 1, "civgraph_cache_coalesced_waits_total": 6,
		"civgraph_cache_peer_loads_total": 8,
		"civgraph_cache_refreshes_total":  2, "civgraph_cache_refresh_failures_total": 1, "civgraph_cache_evictions_total": 9,
		"civgraph_cache_bytes": 4096, "civgraph_cache_entries": 12,
	} {
		if got := value(t, f, name, hubei); got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	for state, want := range map[string]float64{"OPEN": 1, "CLOSED": 0, "HALF_OPEN": 0} {
		if got := value(t, f, "civgraph_upstream_breaker_state", map[string]string{"province": "HUBEI", "state": state}); got != want {
			t.Errorf("breaker_state{state=%s} = %v, want %v", state, got, want)
		}
	}
	if f.Type("civgraph_cache_bytes") != "GAUGE" || f.Type("civgraph_cache_hits_total") != "COUNTER" {
		t.Errorf("types: cache_bytes %s, cache_hits_total %s", f.Type("civgraph_cache_bytes"), f.Type("civgraph_cache_hits_total"))
	}
}

func TestCounterForOtherPackages(t *testing.T) {
	r := metrics.New(0)
	c := r.Counter("cache_fallbacks_total", "Shared cache calls answered by the in-process cache.")
	c.Inc()
	r.Counter("cache_fallbacks_total", "again").Add(2) // the same counter
	if got := value(t, scrape(t, r), "civgraph_cache_fallbacks_total", nil); got != 3 {
		t.Errorf("civgraph_cache_fallbacks_total = %v, want 3", got)
	}

	var none *metrics.Registry // metrics off: everything is a no-op
	none.Counter("x_total", "x").Inc()
	none.ObserveGraphQL("Q", 200, nil, true, time.Millisecond)
	none.ObserveUpstream("HUBEI", 200, time.Millisecond)
	none.AllowOperations("Q")
	none.WatchProvinces(func() []metrics.Province { return nil })
	if rt := none.Transport("HUBEI", http.DefaultTransport); rt != http.DefaultTransport {
		t.Error("a nil registry wrapped the transport")
	}
}

func TestSharedRedisFigures(t *testing.T) {
	r := metrics.New(0)
	up := true
	r.WatchShared(func() metrics.Shared {
		return metrics.Shared{Up: up, Outages: 2, Fallbacks: map[string]int64{"cache.get": 5, "ratelimit": 1}}
	})
	if got := value(t, scrape(t, r), "civgraph_redis_up", nil); got != 1 {
		t.Errorf("civgraph_redis_up = %v, want 1", got)
	}
	up = false
	f := scrape(t, r)
	for name, want := range map[string]float64{"civgraph_redis_up": 0, "civgraph_redis_outages_total": 2} {
		if got := value(t, f, name, nil); got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	if got := value(t, f, "civgraph_redis_fallbacks_total", map[string]string{"operation": "cache.get"}); got != 5 {
		t.Errorf("civgraph_redis_fallbacks_total{operation=cache.get} = %v, want 5", got)
	}
}
