package cache

import (
	"container/list"
	"context"
	"strings"
	"sync"
	"time"

	gocache "github.com/patrickmn/go-cache"
)

// Default bounds of a MemoryStore built without WithLimits.
const (
	DefaultMaxBytes   int64 = 64 << 20
	DefaultMaxEntries       = 100_000
)

// entryOverhead is what one entry costs beyond its key and value bytes:
// the go-cache item and map slot, the index map slot, the LRU node and
// element (measured at about 300 bytes with Go 1.26). It is
// charged to every entry so that many tiny entries cannot escape the bound.
const entryOverhead = 320

// Limit bounds a store or one of its partitions; a zero field means no
// limit of that kind at this level.
type Limit struct {
	MaxBytes   int64
	MaxEntries int
}

func (l Limit) exceeded(bytes int64, entries int) bool {
	return (l.MaxBytes > 0 && bytes > l.MaxBytes) || (l.MaxEntries > 0 && entries > l.MaxEntries)
}

// MemoryStore is the in-process Store: go-cache keeps the entries and
// expires them; beside it an index accounts every entry's bytes and keeps
// each partition's entries in recency order, so that the store stays
// within its limits whatever keys and values arrive. Over a partition's own
// limit, that partition's least recently used entries go; over the total
// limit, the least recently used entries of the partition holding the most
// bytes go, so one busy province cannot starve the others.
type MemoryStore struct {
	c *gocache.Cache

	mu      sync.Mutex
	total   Limit
	limits  map[string]Limit // per partition
	index   map[string]*node
	parts   map[string]*partition
	bytes   int64
	entries int

	expired *expiredQueue
}

// expiredQueue holds the entries go-cache reported evicted. OnEvicted may
// run while MemoryStore.mu is held (from Delete), so it only queues them
// here and the next operation under mu settles the accounts. It is apart
// from MemoryStore so that the callback, which go-cache's janitor keeps
// alive, does not keep the store alive: go-cache stops its janitor only
// once its cache is garbage.
type expiredQueue struct {
	mu    sync.Mutex
	nodes []*node
}

type node struct {
	key     string
	part    *partition
	size    int64
	elem    *list.Element
	removed bool // unlinked from the index; a later eviction report is ignored
}

type partition struct {
	lru       list.List // of *node, most recent first
	bytes     int64
	entries   int
	evictions int64
	rejected  int64
}

type item struct {
	e Entry
	n *node
}

var (
	_ Store         = (*MemoryStore)(nil)
	_ UsageReporter = (*MemoryStore)(nil)
)

// MemoryOption configures a MemoryStore.
type MemoryOption func(*MemoryStore)

// WithLimits sets the store's total limit and per-partition limits (keyed
// by PartitionOf). A partition without its own limit shares the total.
func WithLimits(total Limit, partitions map[string]Limit) MemoryOption {
	return func(m *MemoryStore) {
		m.total = total
		for p, l := range partitions {
			m.limits[p] = l
		}
	}
}

// NewMemoryStore returns an in-process store that sweeps expired entries
// every cleanup interval, bounded by DefaultMaxBytes and DefaultMaxEntries
// unless WithLimits says otherwise.
func NewMemoryStore(cleanup time.Duration, opts ...MemoryOption) *MemoryStore {
	m := &MemoryStore{
		total:  Limit{MaxBytes: DefaultMaxBytes, MaxEntries: DefaultMaxEntries},
		limits: map[string]Limit{},
		index:  map[string]*node{},
		parts:  map[string]*partition{},
	}
	for _, o := range opts {
		o(m)
	}
	q := &expiredQueue{}
	m.expired = q
	m.c = gocache.New(gocache.NoExpiration, cleanup)
	m.c.OnEvicted(func(_ string, v any) {
		q.mu.Lock()
		q.nodes = append(q.nodes, v.(item).n)
		q.mu.Unlock()
	})
	return m
}

