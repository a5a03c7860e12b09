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

// sequential sends 5 requests one after the other through a client of
// cfg and returns how many connections it opened.
func sequential(t *testing.T, cfg httpclient.Config) int32 {
	t.Helper()
	url, conns, _ := dialCounter(t, 0)
	c := httpclient.New(civ.Hebei, cfg)
	for range 5 {
		if _, err := get(t, c, url); err != nil {
			t.Fatal(err)
		}
	}
	return conns.Load()
}

func TestKeepAlivePoolIsSizedByTheConfig(t *testing.T) {
	if n := sequential(t, fast); n != 1 {
		t.Errorf("%d connections for 5 sequential requests, want 1 kept alive and reused", n)
	}
	none := fast
	none.IdleConns = -1
	if n := sequential(t, none); n != 5 {
		t.Errorf("%d connections for 5 sequential requests with no idle ones kept, want one each", n)
	}

	url, conns, peak := dialCounter(t, 20*time.Millisecond)
	capped := fast
	capped.MaxConns = 2
	c := httpclient.New(civ.Hebei, capped)
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
		t.Errorf("%d connections, %d requests at once; want at most 2 of each with max_conns 2", n, p)
	}
}
