package gateway_test

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/gateway"
	"github.com/civgraph/civgraph/internal/redistest"
	"github.com/civgraph/civgraph/internal/sampleapi"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	"github.com/civgraph/civgraph/internal/syncbuf"
	"github.com/civgraph/civgraph/metrics"
	"github.com/civgraph/civgraph/metrics/metricstest"
	"github.com/civgraph/civgraph/reqinfo"
	"github.com/civgraph/civgraph/server"
	"github.com/civgraph/civgraph/tracing"
)

const metricsToken = "metrics-token-for-tests"

// observed is a gateway running with metrics, tracing into memory and a
// JSON log, in front of the sample upstreams served on loopback.
type observed struct {
	url      string
	gw       *gateway.Gateway
	spans    *tracetest.InMemoryExporter
	logs     *syncbuf.Buffer
	upstream *upstreamLog
}

// upstreamLog serves the sample APIs, records the traceparent of every
// request and, while failHubei > 0, answers that many Hubei requests 503.
type upstreamLog struct {
	mu          sync.Mutex
	traceparent []string
	failHubei   atomic.Int32
	calls       atomic.Int64
}

func (u *upstreamLog) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.calls.Add(1)
		u.mu.Lock()
		u.traceparent = append(u.traceparent, r.Header.Get("Traceparent"))
		u.mu.Unlock()
		if strings.HasPrefix(r.URL.Path, sampleapi.Prefix[civ.Hubei]) && u.failHubei.Add(-1) >= 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (u *upstreamLog) traceparents() []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]string(nil), u.traceparent...)
}

