package rediscache_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/cache/rediscache"
	"github.com/civgraph/civgraph/internal/redistest"
	"github.com/civgraph/civgraph/redisconn"
)

var policy = cache.Policy{TTL: time.Minute, StaleGrace: time.Hour, NegativeTTL: 10 * time.Second}

// replica is one gateway's cache over the shared Redis.
type replica struct {
	conn  *redisconn.Conn
	store *rediscache.Store
	cache *cache.Cache
}

func newReplica(t *testing.T, srv *redistest.Server, opts ...cache.Option) replica {
	t.Helper()
	// A generous command timeout: these tests are about coordination, and
	// on a loaded machine the default 100ms would let a slow reply read as
	// Redis being down (each replica then loads on its own).
	conn, err := redisconn.Open(redisconn.Config{URL: srv.URL(), KeyPrefix: "t:", RetryInterval: 100 * time.Millisecond, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	store := rediscache.New(conn, cache.NewMemoryStore(time.Minute), 1<<10)
	opts = append([]cache.Option{cache.WithCoordinator(rediscache.NewLocks(conn, time.Second), 3*time.Second)}, opts...)
	c := cache.New(store, opts...)
	t.Cleanup(func() { _ = c.Close(); _ = conn.Close() })
	return replica{conn: conn, store: store, cache: c}
}

// counting returns a load answering value and counting its calls.
func counting(value string, delay time.Duration) (func(context.Context) ([]byte, error), *atomic.Int32) {
	n := &atomic.Int32{}
	return func(ctx context.Context) ([]byte, error) {
		n.Add(1)
		time.Sleep(delay)
		return []byte(value), nil
	}, n
}

func TestSecondReplicaAnswersFromRedis(t *testing.T) {
	srv := redistest.Start(t)
	a, b := newReplica(t, srv), newReplica(t, srv)
	load, calls := counting("page", 0)
	if _, err := a.cache.Fetch(context.Background(), "hubei:k", policy, load); err != nil {
		t.Fatal(err)
	}
	r, err := b.cache.Fetch(context.Background(), "hubei:k", policy, load)
	if err != nil || string(r.Value) != "page" || !r.Cached {
		t.Fatalf("replica b got %+v, %v; want the cached page", r, err)
	}
	if n := calls.Load(); n != 1 {
		t.Fatalf("%d loads, want 1", n)
	}
}

func TestStaleAndNegativeSemanticsAcrossReplicas(t *testing.T) {
	srv := redistest.Start(t)
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	a := newReplica(t, srv, cache.WithClock(clock))
	b := newReplica(t, srv, cache.WithClock(clock))

	good, _ := counting("v1", 0)
	if _, err := a.cache.Fetch(context.Background(), "hebei:k", policy, good); err != nil {
		t.Fatal(err)
	}
	advance(2 * time.Minute) // past the TTL, within the stale grace
	failing := func(context.Context) ([]byte, error) { return nil, errors.New("upstream down") }
	r, err := b.cache.Fetch(context.Background(), "hebei:k", policy, failing)
	if err != nil || !r.Stale || string(r.Value) != "v1" {
		t.Fatalf("b with a failing upstream got %+v, %v; want v1 flagged stale", r, err)
	}

	missing := func(context.Context) ([]byte, error) { return []byte("none"), fmt.Errorf("x: %w", cache.ErrNotFound) }
	if _, err := a.cache.Fetch(context.Background(), "hebei:gone", policy, missing); err != nil {
		t.Fatal(err)
	}
	load, calls := counting("found", 0)
	if r, err := b.cache.Fetch(context.Background(), "hebei:gone", policy, load); err != nil || !r.NotFound || calls.Load() != 0 {
		t.Fatalf("b got %+v, %v after %d loads; want a's negative entry", r, err, calls.Load())
	}
	advance(11 * time.Second) // past the negative TTL
	if r, _ := b.cache.Fetch(context.Background(), "hebei:gone", policy, load); r.NotFound || calls.Load() != 1 {
		t.Fatalf("past the negative TTL b got %+v after %d loads; want a reload", r, calls.Load())
	}
}

func TestReplicasRacingOnAColdKeyLoadOnce(t *testing.T) {
	srv := redistest.Start(t)
	const n = 5
	replicas := make([]replica, n)
	for i := range replicas {
		replicas[i] = newReplica(t, srv)
	}
	load, calls := counting("page", 100*time.Millisecond)
	var wg sync.WaitGroup
	var cached atomic.Int32
	for _, r := range replicas {
		wg.Go(func() {
			got, err := r.cache.Fetch(context.Background(), "jiangsu:cold", policy, load)
			if err != nil || string(got.Value) != "page" {
				t.Errorf("got %+v, %v", got, err)
			}
			if got.Cached {
				cached.Add(1)
			}
		})
	}
	wg.Wait()
	if c := calls.Load(); c != 1 {
		t.Fatalf("%d replicas made %d upstream calls, want 1", n, c)
	}
	var peer int64
	for _, r := range replicas {
		peer += r.cache.Stats()["jiangsu"].PeerLoads
	}
	if peer != n-1 || cached.Load() != n-1 {
		t.Fatalf("%d replicas took another's load, %d answers flagged cached; want %d", peer, cached.Load(), n-1)
	}
}

func TestDeadLockHolderDoesNotStallOthers(t *testing.T) {
	srv := redistest.Start(t)
	r := newReplica(t, srv)
	// A replica that took the lock and died: its lock expires after its TTL.
	dead := rediscache.NewLocks(r.conn, 300*time.Millisecond)
	if _, held, err := dead.Lock(context.Background(), "shanghai:k"); err != nil || !held {
		t.Fatalf("lock: %v, %v", held, err)
	}
	load, calls := counting("page", 0)
	start := time.Now()
	got, err := r.cache.Fetch(context.Background(), "shanghai:k", policy, load)
	if err != nil || string(got.Value) != "page" || calls.Load() != 1 {
		t.Fatalf("got %+v, %v after %d loads", got, err, calls.Load())
	}
	if d := time.Since(start); d < 250*time.Millisecond || d > 2*time.Second {
		t.Fatalf("waited %s for a dead holder's lock of 300ms", d)
	}
}

func TestRedisDownFallsBackAndRecovers(t *testing.T) {
	srv := redistest.Start(t)
	a := newReplica(t, srv)
	load, calls := counting("page", 0)
	if _, err := a.cache.Fetch(context.Background(), "hubei:k", policy, load); err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	for range 10 { // through the breaker opening
		r, err := a.cache.Fetch(context.Background(), "hubei:k", policy, load)
		if err != nil || string(r.Value) != "page" || !r.Cached {
			t.Fatalf("with redis down got %+v, %v; want the in-process copy", r, err)
		}
	}
	if _, err := a.cache.Fetch(context.Background(), "hubei:other", policy, load); err != nil {
		t.Fatalf("a cold key with redis down: %v", err)
	}
	if calls.Load() != 2 {
		t.Fatalf("%d loads, want 2", calls.Load())
	}
	st := a.conn.Stats()
	if st.Up || st.Outages != 1 || st.Fallbacks["cache_get"] == 0 {
		t.Fatalf("stats with redis down = %+v", st)
	}

	srv.Restart()
	b := newReplica(t, srv)
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, err := a.cache.Fetch(context.Background(), "hubei:after", policy, load); err != nil {
			t.Fatal(err)
		}
		before := calls.Load()
		if r, _ := b.cache.Fetch(context.Background(), "hubei:after", policy, load); r.Cached && calls.Load() == before {
			break // a wrote to redis again and b read it
		}
		if time.Now().After(deadline) {
			t.Fatalf("replica a did not return to redis; stats %+v", a.conn.Stats())
		}
		time.Sleep(50 * time.Millisecond)
		_ = b.store.DeletePrefix(context.Background(), "hubei:after")
	}
}

func TestBoundsAndPurge(t *testing.T) {
	srv := redistest.Start(t)
	a, b := newReplica(t, srv), newReplica(t, srv)
	big, _ := counting(strings.Repeat("x", 2<<10), 0) // over the 1 KiB bound of these replicas
	if _, err := a.cache.Fetch(context.Background(), "hebei:big", policy, big); err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr})
	defer rdb.Close()
	keys, err := rdb.Keys(context.Background(), "t:*").Result()
	if err != nil || len(keys) != 0 {
		t.Fatalf("an oversized answer reached redis: %v, %v", keys, err)
	}
	long := "hebei:" + strings.Repeat("k", 10_000)
	small, _ := counting("v", 0)
	if _, err := a.cache.Fetch(context.Background(), long, policy, small); err != nil {
		t.Fatal(err)
	}
	keys, _ = rdb.Keys(context.Background(), "t:c:*").Result()
	if len(keys) != 1 || len(keys[0]) > len("t:c:")+cache.MaxKeyBytes+1 {
		t.Fatalf("keys in redis = %d, longest %d bytes; want one bounded key", len(keys), len(keys[0]))
	}

	if _, err := a.cache.Fetch(context.Background(), "hubei:kept", policy, small); err != nil {
		t.Fatal(err)
	}
	if n, err := b.cache.Purge(context.Background(), "hebei"); err != nil || n != 1 {
		t.Fatalf("purge removed %d, %v; want the 1 hebei entry in redis", n, err)
	}
	load, calls := counting("v2", 0)
	if r, _ := a.cache.Fetch(context.Background(), long, policy, load); string(r.Value) != "v2" || calls.Load() != 1 {
		t.Fatalf("after b's purge a got %+v; want a reload", r)
	}
	if r, _ := a.cache.Fetch(context.Background(), "hubei:kept", policy, load); string(r.Value) != "v" {
		t.Fatalf("the purge of hebei took hubei's entry: %+v", r)
	}
}

func TestFailedLoadOfAPeerLetsTheNextLoad(t *testing.T) {
	srv := redistest.Start(t)
	a, b := newReplica(t, srv), newReplica(t, srv)
	started := make(chan struct{})
	failing := func(context.Context) ([]byte, error) {
		close(started)
		time.Sleep(100 * time.Millisecond)
		return nil, errors.New("upstream down")
	}
	done := make(chan error)
	go func() {
		_, err := a.cache.Fetch(context.Background(), "hubei:k", policy, failing)
		done <- err
	}()
	<-started // a holds the lock
	load, calls := counting("page", 0)
	begin := time.Now()
	r, err := b.cache.Fetch(context.Background(), "hubei:k", policy, load)
	if err != nil || string(r.Value) != "page" || calls.Load() != 1 {
		t.Fatalf("b got %+v, %v after %d loads", r, err, calls.Load())
	}
	// b waited for a's load, then loaded at once, not after the lock's 1s.
	if d := time.Since(begin); d < 50*time.Millisecond || d > 700*time.Millisecond {
		t.Fatalf("b answered after %s", d)
	}
	if err := <-done; err == nil {
		t.Fatal("a's failing load reported no error")
	}
}