// Get returns the entry under key, if present and not expired, and marks
// it recently used.
func (m *MemoryStore) Get(_ context.Context, key string) (Entry, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.settleLocked()
	v, ok := m.c.Get(key)
	if !ok {
		return Entry{}, false
	}
	it := v.(item)
	if !it.n.removed {
		it.n.part.lru.MoveToFront(it.n.elem)
	}
	return it.e, true
}

// Set stores e under key for keep, evicting what the limits require. An
// entry larger than its partition's or the store's byte limit is not kept.
func (m *MemoryStore) Set(_ context.Context, key string, e Entry, keep time.Duration) {
	// A value's capacity is what it holds on to: a page unquoted from a
	// string (kit.Quoted) is allocated at its quoted length.
	size := int64(len(key)+cap(e.Value)) + entryOverhead
	name := PartitionOf(key)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.settleLocked()
	p := m.parts[name]
	if p == nil {
		p = &partition{}
		m.parts[name] = p
	}
	if old := m.index[key]; old != nil {
		m.unlinkLocked(old)
	}
	if lim := m.limits[name]; (lim.MaxBytes > 0 && size > lim.MaxBytes) || (m.total.MaxBytes > 0 && size > m.total.MaxBytes) {
		m.c.Delete(key)
		p.rejected++
		return
	}
	n := &node{key: key, part: p, size: size}
	n.elem = p.lru.PushFront(n)
	m.index[key] = n
	p.bytes += size
	p.entries++
	m.bytes += size
	m.entries++
	m.c.Set(key, item{e: e, n: n}, keep)

	for m.limits[name].exceeded(p.bytes, p.entries) {
		m.evictLocked(p)
	}
	for m.total.exceeded(m.bytes, m.entries) {
		m.evictLocked(m.largestLocked())
	}
}

// DeletePrefix removes every entry whose key starts with prefix.
func (m *MemoryStore) DeletePrefix(_ context.Context, prefix string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.settleLocked()
	var doomed []*node
	for k, n := range m.index {
		if strings.HasPrefix(k, prefix) {
			doomed = append(doomed, n)
		}
	}
	for _, n := range doomed {
		m.unlinkLocked(n)
		m.c.Delete(n.key)
	}
	return len(doomed)
}

// Usage reports the accounted bytes and entries per partition.
func (m *MemoryStore) Usage() map[string]Usage {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.settleLocked()
	out := make(map[string]Usage, len(m.parts))
	for name, p := range m.parts {
		out[name] = Usage{Bytes: p.bytes, Entries: p.entries, Evictions: p.evictions, Rejected: p.rejected}
	}
	return out
}

// Total reports the accounted bytes and entries of the whole store.
func (m *MemoryStore) Total() (bytes int64, entries int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.settleLocked()
	return m.bytes, m.entries
}

func (m *MemoryStore) evictLocked(p *partition) {
	back := p.lru.Back()
	if back == nil {
		return
	}
	n := back.Value.(*node)
	m.unlinkLocked(n)
	p.evictions++
	m.c.Delete(n.key)
}

// largestLocked is the partition holding the most bytes: the one to shrink
// when the store as a whole is over its limit.
func (m *MemoryStore) largestLocked() *partition {
	var big *partition
	for _, p := range m.parts {
		if p.entries > 0 && (big == nil || p.bytes > big.bytes) {
			big = p
		}
	}
	return big
}

func (m *MemoryStore) unlinkLocked(n *node) {
	if n.removed {
		return
	}
	n.removed = true
	n.part.lru.Remove(n.elem)
	n.part.bytes -= n.size
	n.part.entries--
	m.bytes -= n.size
	m.entries--
	if m.index[n.key] == n {
		delete(m.index, n.key)
	}
}

// settleLocked unlinks the entries go-cache expired since the last call.
func (m *MemoryStore) settleLocked() {
	m.expired.mu.Lock()
	done := m.expired.nodes
	m.expired.nodes = nil
	m.expired.mu.Unlock()
	for _, n := range done {
		m.unlinkLocked(n)
	}
}