func startObserved(t *testing.T, mutate func(*config.Config)) *observed {
	t.Helper()
	ds, err := dataset.Load(dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	o := &observed{spans: tracetest.NewInMemoryExporter(), logs: &syncbuf.Buffer{}, upstream: &upstreamLog{}}
	up := httptest.NewServer(o.upstream.wrap(sampleapi.NewHandler(ds)))
	t.Cleanup(up.Close)
	cfg := config.Default()
	cfg.GraphQL.CursorSecret = "test cursor secret"
	cfg.Metrics.Token = metricsToken
	for _, p := range civ.AllProvinces {
		pointAtSamples(t, &cfg, p, up.URL)
	}
	if mutate != nil {
		mutate(&cfg)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	reg := metrics.New(cfg.Metrics.MaxOperations)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(o.spans))
	t.Cleanup(func() { _ = tp.Shutdown(t.Context()) })
	logger := slog.New(reqinfo.NewLogHandler(slog.NewJSONHandler(o.logs, nil)))
	gw, srv := serveWith(t, cfg, logger,
		[]gateway.Option{gateway.WithMetrics(reg), gateway.WithTracer(tracing.New(tp))},
		[]server.Option{server.WithMetrics(reg)})
	o.url, o.gw = srv.URL, gw
	return o
}

// call sends a GraphQL POST with the given headers and returns the status,
// the response headers and the decoded body.
func (o *observed) call(t *testing.T, query string, headers map[string]string) (int, http.Header, gqlResponse) {
	t.Helper()
	return postWith(t, o.url, query, nil, headers)
}

// requestIDs returns extensions.requestId of every error of resp.
func requestIDs(t *testing.T, resp gqlResponse) []string {
	t.Helper()
	if len(resp.Errors) == 0 {
		t.Fatal("the answer has no errors")
	}
	var out []string
	for _, e := range resp.Errors {
		ext, _ := e["extensions"].(map[string]any)
		id, _ := ext["requestId"].(string)
		out = append(out, id)
	}
	return out
}

func TestRequestIDs(t *testing.T) {
	o := startObserved(t, func(c *config.Config) { c.Limits.MaxResponseBytes = 2000 })
	badArgument := `{ serviceSites(first: 1000) { totalCount } }`

	t.Run("echoed in the header and every error", func(t *testing.T) {
		_, h, resp := o.call(t, badArgument, map[string]string{"X-Request-Id": "client-42"})
		if got := h.Get("X-Request-Id"); got != "client-42" {
			t.Errorf("X-Request-Id %q, want client-42", got)
		}
		for _, id := range requestIDs(t, resp) {
			if id != "client-42" {
				t.Errorf("extensions.requestId %q, want client-42", id)
			}
		}
	})
	t.Run("generated when missing", func(t *testing.T) {
		_, h, resp := o.call(t, `{ nope }`, nil)
		id := h.Get("X-Request-Id")
		if !reqinfo.ValidID(id) || len(id) != 32 {
			t.Fatalf("generated id %q", id)
		}
		if got := requestIDs(t, resp); got[0] != id {
			t.Errorf("error's requestId %q, header %q", got[0], id)
		}
	})
	t.Run("hostile ids are replaced", func(t *testing.T) {
		for _, hostile := range []string{strings.Repeat("x", reqinfo.MaxIDLength+1), `a"b`, "a b", "编号", "a\tlevel=ERROR"} {
			_, h, resp := o.call(t, badArgument, map[string]string{"X-Request-Id": hostile})
			id := h.Get("X-Request-Id")
			if id == hostile || !reqinfo.ValidID(id) {
				t.Errorf("sent %q, answered with id %q", hostile, id)
			}
			if got := requestIDs(t, resp); got[0] != id {
				t.Errorf("error's requestId %q, header %q", got[0], id)
			}
		}
	})
	t.Run("errors the gateway writes itself", func(t *testing.T) {
		// A wrong method is refused by the transport, before gqlgen.
		req, _ := http.NewRequest(http.MethodPut, o.url+"/graphql", strings.NewReader(`{}`))
		req.Header.Set("X-Request-Id", "put-1")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out gqlResponse
		_ = json.NewDecoder(resp.Body).Decode(&out)
		if got := requestIDs(t, out); resp.StatusCode != http.StatusMethodNotAllowed || got[0] != "put-1" {
			t.Errorf("status %d, requestId %v", resp.StatusCode, got)
		}
	})
	t.Run("an answer stopped for its size", func(t *testing.T) {
		_, _, resp := o.call(t, `{ serviceSites(first: 100) { edges { node { name } } } }`, map[string]string{"X-Request-Id": "big-1"})
		if got := requestIDs(t, resp); got[0] != "big-1" {
			t.Errorf("requestId %v in %v", got, resp.Errors)
		}
	})
}

func TestRateLimitedAnswerCarriesRequestID(t *testing.T) {
	o := startObserved(t, func(c *config.Config) { c.Limits.RatePerSecond, c.Limits.RateBurst = 1, 1 })
	o.call(t, `{ provinces { code } }`, nil)
	status, h, resp := o.call(t, `{ provinces { code } }`, map[string]string{"X-Request-Id": "limited-1"})
	if status != http.StatusTooManyRequests {
		t.Fatalf("status %d, want 429", status)
	}
	if got := requestIDs(t, resp); got[0] != "limited-1" || h.Get("X-Request-Id") != "limited-1" {
		t.Errorf("requestId %v, header %q", got, h.Get("X-Request-Id"))
	}
}

func TestAccessLogLine(t *testing.T) {
	o := startObserved(t, nil)
	o.upstream.failHubei.Store(100) // Hubei fails for good: FAILED in the line
	o.call(t, `query Meet { meetings { totalCount } }`, map[string]string{
		"X-Request-Id": "log-1", "Traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"})
	var line map[string]any
	for l := range strings.SplitSeq(o.logs.String(), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(l), &m) == nil && m["msg"] == "request" && m["request_id"] == "log-1" {
			line = m
		}
	}
	if line == nil {
		t.Fatalf("no access log line with request_id log-1 in:\n%s", o.logs.String())
	}
	want := map[string]any{"operation": "Meet", "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736", "errors": "SOURCE_UNAVAILABLE", "status": float64(200)}
	for k, v := range want {
		if line[k] != v {
			t.Errorf("%s = %v, want %v (line %v)", k, line[k], v, line)
		}
	}
	provinces, _ := line["provinces"].(string)
	for _, p := range []string{"HEBEI=FRESH", "HUBEI=FAILED:SOURCE_UNAVAILABLE", "JIANGSU=FRESH", "SHANGHAI=FRESH"} {
		if !strings.Contains(provinces, p) {
			t.Errorf("provinces %q lacks %s", provinces, p)
		}
	}
	if strings.Contains(o.logs.String(), "127.0.0.1") && strings.Contains(o.logs.String(), "/hubei/") {
		t.Errorf("an upstream URL reached the log:\n%s", o.logs.String())
	}
}

