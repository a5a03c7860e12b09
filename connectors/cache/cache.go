package cache

import (
	"context"
	"time"

	gocache "github.com/patrickmn/go-cache"
	"golang.org/x/sync/singleflight"
)

// Entry is a cached upstream answer and when it was fetched.
type Entry struct {
	Value     []byte
	FetchedAt time.Time
}

// Store is a cache backend. Entries are kept for keep, which exceeds their
// freshness so that stale entries can be served when the upstream fails.
type Store interface {
	Get(ctx context.Context, key string) (Entry, bool)
	Set(ctx context.Context, key string, e Entry, keep time.Duration)
}

// MemoryStore is the in-process Store, backed by go-cache.
type MemoryStore struct{ c *gocache.Cache }

var _ Store = (*MemoryStore)(nil)

// NewMemoryStore returns an in-process store that sweeps expired entries
// every cleanup interval.
func NewMemoryStore(cleanup time.Duration) *MemoryStore {
	return &MemoryStore{c: gocache.New(gocache.NoExpiration, cleanup)}
}

// Get returns the entry under key, if present and not expired.
func (m *MemoryStore) Get(_ context.Context, key string) (Entry, bool) {
	v, ok := m.c.Get(key)
	if !ok {
		return Entry{}, false
	}
	return v.(Entry), true
}

// Set stores e under key for keep.
func (m *MemoryStore) Set(_ context.Context, key string, e Entry, keep time.Duration) {
	m.c.Set(key, e, keep)
}

// Result is what Fetch returns: the bytes and their provenance.
type Result struct {
	Value     []byte
	FetchedAt time.Time
	Cached    bool // answered from the cache
	Stale     bool // past its freshness, served because the upstream failed
}

// Policy says how long an entry is fresh and how much longer it may be
// served when the upstream fails.
type Policy struct {
	TTL        time.Duration // freshness; 0 disables caching
	StaleGrace time.Duration // extra time a stale entry may be served on error
}

// Cache combines a Store with request coalescing and stale-if-error.
type Cache struct {
	store Store
	group singleflight.Group
	now   func() time.Time
}

// New returns a Cache over store.
func New(store Store) *Cache {
	return &Cache{store: store, now: time.Now}
}

// Fetch returns the fresh entry under key, or calls load once for all
// concurrent callers of the same key and caches its answer. When load
// fails and an entry within its stale grace exists, that entry is returned
// with Stale set and no error.
func (c *Cache) Fetch(ctx context.Context, key string, p Policy, load func(context.Context) ([]byte, error)) (Result, error) {
	if p.TTL <= 0 {
		v, err := load(ctx)
		return Result{Value: v, FetchedAt: c.now()}, err
	}
	old, found := c.store.Get(ctx, key)
	if found && c.now().Sub(old.FetchedAt) < p.TTL {
		return Result{Value: old.Value, FetchedAt: old.FetchedAt, Cached: true}, nil
	}
	ch := c.group.DoChan(key, func() (any, error) {
		// The shared load must not die with the first caller's context.
		v, err := load(context.WithoutCancel(ctx))
		if err != nil {
			return nil, err
		}
		e := Entry{Value: v, FetchedAt: c.now()}
		c.store.Set(ctx, key, e, p.TTL+p.StaleGrace)
		return e, nil
	})
	select {
	case <-ctx.Done():
		if found {
			return Result{Value: old.Value, FetchedAt: old.FetchedAt, Cached: true, Stale: true}, nil
		}
		return Result{}, ctx.Err()
	case r := <-ch:
		if r.Err != nil {
			if found {
				return Result{Value: old.Value, FetchedAt: old.FetchedAt, Cached: true, Stale: true}, nil
			}
			return Result{}, r.Err
		}
		e := r.Val.(Entry)
		return Result{Value: e.Value, FetchedAt: e.FetchedAt, Cached: r.Shared}, nil
	}
}
