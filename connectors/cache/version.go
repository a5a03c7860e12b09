package cache

import (
	"sync"
	"sync/atomic"
)

// versionTable counts, per partition, the loads that reached the cache and
// the purges: a partition whose number moved may hold different data than
// before. Partitions come from the connectors' key prefixes, a handful.
type versionTable struct{ m sync.Map } // partition name → *atomic.Uint64

func (t *versionTable) of(partition string) *atomic.Uint64 {
	if v, ok := t.m.Load(partition); ok {
		return v.(*atomic.Uint64)
	}
	v, _ := t.m.LoadOrStore(partition, new(atomic.Uint64))
	return v.(*atomic.Uint64)
}

// Version returns partition's data version: a number that changes
// whenever an upstream answer for that partition is loaded (by a caller,
// a coalesced load or a background refresh) or the partition is purged.
// Whatever was built from the partition's data while the number stayed
// the same was built from the same answers; a cache of whole responses
// checks it to never serve an answer older than the data.
func (c *Cache) Version(partition string) uint64 { return c.versions.of(partition).Load() }
