package cache_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civgraph/civgraph/connectors/cache"
)

var policy = cache.Policy{TTL: time.Minute, StaleGrace: time.Hour}

func TestFetchCachesUntilTTL(t *testing.T) {
	c := cache.New(cache.NewMemoryStore(time.Minute))
	var loads atomic.Int32
	load := func(context.Context) ([]byte, error) { loads.Add(1); return []byte("v"), nil }
	first, err := c.Fetch(context.Background(), "k", policy, load)
	if err != nil || first.Cached || string(first.Value) != "v" {
		t.Fatalf("first = %+v, %v", first, err)
	}
	second, err := c.Fetch(context.Background(), "k", policy, load)
	if err != nil || !second.Cached || !second.FetchedAt.Equal(first.FetchedAt) || loads.Load() != 1 {
		t.Fatalf("second = %+v, %v, loads %d; want a cache hit", second, err, loads.Load())
	}
	if _, err := c.Fetch(context.Background(), "k", cache.Policy{}, load); err != nil || loads.Load() != 2 {
		t.Fatalf("TTL 0 must bypass the cache: loads %d", loads.Load())
	}
}

func TestConcurrentFetchesAreCoalesced(t *testing.T) {
	c := cache.New(cache.NewMemoryStore(time.Minute))
	var loads atomic.Int32
	release := make(chan struct{})
	load := func(context.Context) ([]byte, error) {
		loads.Add(1)
		<-release
		return []byte("v"), nil
	}
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if r, err := c.Fetch(context.Background(), "k", policy, load); err != nil || string(r.Value) != "v" {
				t.Errorf("fetch = %+v, %v", r, err)
			}
		})
	}
	// Let the callers pile up on the one in-flight load before it ends.
	for loads.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond)
	close(release)
	wg.Wait()
	if loads.Load() != 1 {
		t.Fatalf("%d loads for 20 concurrent identical fetches, want 1", loads.Load())
	}
}

func TestStaleIfError(t *testing.T) {
	c := cache.New(cache.NewMemoryStore(time.Minute))
	short := cache.Policy{TTL: time.Nanosecond, StaleGrace: time.Hour}
	if _, err := c.Fetch(context.Background(), "k", short, func(context.Context) ([]byte, error) { return []byte("old"), nil }); err != nil {
		t.Fatal(err)
	}
	down := errors.New("upstream down")
	r, err := c.Fetch(context.Background(), "k", short, func(context.Context) ([]byte, error) { return nil, down })
	if err != nil || !r.Stale || string(r.Value) != "old" {
		t.Fatalf("got %+v, %v; want the old value flagged stale", r, err)
	}
	if _, err := c.Fetch(context.Background(), "other", short, func(context.Context) ([]byte, error) { return nil, down }); !errors.Is(err, down) {
		t.Fatalf("err = %v, want the load error when nothing is cached", err)
	}
	// A failed load is not cached: the next call loads again.
	var loads atomic.Int32
	_, _ = c.Fetch(context.Background(), "other", short, func(context.Context) ([]byte, error) { loads.Add(1); return []byte("new"), nil })
	if loads.Load() != 1 {
		t.Fatalf("a failed load must not be cached")
	}
}
