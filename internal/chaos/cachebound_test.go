package chaos_test

import (
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/internal/chaos"
)

// TestRestartDuringOutageServesLastKnownGood: Hubei goes down, the
// gateway restarts with an empty memory; Hubei's last good answer comes
// back from the cache file, flagged STALE, with no error, while the other
// provinces answer fresh, and Hubei is asked again in the background.
func TestRestartDuringOutageServesLastKnownGood(t *testing.T) {
	const ttl = 200 * time.Millisecond
	r := newRig(t, func(c *config.Config) {
		c.Cache.DiskPath = filepath.Join(t.TempDir(), "last-known-good.db")
		c.Sources.Hubei.CacheTTL = ttl
	})
	warm := r.run(chaos.Load{Queries: 2, Concurrency: 1, Query: chaos.SameMeetings})
	if !warm[0].OK() || !warm[1].OK() {
		t.Fatalf("warm-up: %+v", warm)
	}
	r.set(chaos.Scenarios["outage-hubei"].Faults)
	r.restart()
	time.Sleep(ttl)

	before := r.calls()["hubei"]
	o := r.run(chaos.Load{Queries: 1, Query: chaos.SameMeetings})[0]
	got := sourcesOf(o)
	if !o.OK() || got["HUBEI"] != "STALE" {
		t.Fatalf("after the restart: sources %v, errors %+v; want Hubei STALE from the cache file and no error", got, o.Errors)
	}
	// The stale copy is answered at once and Hubei retried behind it: wait
	// for that call rather than race it.
	for end := time.Now().Add(5 * time.Second); r.calls()["hubei"] == before && time.Now().Before(end); {
		time.Sleep(10 * time.Millisecond)
	}
	if r.calls()["hubei"] == before {
		t.Errorf("Hubei was not asked again after its last known answer was served")
	}
}

// TestManyDistinctQueriesStayWithinTheCacheBound: 20,000 distinct
// queries (80,000 upstream answers) leave the cache within its byte bound
// and the heap within that bound plus the decoded-page memo's and a
// margin for the runtime.
func TestManyDistinctQueriesStayWithinTheCacheBound(t *testing.T) {
	const bound, memo, margin = 2 << 20, 1 << 20, 24 << 20
	r := newRig(t, func(c *config.Config) { c.Cache.MaxBytes, c.Cache.MemoMaxBytes = bound, memo })
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := heap()
	s := chaos.Summarize(r.run(chaos.Load{Queries: queriesForBound, Concurrency: 1, Query: chaos.DistinctFrom(0)}))
	if s.OK != queriesForBound {
		t.Fatalf("%d of %d queries succeeded", s.OK, queriesForBound)
	}
	var cached int64
	evicted := int64(0)
	for _, st := range r.gw.CacheStats() {
		cached += st.Bytes
		evicted += st.Evictions
	}
	after := heap()
	if cached > bound {
		t.Errorf("cache holds %d bytes, bound %d", cached, bound)
	}
	if evicted == 0 {
		t.Errorf("no entry was evicted: the queries did not fill the cache")
	}
	if after > before+bound+memo+margin {
		t.Errorf("heap grew from %d to %d bytes over %d queries, more than the cache and memo bounds and %d of margin", before, after, s.Queries, margin)
	}
	t.Logf("%d queries: cache %d bytes (bound %d), %d evictions, heap %d → %d bytes", s.Queries, cached, bound, evicted, before, after)
}
