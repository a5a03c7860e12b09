package cache

import (
	"sync"
	"sync/atomic"
)

// Stats are one partition's counters (a partition is a key prefix: one
// province) since the cache was built, plus what its store holds now.
type Stats struct {
	Hits             int64 // answered from the cache, fresh
	Misses           int64 // had to wait for the upstream (or were not cacheable)
	StaleServes      int64 // answered with data past its TTL, flagged stale
	NegativeHits     int64 // answered "not found" from a negative entry
	Coalesced        int64 // waited on another caller's identical load
	PeerLoads        int64 // took the entry another replica loaded instead of calling the upstream
	Refreshes        int64 // background refreshes started
	RefreshesSkipped int64 // refreshes not started: at the concurrency limit
	RefreshFailures  int64 // background refreshes whose load failed
	DiskHits         int64 // entries read back from the disk store
	Usage                  // bytes and entries held in memory, evictions
}

type counters struct {
	hits, misses, stale, negative, coalesced, peer, refreshes, skipped, failures, disk atomic.Int64
}

// statsTable holds the counters of each partition. Partitions come from
// the connectors' key prefixes, a handful, never from client input.
type statsTable struct{ m sync.Map } // partition name → *counters

func (t *statsTable) of(partition string) *counters {
	if c, ok := t.m.Load(partition); ok {
		return c.(*counters)
	}
	c, _ := t.m.LoadOrStore(partition, &counters{})
	return c.(*counters)
}

func (t *statsTable) snapshot(usage map[string]Usage) map[string]Stats {
	out := map[string]Stats{}
	t.m.Range(func(k, v any) bool {
		c := v.(*counters)
		out[k.(string)] = Stats{
			Hits: c.hits.Load(), Misses: c.misses.Load(), StaleServes: c.stale.Load(), NegativeHits: c.negative.Load(),
			Coalesced: c.coalesced.Load(), PeerLoads: c.peer.Load(), Refreshes: c.refreshes.Load(), RefreshesSkipped: c.skipped.Load(),
			RefreshFailures: c.failures.Load(), DiskHits: c.disk.Load(),
		}
		return true
	})
	for name, u := range usage {
		s := out[name]
		s.Usage = u
		out[name] = s
	}
	return out
}