func TestMetricsScrape(t *testing.T) {
	o := startObserved(t, func(c *config.Config) { c.Limits.MaxDepth = 4 })
	o.upstream.failHubei.Store(1) // one retry
	const meetings = `query Meet { meetings { totalCount } }`
	for range 2 { // the second is answered from the cache
		if _, _, resp := o.call(t, meetings, nil); len(resp.Errors) > 0 {
			t.Fatalf("errors: %v", resp.Errors)
		}
	}
	if _, _, resp := o.call(t, `query Deep { meetings { edges { node { tasks { origin { ... on Meeting { title } } } } } } }`, nil); len(resp.Errors) == 0 {
		t.Fatal("the deep query was not refused")
	}

	// On the main listener, /metrics wants the token.
	resp, err := http.Get(o.url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /metrics without the token: %d, want 401", resp.StatusCode)
	}
	f := metricstest.Scrape(t, o.url+"/metrics", metricsToken)

	atLeast := func(name string, labels map[string]string, least float64) {
		t.Helper()
		v, ok := f.Value(name, labels)
		if !ok || v < least {
			t.Errorf("%s%v = %v (present %v), want at least %v", name, labels, v, ok, least)
		}
	}
	atLeast("civgraph_graphql_requests_total", map[string]string{"operation": "Meet", "outcome": "ok"}, 2)
	atLeast("civgraph_graphql_request_duration_seconds", map[string]string{"operation": "Meet"}, 2)
	atLeast("civgraph_graphql_refused_total", map[string]string{"reason": "query_limit", "code": "QUERY_TOO_DEEP"}, 1)
	atLeast("civgraph_graphql_requests_total", map[string]string{"outcome": "refused"}, 1)
	for _, p := range civ.AllProvinces {
		prov := map[string]string{"province": string(p)}
		atLeast("civgraph_upstream_requests_total", map[string]string{"province": string(p), "status": "200"}, 1)
		atLeast("civgraph_upstream_request_duration_seconds", prov, 1)
		atLeast("civgraph_upstream_calls_total", prov, 1)
		atLeast("civgraph_upstream_breaker_state", map[string]string{"province": string(p), "state": "CLOSED"}, 1)
		atLeast("civgraph_province_can_serve", prov, 1)
		atLeast("civgraph_cache_misses_total", prov, 1)
		hits, _ := f.Value("civgraph_cache_hits_total", prov)
		negative, _ := f.Value("civgraph_cache_negative_hits_total", prov) // Shanghai lists no meetings
		if hits+negative < 1 {
			t.Errorf("%s: the repeated query was not answered from the cache", p)
		}
		atLeast("civgraph_cache_bytes", prov, 1)
		atLeast("civgraph_cache_entries", prov, 1)
		for _, name := range []string{"civgraph_cache_stale_serves_total", "civgraph_cache_coalesced_waits_total", "civgraph_upstream_retries_total"} {
			atLeast(name, prov, 0)
		}
	}
	atLeast("civgraph_upstream_requests_total", map[string]string{"province": "HUBEI", "status": "503"}, 1)
	atLeast("civgraph_upstream_retries_total", map[string]string{"province": "HUBEI"}, 1)
	if v, _ := f.Value("civgraph_upstream_retries_total", map[string]string{"province": "HEBEI"}); v != 0 {
		t.Errorf("Hebei never failed but counts %v retries", v)
	}
}

