package httpclient_test

import (
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors/httpclient"
)

// dialCounter serves a short answer, after wait, and counts the
// connections the client opened and the requests in flight at once.
func dialCounter(t *testing.T, wait time.Duration) (url string, conns, peak *atomic.Int32) {
	t.Helper()
	conns, peak = new(atomic.Int32), new(atomic.Int32)
	var inFlight atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(wait)
		_, _ = w.Write([]byte(`{"code":0}`))
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv.URL, conns, peak
}

func TestKeepAlivePoolIsSizedByTheConfig(t *testing.T) {
	t.Run("idle connections are reused", func(t *testing.T) {
		url, conns, _ := dialCounter(t, 0)
		c := httpclient.New(civ.Hebei, fast)
		for range 5 {
			if _, err := get(t, c, url); err != nil {
				t.Fatal(err)
			}
		}
		if n := conns.Load(); n != 1 {
			t.Fatalf("%d connections for 5 sequential requests, want 1 reused", n)
		}
	})
	t.Run("no idle connections kept", func(t *testing.T) {
		url, conns, _ := dialCounter(t, 0)
		cfg := fast
		cfg.IdleConns = -1
		c := httpclient.New(civ.Hebei, cfg)
		for range 5 {
			if _, err := get(t, c, url); err != nil {
				t.Fatal(err)
			}
		}
		if n := conns.Load(); n != 5 {
			t.Fatalf("%d connections for 5 sequential requests, want one each", n)
		}
	})
	t.Run("connections capped", func(t *testing.T) {
		url, conns, peak := dialCounter(t, 20*time.Millisecond)
		cfg := fast
		cfg.MaxConns = 2
		c := httpclient.New(civ.Hebei, cfg)
		var wg sync.WaitGroup
		for range 6 {
			wg.Go(func() {
				if _, err := get(t, c, url); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if n, p := conns.Load(), peak.Load(); n > 2 || p > 2 {
			t.Fatalf("%d connections, %d requests at once; want at most 2 of each", n, p)
		}
	})
}
