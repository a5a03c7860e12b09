package gateway_test

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/internal/sampleapi"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
)

// reloadSetup runs the gateway against sample upstreams that count their
// requests, every province cached for an hour.
func reloadSetup(t *testing.T) (config.Config, *atomic.Int64) {
	t.Helper()
	ds, err := dataset.Load(dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	up, calls := countingServer(t, sampleapi.NewHandler(ds))
	cfg := config.Default()
	cfg.GraphQL.CursorSecret = "test cursor secret"
	for _, p := range civ.AllProvinces {
		pointAtSamples(t, &cfg, p, up.URL)
	}
	cfg.Sources.Hubei.CacheTTL = time.Hour
	cfg.Limits.RatePerSecond, cfg.Limits.RateBurst = 100_000, 100_000 // the load comes from one address
	return cfg, calls
}

// TestReloadChangesTTLUnderLoad reloads Hubei's cache TTL back and forth
// while clients keep querying: no request may fail, and the new TTL must
// take effect (uncached, every query calls Hubei again).
func TestReloadChangesTTLUnderLoad(t *testing.T) {
	cfg, calls := reloadSetup(t)
	g, srv := serveGateway(t, cfg, nil)
	const query = `{ meetings { totalCount } }`
	post(t, srv.URL, query, nil) // warm the cache

	var stop atomic.Bool
	var answered, failed atomic.Int64
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for !stop.Load() {
				resp := post(t, srv.URL, query, nil)
				answered.Add(1)
				if len(resp.Errors) > 0 || len(resp.Data) == 0 {
					if failed.Add(1) == 1 {
						t.Errorf("failed during reloads: %v", resp.Errors)
					}
				}
			}
		})
	}
	// waitAnswers waits until the clients got n more answers: the load
	// overlaps each reload however slow the machine is.
	waitAnswers := func(n int64) {
		t.Helper()
		want := answered.Load() + n
		for end := time.Now().Add(30 * time.Second); answered.Load() < want; time.Sleep(time.Millisecond) {
			if time.Now().After(end) {
				t.Fatalf("the clients stalled at %d answers", answered.Load())
			}
		}
	}
	waitAnswers(8)
	if n := calls.Load(); n != int64(len(civ.AllProvinces)) {
		t.Errorf("%d upstream calls with everything cached, want %d (the warm-up's)", n, len(civ.AllProvinces))
	}

	uncached := cfg
	uncached.Sources.Hubei.CacheTTL = 0
	for i := range 20 { // twenty reloads, each with requests on either side
		next := cfg
		if i%2 == 0 {
			next = uncached
		}
		changed, restart, err := g.Reload(next)
		if err != nil || !slices.Equal(changed, []string{"sources.hubei.cache_ttl"}) || len(restart) > 0 {
			t.Fatalf("reload %d: changed %v, restart %v, err %v", i, changed, restart, err)
		}
		waitAnswers(2)
	}
	if _, _, err := g.Reload(uncached); err != nil {
		t.Fatal(err)
	}
	waitAnswers(4) // requests that may have started before the reload
	before := calls.Load()
	waitAnswers(8)
	during := calls.Load() - before
	stop.Store(true)
	wg.Wait()

	if during == 0 {
		t.Error("Hubei's cache_ttl is 0 after the reload, yet no query called it")
	}
	if failed.Load() > 0 {
		t.Errorf("%d of %d requests failed during the reloads", failed.Load(), answered.Load())
	}
	if ready, report := g.Readiness(context.Background()); !ready {
		t.Errorf("not ready after reloads: %+v", report)
	}
}

func TestReloadLimitsURLsAndWhatNeedsARestart(t *testing.T) {
	cfg, calls := reloadSetup(t)
	g, srv := serveGateway(t, cfg, nil)
	const deep = `{ meetings { edges { node { title } } } }` // depth 4
	if resp := post(t, srv.URL, deep, nil); len(resp.Errors) > 0 {
		t.Fatalf("before: %v", resp.Errors)
	}

	// An invalid configuration changes nothing.
	bad := cfg
	bad.Limits.MaxDepth = 0
	if _, _, err := g.Reload(bad); err == nil {
		t.Fatal("an invalid configuration was accepted")
	}
	if resp := post(t, srv.URL, deep, nil); len(resp.Errors) > 0 {
		t.Fatalf("after a refused reload: %v", resp.Errors)
	}

	// A tighter depth limit, Hubei moved to another upstream, and a rate
	// that only a restart can change.
	ds, err := dataset.Load(dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	moved, movedCalls := countingServer(t, sampleapi.NewHandler(ds))
	next := cfg
	next.Limits.MaxDepth = 3
	next.Limits.RatePerSecond = 1000
	next.Runtime.GCPercent = 150 // the process applies it on reload
	pointAtSamples(t, &next, civ.Hubei, moved.URL)
	changed, restart, err := g.Reload(next)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(changed, []string{"sources.hubei.base_url", "limits.max_depth", "runtime.gc_percent"}) {
		t.Errorf("changed %v", changed)
	}
	if !slices.Equal(restart, []string{"limits.rate_per_second"}) {
		t.Errorf("restart %v", restart)
	}
	resp := post(t, srv.URL, deep, nil)
	if len(resp.Errors) != 1 || resp.Errors[0]["extensions"].(map[string]any)["code"] != "QUERY_TOO_DEEP" {
		t.Errorf("the reloaded depth limit did not apply: %v", resp.Errors)
	}
	before := calls.Load()
	if resp := post(t, srv.URL, `{ meetings(filter: {provinces: [HUBEI], keyword: "养老"}) { totalCount } }`, nil); len(resp.Errors) > 0 {
		t.Fatal(resp.Errors)
	}
	if movedCalls.Load() != 1 || calls.Load() != before {
		t.Errorf("Hubei's new upstream got %d calls, the old one %d more", movedCalls.Load(), calls.Load()-before)
	}
}
