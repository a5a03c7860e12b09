package httpclient_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/guard"
	"github.com/civgraph/civgraph/connectors/health"
	"github.com/civgraph/civgraph/connectors/httpclient"
)

func getCtx(ctx context.Context, t *testing.T, c *httpclient.Client, url string) (*httpclient.Response, error) {
	t.Helper()
	req, err := httpclient.NewRequest(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c.Do(req, "list things")
}

func wantCode(t *testing.T, err error, code connectors.Code) *connectors.UpstreamError {
	t.Helper()
	ue, ok := connectors.AsUpstreamError(err)
	if !ok || ue.Code != code {
		t.Fatalf("err = %v, want %s", err, code)
	}
	return ue
}

// TestOutageCostsOnlyProbes compresses "a 30 s outage with a query every
// 100 ms" a hundredfold: 300 requests over 300+ ms against a dead upstream
// with a 100 ms open timeout. Without the breaker each would cost up to 4
// calls; with it the upstream sees the calls that tripped it plus a probe
// per open period.
func TestOutageCostsOnlyProbes(t *testing.T) {
	var down atomic.Bool
	down.Store(true)
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if down.Load() {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(srv.Close)
	g := guard.New("test", guard.Config{ConsecutiveFailures: 5, OpenTimeout: 100 * time.Millisecond})
	rec := health.NewRecorder(civ.Hubei, g, time.Hour)
	cfg := fast
	cfg.Guard, cfg.Health = g, rec
	c := httpclient.New(civ.Hubei, cfg)

	const queries = 300
	open := 0
	start := time.Now()
	for range queries {
		_, err := get(t, c, srv.URL)
		if ue, _ := connectors.AsUpstreamError(err); ue != nil && ue.Code == connectors.CodeCircuitOpen {
			open++
		}
		time.Sleep(time.Millisecond)
	}
	elapsed := time.Since(start)
	periods := int32(elapsed/(100*time.Millisecond)) + 1
	if got, limit := calls.Load(), 5+periods; got > limit {
		t.Fatalf("a dead upstream got %d calls from %d queries over %s; want at most %d (trip + one probe per open period)", got, queries, elapsed, limit)
	}
	if open < queries*8/10 {
		t.Errorf("%d of %d queries failed fast with SOURCE_CIRCUIT_OPEN, want most", open, queries)
	}
	if s := rec.Snapshot(); s.Status != health.Down && s.Status != health.Degraded {
		t.Errorf("health during the outage = %s, want DOWN or DEGRADED", s.Status)
	}
	t.Logf("%d queries over %s cost the dead upstream %d calls", queries, elapsed.Round(time.Millisecond), calls.Load())

	down.Store(false)
	time.Sleep(110 * time.Millisecond)
	if _, err := get(t, c, srv.URL); err != nil {
		t.Fatalf("the probe after recovery failed: %v", err)
	}
	if g.State() != guard.Closed {
		t.Fatalf("breaker after a good probe = %s, want CLOSED", g.State())
	}
	if s := rec.Snapshot(); s.Status != health.Up || s.LastSuccess == nil || s.LatencyP95 == nil {
		t.Errorf("health after recovery = %+v, want UP with a last success and latencies", s)
	}
}

// TestBreakerOpenedByTheCallItself: the call whose own retries trip the
// breaker reports what it met, the upstream failing (SOURCE_UNAVAILABLE);
// the next call is refused without an attempt (SOURCE_CIRCUIT_OPEN).
func TestBreakerOpenedByTheCallItself(t *testing.T) {
	srv, n := server(t, http.StatusBadGateway)
	cfg := fast // 4 attempts a call
	cfg.Guard = guard.New("test", guard.Config{ConsecutiveFailures: 2, OpenTimeout: time.Hour})
	c := httpclient.New(civ.Hubei, cfg)

	_, err := get(t, c, srv.URL)
	wantCode(t, err, connectors.CodeUnavailable)
	if n.Load() != 2 {
		t.Fatalf("the first call made %d attempts, want 2 (the breaker opens after the second)", n.Load())
	}
	_, err = get(t, c, srv.URL)
	wantCode(t, err, connectors.CodeCircuitOpen)
	if n.Load() != 2 {
		t.Fatalf("the call refused by the open breaker reached the upstream (%d attempts in all)", n.Load())
	}
}

// TestClientErrorsDoNotOpenTheBreaker: 4xx answers (bad input, rejected
// credentials) say nothing about the province's health.
func TestClientErrorsDoNotOpenTheBreaker(t *testing.T) {
	srv, n := server(t, http.StatusBadRequest, http.StatusUnauthorized)
	g := guard.New("test", guard.Config{ConsecutiveFailures: 2})
	cfg := fast
	cfg.Guard = g
	c := httpclient.New(civ.Hubei, cfg)
	for range 10 {
		_, _ = get(t, c, srv.URL)
	}
	if g.State() != guard.Closed || n.Load() != 10 {
		t.Fatalf("breaker %s after %d 4xx answers, want CLOSED and every call made", g.State(), n.Load())
	}
}

// TestLongRetryAfterIsHonoured: a 429 asking for 30 s, with a 2 s
// deadline, is answered SOURCE_RATE_LIMITED at once with the wait, and no
// request calls the province until the 30 s have passed on the clock.
func TestLongRetryAfterIsHonoured(t *testing.T) {
	var calls atomic.Int32
	var limited atomic.Bool
	limited.Store(true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if limited.Load() {
			w.Header().Set("Retry-After", "30")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(srv.Close)
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	g := guard.New("test", guard.Config{}, guard.WithClock(clock))
	cfg := fast
	cfg.Guard = g
	c := httpclient.New(civ.Shanghai, cfg)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	start := time.Now()
	_, err := getCtx(ctx, t, c, srv.URL)
	ue := wantCode(t, err, connectors.CodeRateLimited)
	if ue.RetryAfter != 30*time.Second {
		t.Errorf("RetryAfter = %s, want 30s", ue.RetryAfter)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("answered after %s, want at once", took)
	}
	if calls.Load() != 1 {
		t.Fatalf("upstream calls = %d, want 1 (no early retry)", calls.Load())
	}
	limited.Store(false)
	for _, step := range []time.Duration{0, 10 * time.Second, 18 * time.Second} {
		mu.Lock()
		now = now.Add(step)
		mu.Unlock()
		_, err := getCtx(ctx, t, c, srv.URL)
		ue := wantCode(t, err, connectors.CodeRateLimited)
		if ue.RetryAfter <= 0 {
			t.Errorf("held request without retryAfter")
		}
	}
	if calls.Load() != 1 {
		t.Fatalf("upstream calls during the hold = %d, want 1", calls.Load())
	}
	mu.Lock()
	now = now.Add(2*time.Second + time.Millisecond)
	mu.Unlock()
	if _, err := getCtx(ctx, t, c, srv.URL); err != nil {
		t.Fatalf("after the hold: %v", err)
	}
	if calls.Load() != 2 {
		t.Fatalf("upstream calls = %d, want 2", calls.Load())
	}
}

// TestShortRetryAfterIsWaitedFor: a wait that fits in the deadline is
// honoured in full, then retried.
func TestShortRetryAfterIsWaitedFor(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(srv.Close)
	cfg := fast
	cfg.Guard = guard.New("test", guard.Config{})
	c := httpclient.New(civ.Shanghai, cfg)
	start := time.Now()
	if _, err := get(t, c, srv.URL); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < 950*time.Millisecond {
		t.Fatalf("retried after %s, before the 1 s the upstream asked for", took)
	}
}

// TestQuotaKeepsTheUpstreamWithinItsRate: 20 concurrent callers over a
// 10-per-second quota (burst 1) never exceed that rate at the upstream;
// a caller whose deadline is shorter than its wait is refused at once.
func TestQuotaKeepsTheUpstreamWithinItsRate(t *testing.T) {
	var mu sync.Mutex
	var arrivals []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		arrivals = append(arrivals, time.Now())
		mu.Unlock()
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(srv.Close)
	cfg := fast
	cfg.Guard = guard.New("test", guard.Config{QuotaRequests: 10, QuotaPeriod: time.Second, QuotaBurst: 1})
	c := httpclient.New(civ.Jiangsu, cfg)

	var wg sync.WaitGroup
	var refused, answered atomic.Int32
	for range 20 {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 900*time.Millisecond)
			defer cancel()
			if _, err := getCtx(ctx, t, c, srv.URL); err != nil {
				// Refused at once, or (a caller whose token came just
				// before its deadline) timed out sending.
				ue, ok := connectors.AsUpstreamError(err)
				if !ok || (ue.Code != connectors.CodeRateLimited && ue.Code != connectors.CodeTimeout) {
					t.Errorf("err = %v, want SOURCE_RATE_LIMITED", err)
				}
				refused.Add(1)
				return
			}
			answered.Add(1)
		})
	}
	wg.Wait()
	mu.Lock()
	seen := slices.Clone(arrivals)
	mu.Unlock()
	// Tokens are spaced exactly; the sends that follow them are not (on a
	// loaded machine the scheduler may hold two sends until the next
	// token's), so a window may hold up to two calls more than its share;
	// without the quota all twenty would arrive within a few milliseconds.
	for i := range seen {
		for j := i + 1; j < len(seen); j++ {
			if span := seen[j].Sub(seen[i]); j-i > int(span/(100*time.Millisecond))+2 {
				t.Fatalf("calls %d..%d arrived within %s; the quota allows one per 100ms", i, j, span)
			}
		}
	}
	// A caller timed out sending may still have reached the upstream, so
	// arrivals are at least the answered callers, and every caller is
	// either answered or refused.
	if len(seen) < 4 || len(seen) > 10 || len(seen) < int(answered.Load()) || answered.Load()+refused.Load() != 20 {
		t.Fatalf("%d calls arrived, %d answered, %d refused; want about 9 made within 900ms and the rest refused",
			len(seen), answered.Load(), refused.Load())
	}

	// A caller whose wait exceeds its deadline is refused without waiting.
	_, _ = get(t, c, srv.URL) // takes the next token
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := getCtx(ctx, t, c, srv.URL)
	// Refused rather than timed out: a caller that waited for its token
	// would have met its 20 ms deadline and failed SOURCE_TIMEOUT.
	wantCode(t, err, connectors.CodeRateLimited)
	if took := time.Since(start); took > time.Second {
		t.Errorf("refusal took %s, want at once", took)
	}
}
