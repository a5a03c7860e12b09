package gateway_test

import (
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/internal/sampleapi"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
)

// TestReloadResizesAKeepAlivePool reloads Hubei's idle_conns from the
// default to 0 (keep none): before, uncached queries reuse one connection
// to Hubei's upstream; after, every upstream call dials its own, and the
// key is reported as changed, not as needing a restart.
func TestReloadResizesAKeepAlivePool(t *testing.T) {
	cfg, _ := reloadSetup(t)
	ds, err := dataset.Load(dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var conns, calls atomic.Int64
	hubei := httptest.NewUnstartedServer(sampleapi.NewHandler(ds))
	inner := hubei.Config.Handler
	hubei.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1); inner.ServeHTTP(w, r) })
	hubei.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	hubei.Start()
	t.Cleanup(hubei.Close)
	pointAtSamples(t, &cfg, civ.Hubei, hubei.URL)
	cfg.Sources.Hubei.CacheTTL = 0
	g, srv := serveGateway(t, cfg, nil)
	const query = `{ meetings(filter: {provinces: [HUBEI]}) { totalCount } }`
	ask := func() {
		t.Helper()
		for range 3 {
			if resp := post(t, srv.URL, query, nil); len(resp.Errors) > 0 {
				t.Fatal(resp.Errors)
			}
		}
	}

	ask()
	if calls.Load() < 3 || conns.Load() != 1 {
		t.Fatalf("%d connections for %d upstream calls, want one kept alive", conns.Load(), calls.Load())
	}
	next := cfg
	next.Sources.Hubei.IdleConns = 0
	changed, restart, err := g.Reload(next)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(changed, "sources.hubei.idle_conns") || len(restart) > 0 {
		t.Errorf("changed %v, restart %v", changed, restart)
	}
	conns0, calls0 := conns.Load(), calls.Load()
	ask()
	if dialled, made := conns.Load()-conns0, calls.Load()-calls0; dialled != made || made == 0 {
		t.Errorf("after the reload, %d connections for %d upstream calls, want one each", dialled, made)
	}
}
