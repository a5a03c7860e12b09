package cache_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/civgraph/civgraph/connectors/cache"
)

// TestMemoryStoreNeverExceedsItsLimits inserts entries of random sizes
// into random partitions and checks after every insert that the accounted
// bytes and entries stay within the total and per-partition limits.
func TestMemoryStoreNeverExceedsItsLimits(t *testing.T) {
	total := cache.Limit{MaxBytes: 256 << 10, MaxEntries: 300}
	hubei := cache.Limit{MaxBytes: 64 << 10}
	m := cache.NewMemoryStore(time.Minute, cache.WithLimits(total, map[string]cache.Limit{"hubei": hubei}))
	rng := rand.New(rand.NewPCG(1, 2))
	parts := []string{"hebei", "hubei", "jiangsu", "shanghai"}
	ctx := context.Background()
	for i := range 5000 {
		part := parts[rng.IntN(len(parts))]
		key := fmt.Sprintf("%s:%d:%s", part, rng.IntN(2000), strings.Repeat("k", rng.IntN(300)))
		value := make([]byte, rng.IntN(8<<10))
		m.Set(ctx, key, cache.Entry{Value: value, FetchedAt: time.Now()}, time.Hour)
		if rng.IntN(4) == 0 {
			m.Get(ctx, key)
		}
		bytes, entries := m.Total()
		if bytes > total.MaxBytes || entries > total.MaxEntries {
			t.Fatalf("after insert %d: %d bytes in %d entries, over the limit %+v", i, bytes, entries, total)
		}
		if u := m.Usage()["hubei"]; u.Bytes > hubei.MaxBytes {
			t.Fatalf("after insert %d: hubei holds %d bytes, over its limit %d", i, u.Bytes, hubei.MaxBytes)
		}
	}
	var sum int64
	for _, u := range m.Usage() {
		sum += u.Bytes
		if u.Evictions == 0 {
			t.Errorf("a partition never evicted: the test did not reach the limits")
		}
	}
	if bytes, _ := m.Total(); bytes != sum {
		t.Fatalf("total %d bytes but partitions sum to %d", bytes, sum)
	}
}

func TestMemoryStoreEvictsLeastRecentlyUsed(t *testing.T) {
	// Room for three entries of this size, not four.
	value := make([]byte, 1000)
	size := int64(len("p:a") + len(value) + 320)
	m := cache.NewMemoryStore(time.Minute, cache.WithLimits(cache.Limit{MaxBytes: 3*size + size/2}, nil))
	ctx := context.Background()
	for _, k := range []string{"p:a", "p:b", "p:c"} {
		m.Set(ctx, k, cache.Entry{Value: value}, time.Hour)
	}
	m.Get(ctx, "p:a") // a is now the most recent; b the least
	m.Set(ctx, "p:d", cache.Entry{Value: value}, time.Hour)
	for k, want := range map[string]bool{"p:a": true, "p:b": false, "p:c": true, "p:d": true} {
		if _, ok := m.Get(ctx, k); ok != want {
			t.Errorf("%s present = %v, want %v", k, ok, want)
		}
	}
	// An entry larger than the whole bound is not kept, and evicts nothing.
	m.Set(ctx, "p:huge", cache.Entry{Value: make([]byte, 10*size)}, time.Hour)
	if _, ok := m.Get(ctx, "p:huge"); ok {
		t.Errorf("an entry over the byte limit was kept")
	}
	if _, ok := m.Get(ctx, "p:a"); !ok {
		t.Errorf("a rejected entry evicted others")
	}
	if u := m.Usage()["p"]; u.Rejected != 1 || u.Evictions != 1 {
		t.Errorf("usage = %+v, want 1 rejected and 1 evicted", u)
	}
}

func TestMemoryStoreAccountsExpiredEntries(t *testing.T) {
	m := cache.NewMemoryStore(5 * time.Millisecond)
	ctx := context.Background()
	m.Set(ctx, "p:a", cache.Entry{Value: []byte("v")}, time.Millisecond)
	m.Set(ctx, "p:b", cache.Entry{Value: []byte("v")}, time.Hour)
	deadline := time.Now().Add(2 * time.Second)
	for {
		if _, entries := m.Total(); entries == 1 {
			break
		}
		if time.Now().After(deadline) {
			_, entries := m.Total()
			t.Fatalf("%d entries accounted after the first expired, want 1", entries)
		}
		time.Sleep(5 * time.Millisecond)
	}
	// Overwriting and purging keep the accounts straight too.
	m.Set(ctx, "p:b", cache.Entry{Value: []byte("longer value")}, time.Hour)
	m.Set(ctx, "q:c", cache.Entry{Value: []byte("v")}, time.Hour)
	if n := m.DeletePrefix(ctx, "p:"); n != 1 {
		t.Fatalf("purged %d entries, want 1", n)
	}
	if bytes, entries := m.Total(); entries != 1 || bytes != int64(len("q:c")+1+320) {
		t.Fatalf("after purge: %d bytes in %d entries, want only q:c", bytes, entries)
	}
}

func TestBoundKey(t *testing.T) {
	short := "hubei:" + strings.Repeat("a", 200)
	if cache.BoundKey(short) != short {
		t.Fatalf("a short key was changed")
	}
	long1 := "hubei:" + strings.Repeat("a", 4000) + "1"
	long2 := "hubei:" + strings.Repeat("a", 4000) + "2"
	b1, b2 := cache.BoundKey(long1), cache.BoundKey(long2)
	if len(b1) != cache.MaxKeyBytes+1 || len(b2) != cache.MaxKeyBytes+1 {
		t.Fatalf("bounded keys are %d and %d bytes, want %d", len(b1), len(b2), cache.MaxKeyBytes+1)
	}
	if b1 == b2 || cache.BoundKey(long1) != b1 {
		t.Fatalf("bounded keys must be distinct per key and stable")
	}
	if cache.PartitionOf(b1) != "hubei" {
		t.Fatalf("the partition of a bounded key is %q", cache.PartitionOf(b1))
	}
}

// TestDroppedStoresStopTheirJanitor: go-cache stops its sweeping goroutine
// once its cache is garbage, which the eviction callback must not prevent.
func TestDroppedStoresStopTheirJanitor(t *testing.T) {
	before := runtime.NumGoroutine()
	for range 20 {
		m := cache.NewMemoryStore(time.Millisecond)
		m.Set(context.Background(), "p:k", cache.Entry{Value: []byte("v")}, time.Millisecond)
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before+2 {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines, %d before 20 dropped stores: their janitors still run", runtime.NumGoroutine(), before)
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
}
