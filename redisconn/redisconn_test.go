package redisconn_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/civgraph/civgraph/internal/redistest"
	"github.com/civgraph/civgraph/internal/syncbuf"
	"github.com/civgraph/civgraph/redisconn"
)

func open(t *testing.T, url string, cfg redisconn.Config) *redisconn.Conn {
	t.Helper()
	cfg.URL = url
	c, err := redisconn.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func ping(c *redisconn.Conn) error {
	return c.Do(context.Background(), "ping", func(ctx context.Context, rdb *redis.Client) error { return rdb.Ping(ctx).Err() })
}

func TestReplicasAgreeOnOneSharedSecret(t *testing.T) {
	srv := redistest.Start(t)
	var got [][]byte
	for range 3 {
		s, err := open(t, srv.URL(), redisconn.Config{}).SharedSecret(context.Background(), "cursor", 32, time.Second)
		if err != nil || len(s) != 32 {
			t.Fatalf("secret %x, %v", s, err)
		}
		got = append(got, s)
	}
	if !bytes.Equal(got[0], got[1]) || !bytes.Equal(got[1], got[2]) {
		t.Fatalf("replicas got different secrets: %x", got)
	}
	other, err := open(t, srv.URL(), redisconn.Config{KeyPrefix: "other:"}).SharedSecret(context.Background(), "cursor", 32, time.Second)
	if err != nil || bytes.Equal(other, got[0]) {
		t.Fatalf("another key prefix shares the secret: %x, %v", other, err)
	}
}

func TestOutageIsCountedLoggedOnceAndRecovered(t *testing.T) {
	srv := redistest.Start(t)
	var logs syncbuf.Buffer
	var hooked sync.Map
	c := open(t, srv.URL(), redisconn.Config{
		RetryInterval: 100 * time.Millisecond,
		Logger:        slog.New(slog.NewTextHandler(&logs, nil)),
		OnFallback:    func(op string) { hooked.Store(op, true) },
	})
	if err := ping(c); err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	start := time.Now()
	for range 50 {
		if err := ping(c); err == nil {
			t.Fatal("ping succeeded with redis stopped")
		}
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("50 commands with redis down took %s: the breaker does not cut them short", d)
	}
	st := c.Stats()
	if st.Up || st.Outages != 1 || st.Fallbacks["ping"] != 50 {
		t.Fatalf("stats = %+v", st)
	}
	if _, ok := hooked.Load("ping"); !ok {
		t.Fatal("OnFallback was not called")
	}
	if err := ping(c); !errors.Is(err, redisconn.ErrUnavailable) {
		t.Fatalf("with the breaker open: %v, want ErrUnavailable", err)
	}
	if n := strings.Count(logs.String(), "level=WARN"); n != 1 {
		t.Fatalf("%d warnings for one outage:\n%s", n, logs.String())
	}

	srv.Restart()
	deadline := time.Now().Add(3 * time.Second)
	for ping(c) != nil || !c.Up() {
		if time.Now().After(deadline) {
			t.Fatalf("not back on redis: %+v", c.Stats())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(logs.String(), "redis answers again") {
		t.Fatalf("no recovery logged:\n%s", logs.String())
	}
}

func TestUnreachableAtStartDoesNotFailOpen(t *testing.T) {
	c := open(t, "redis://127.0.0.1:1/0", redisconn.Config{})
	if _, err := c.SharedSecret(context.Background(), "cursor", 32, 200*time.Millisecond); err == nil {
		t.Fatal("a shared secret from an unreachable redis")
	}
	if _, err := redisconn.Open(redisconn.Config{URL: "http://x"}); err == nil {
		t.Fatal("Open accepted an http URL")
	}
}
