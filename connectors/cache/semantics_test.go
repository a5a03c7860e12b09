package cache_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civgraph/civgraph/connectors/cache"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func newClock() *clock { return &clock{t: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)} }

var swr = cache.Policy{TTL: time.Minute, StaleGrace: time.Hour, RefreshAfter: 45 * time.Second, NegativeTTL: 10 * time.Second}

func TestStaleWhileRevalidate(t *testing.T) {
	clk := newClock()
	c := cache.New(cache.NewMemoryStore(time.Minute), cache.WithClock(clk.now))
	defer c.Close()
	var loads atomic.Int32
	release := make(chan struct{})
	load := func(ctx context.Context) ([]byte, error) {
		n := loads.Add(1)
		if n > 1 {
			select { // the refresh: held until every caller has been answered
			case <-release:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		return fmt.Appendf(nil, "v%d", n), nil
	}
	first, err := c.Fetch(context.Background(), "p:k", swr, load)
	if err != nil || string(first.Value) != "v1" {
		t.Fatalf("first = %+v, %v", first, err)
	}
	clk.add(50 * time.Second) // past the refresh point, within the TTL
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			start := time.Now()
			r, err := c.Fetch(context.Background(), "p:k", swr, load)
			if err != nil || string(r.Value) != "v1" || !r.Cached || r.Stale {
				t.Errorf("during the refresh got %+v, %v; want the cached v1", r, err)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("a caller waited %s for an aging entry", d)
			}
		})
	}
	wg.Wait()
	close(release)
	waitFor(t, func() bool { return c.Stats()["p"].Refreshes == 1 && loads.Load() == 2 })
	waitFor(t, func() bool {
		r, _ := c.Fetch(context.Background(), "p:k", swr, load)
		return string(r.Value) == "v2"
	})
	if n := loads.Load(); n != 2 {
		t.Fatalf("%d loads, want 2: the first and exactly one background refresh", n)
	}
	if s := c.Stats()["p"]; s.Refreshes != 1 || s.Hits < 20 {
		t.Fatalf("stats = %+v", s)
	}
}

func TestRefreshesAreBoundedAndEndWithClose(t *testing.T) {
	clk := newClock()
	c := cache.New(cache.NewMemoryStore(time.Minute), cache.WithClock(clk.now), cache.WithRefresh(2, time.Hour))
	var running, peak atomic.Int32
	hang := func(ctx context.Context) ([]byte, error) {
		if v := running.Add(1); v > peak.Load() {
			peak.Store(v)
		}
		defer running.Add(-1)
		<-ctx.Done() // an upstream that never answers
		return nil, ctx.Err()
	}
	for i := range 10 {
		if _, err := c.Fetch(context.Background(), fmt.Sprint("p:", i), swr, func(context.Context) ([]byte, error) { return []byte("v"), nil }); err != nil {
			t.Fatal(err)
		}
	}
	clk.add(50 * time.Second)
	for i := range 10 {
		if r, err := c.Fetch(context.Background(), fmt.Sprint("p:", i), swr, hang); err != nil || string(r.Value) != "v" {
			t.Fatalf("got %+v, %v", r, err)
		}
	}
	waitFor(t, func() bool { return running.Load() == 2 })
	if s := c.Stats()["p"]; s.Refreshes != 2 || s.RefreshesSkipped != 8 {
		t.Fatalf("stats = %+v, want 2 refreshes and 8 skipped", s)
	}
	done := make(chan struct{})
	go func() { _ = c.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not end the hanging refreshes")
	}
	if running.Load() != 0 || peak.Load() != 2 {
		t.Fatalf("running %d, peak %d; want 0 and 2", running.Load(), peak.Load())
	}
}