func TestSpanTree(t *testing.T) {
	o := startObserved(t, nil)
	o.upstream.failHubei.Store(1) // Hubei's first attempt fails and is retried
	const clientTrace, clientSpan = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
	_, _, resp := o.call(t, `query Meet { meetings { totalCount } }`, map[string]string{
		"Traceparent": "00-" + clientTrace + "-" + clientSpan + "-01"})
	if len(resp.Errors) > 0 {
		t.Fatalf("errors: %v", resp.Errors)
	}
	spans := o.spans.GetSpans()
	byParent := map[string][]tracetest.SpanStub{}
	var op []tracetest.SpanStub
	for _, s := range spans {
		if s.SpanContext.TraceID().String() != clientTrace {
			t.Errorf("span %q is in trace %s, not the client's", s.Name, s.SpanContext.TraceID())
		}
		byParent[s.Parent.SpanID().String()] = append(byParent[s.Parent.SpanID().String()], s)
		if s.Name == "query Meet" {
			op = append(op, s)
		}
	}
	if len(op) != 1 {
		t.Fatalf("%d operation spans named \"query Meet\" among %d spans", len(op), len(spans))
	}
	if !op[0].Parent.IsRemote() || op[0].Parent.SpanID().String() != clientSpan {
		t.Errorf("operation span's parent %v, want the client's span %s", op[0].Parent, clientSpan)
	}
	provinceSpans := byParent[op[0].SpanContext.SpanID().String()]
	if len(provinceSpans) != len(civ.AllProvinces) {
		t.Fatalf("operation span has %d children, want one per province", len(provinceSpans))
	}
	attemptIDs := map[string]bool{}
	for _, ps := range provinceSpans {
		province := strings.TrimSuffix(ps.Name, " Meetings")
		attempts := byParent[ps.SpanContext.SpanID().String()]
		want := 1
		if province == string(civ.Hubei) {
			want = 2
			if len(ps.Events) != 1 || ps.Events[0].Name != "retry" {
				t.Errorf("Hubei's span has events %v, want one retry", ps.Events)
			}
		}
		if len(attempts) != want {
			t.Errorf("%s has %d attempt spans, want %d", ps.Name, len(attempts), want)
		}
		for _, a := range attempts {
			if !strings.HasPrefix(a.Name, "upstream "+province+" ") {
				t.Errorf("attempt span %q under %q", a.Name, ps.Name)
			}
			attemptIDs[a.SpanContext.SpanID().String()] = true
		}
	}
	// Every upstream request carried the trace, each as its own attempt.
	tps := o.upstream.traceparents()
	if len(tps) != len(civ.AllProvinces)+1 {
		t.Fatalf("upstreams got %d requests, want %d", len(tps), len(civ.AllProvinces)+1)
	}
	for _, tp := range tps {
		parts := strings.Split(tp, "-")
		if len(parts) != 4 || parts[1] != clientTrace || !attemptIDs[parts[2]] {
			t.Errorf("upstream got traceparent %q, want the client's trace and an attempt span", tp)
		}
	}
}

// TestRedisMetrics: with replicas sharing a real redis-server, the scrape
// shows Redis up and the cache's figures; killing it shows it down and
// counts the fallbacks, while queries go on.
func TestRedisMetrics(t *testing.T) {
	rs := redistest.Start(t)
	o := startObserved(t, func(c *config.Config) { *c = shareRedis(*c, rs) })
	const meetings = `query Meet { meetings { totalCount } }`
	if _, _, resp := o.call(t, meetings, nil); len(resp.Errors) > 0 {
		t.Fatalf("errors: %v", resp.Errors)
	}
	f := metricstest.Scrape(t, o.url+"/metrics", metricsToken)
	if v, ok := f.Value("civgraph_redis_up", nil); !ok || v != 1 {
		t.Errorf("civgraph_redis_up = %v (present %v), want 1", v, ok)
	}
	rs.Stop()
	for range 5 { // enough failed commands to open the connection's breaker
		if _, _, resp := o.call(t, `query Other { policyDocuments { totalCount } }`, nil); len(resp.Errors) > 0 {
			t.Fatalf("errors with Redis gone: %v", resp.Errors)
		}
	}
	f = metricstest.Scrape(t, o.url+"/metrics", metricsToken)
	if v, ok := f.Value("civgraph_redis_fallbacks_total", nil); !ok || v < 1 {
		t.Errorf("civgraph_redis_fallbacks_total = %v (present %v), want at least 1", v, ok)
	}
	if _, ok := f.Value("civgraph_cache_peer_loads_total", map[string]string{"province": "HUBEI"}); !ok {
		t.Error("no civgraph_cache_peer_loads_total series")
	}
}
