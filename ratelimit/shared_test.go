package ratelimit_test

import (
	"testing"
	"time"

	"github.com/civgraph/civgraph/internal/redistest"
	"github.com/civgraph/civgraph/ratelimit"
	"github.com/civgraph/civgraph/redisconn"
)

func shared(t *testing.T, url string) (*ratelimit.Shared, *redisconn.Conn) {
	t.Helper()
	conn, err := redisconn.Open(redisconn.Config{URL: url, RetryInterval: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return ratelimit.NewShared(conn, ratelimit.New(1, 3, 100, time.Minute)), conn
}

func TestSharedBucketAcrossReplicas(t *testing.T) {
	srv := redistest.Start(t)
	a, _ := shared(t, srv.URL())
	b, _ := shared(t, srv.URL())
	now := time.Now()
	allowed := 0
	for i := range 6 {
		l := a
		if i%2 == 1 {
			l = b
		}
		if ok, _ := l.AllowRate("addr:192.0.2.1", 0, now); ok {
			allowed++
		}
	}
	if allowed != 3 {
		t.Fatalf("%d of 6 allowed across two replicas, want the shared burst of 3", allowed)
	}
	ok, wait := b.AllowRate("addr:192.0.2.1", 0, now)
	if ok || wait <= 0 || wait > time.Second {
		t.Fatalf("over the limit: %v, retry after %s", ok, wait)
	}
	if ok, _ := a.AllowRate("addr:192.0.2.2", 0, now); !ok {
		t.Fatal("another client was limited")
	}
	// An API key's own rate: 100/s refills a token every 10ms.
	for range 3 {
		a.AllowRate("id:fast", 100, now)
	}
	time.Sleep(30 * time.Millisecond)
	if ok, _ := b.AllowRate("id:fast", 100, time.Now()); !ok {
		t.Fatal("a client with its own higher rate was not refilled at it")
	}
}

func TestSharedFallsBackToLocalLimits(t *testing.T) {
	srv := redistest.Start(t)
	l, conn := shared(t, srv.URL())
	srv.Stop()
	now := time.Now()
	allowed := 0
	for range 5 {
		if ok, _ := l.AllowRate("addr:192.0.2.1", 0, now); ok {
			allowed++
		}
	}
	if allowed != 3 {
		t.Fatalf("with redis down %d of 5 allowed, want the local burst of 3", allowed)
	}
	if conn.Stats().Fallbacks["ratelimit"] != 5 {
		t.Fatalf("fallbacks = %+v", conn.Stats())
	}
}