func TestNegativeEntriesExpireSooner(t *testing.T) {
	clk := newClock()
	c := cache.New(cache.NewMemoryStore(time.Minute), cache.WithClock(clk.now))
	defer c.Close()
	var loads atomic.Int32
	missing := func(context.Context) ([]byte, error) {
		loads.Add(1)
		return []byte(`{"total":0}`), fmt.Errorf("id 42: %w", cache.ErrNotFound)
	}
	for range 3 {
		r, err := c.Fetch(context.Background(), "p:id=42", swr, missing)
		if err != nil || !r.NotFound || string(r.Value) != `{"total":0}` {
			t.Fatalf("got %+v, %v; want the negative answer", r, err)
		}
	}
	if loads.Load() != 1 || c.Stats()["p"].NegativeHits != 2 {
		t.Fatalf("%d loads, stats %+v: the negative answer was not cached", loads.Load(), c.Stats()["p"])
	}
	clk.add(swr.NegativeTTL) // past the negative TTL, well within the TTL
	found := func(context.Context) ([]byte, error) { loads.Add(1); return []byte("row"), nil }
	if r, err := c.Fetch(context.Background(), "p:id=42", swr, found); err != nil || r.NotFound || string(r.Value) != "row" {
		t.Fatalf("got %+v, %v; want the new answer", r, err)
	}
	// Past its negative TTL, a negative entry is still the last good
	// answer: served, flagged stale, when the upstream fails.
	down := errors.New("down")
	if _, err := c.Fetch(context.Background(), "p:id=43", swr, missing); err != nil {
		t.Fatal(err)
	}
	clk.add(swr.NegativeTTL)
	r, err := c.Fetch(context.Background(), "p:id=43", swr, func(context.Context) ([]byte, error) { return nil, down })
	if err != nil || !r.Stale || !r.NotFound {
		t.Fatalf("got %+v, %v; want the negative answer flagged stale", r, err)
	}
	// With no negative TTL, a negative answer is not kept.
	noNeg := swr
	noNeg.NegativeTTL = 0
	for range 2 {
		if _, err := c.Fetch(context.Background(), "p:id=44", noNeg, missing); err != nil {
			t.Fatal(err)
		}
	}
	if loads.Load() != 5 {
		t.Fatalf("%d loads; a negative answer was kept without a negative TTL", loads.Load())
	}
}

func TestDiskStoreServesLastGoodAfterRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache.db")
	clk := newClock()
	open := func() *cache.Cache {
		d, err := cache.OpenDisk(cache.DiskConfig{Path: path, Now: clk.now})
		if err != nil {
			t.Fatal(err)
		}
		return cache.New(cache.NewMemoryStore(time.Minute), cache.WithDisk(d), cache.WithClock(clk.now))
	}
	a := open()
	// Only answers asked for again reach the disk: p:once does not.
	for _, k := range []string{"p:1", "p:2", "q:1", "p:1", "p:2", "q:1", "p:once"} {
		if _, err := a.Fetch(context.Background(), k, swr, func(context.Context) ([]byte, error) { return []byte("good " + k), nil }); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}

	b := open()
	defer b.Close()
	var loads atomic.Int32
	down := func(context.Context) ([]byte, error) { loads.Add(1); return nil, errors.New("upstream down") }
	// Within its TTL a restored entry is simply a hit.
	if r, err := b.Fetch(context.Background(), "p:1", swr, down); err != nil || string(r.Value) != "good p:1" || r.Stale {
		t.Fatalf("got %+v, %v; want the restored fresh entry", r, err)
	}
	clk.add(2 * time.Minute)
	if r, err := b.Fetch(context.Background(), "p:2", swr, down); err != nil || string(r.Value) != "good p:2" || !r.Stale {
		t.Fatalf("got %+v, %v; want the restored entry flagged stale", r, err)
	}
	waitFor(t, func() bool { return b.Stats()["p"].RefreshFailures == 1 })
	if loads.Load() != 1 {
		t.Fatalf("%d loads, want 1 background try", loads.Load())
	}
	if _, err := b.Fetch(context.Background(), "p:once", swr, down); err == nil {
		t.Fatalf("an answer read only once was written to disk")
	}
	// Purging a partition removes it from disk too.
	if _, err := b.Purge(context.Background(), "q"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Fetch(context.Background(), "q:1", swr, down); err == nil {
		t.Fatalf("a purged entry was served")
	}
}

func TestDiskStoreStaysWithinItsBytes(t *testing.T) {
	d, err := cache.OpenDisk(cache.DiskConfig{Path: filepath.Join(t.TempDir(), "c.db"), MaxBytes: 64 << 10})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for i := range 400 {
		d.Put(fmt.Sprintf("p:%04d", i), cache.Entry{Value: make([]byte, 1000), FetchedAt: time.Now()})
		if i%50 == 0 {
			d.Flush()
		}
	}
	d.Flush()
	if n := d.Bytes(); n > 64<<10 || n < 32<<10 {
		t.Fatalf("%d bytes on disk, want within (32 KiB, 64 KiB]", n)
	}
	if _, ok := d.Get("p:0000"); ok {
		t.Errorf("the oldest entry survived")
	}
	if _, ok := d.Get("p:0399"); !ok {
		t.Errorf("the newest entry is missing")
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5s")
		}
		time.Sleep(2 * time.Millisecond)
	}
}
