package cache

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/civgraph/civgraph/panics"
)

// Defaults of background refreshes and shared loads.
const (
	DefaultRefreshConcurrency = 4
	DefaultLoadTimeout        = 10 * time.Second
	DefaultRefreshPercent     = 80 // of the TTL, for policies without RefreshAfter
)

// ErrNotFound is what a load returns (wrapped, along with the answer's
// bytes) when the upstream says the thing asked for does not exist: the
// answer is cached as a negative entry, fresh for Policy.NegativeTTL only,
// and Fetch returns it without error, flagged NotFound.
var ErrNotFound = errors.New("not found")

// Result is what Fetch returns: the bytes and their provenance.
type Result struct {
	Value     []byte
	FetchedAt time.Time
	Cached    bool // answered from the cache
	Stale     bool // past its freshness, served because the upstream failed or is being retried
	NotFound  bool // a negative answer (see ErrNotFound)
	// Transient marks an answer that was not kept (TTL 0): nothing
	// derived from it will be asked for again, so it is not worth keeping
	// either (kit.PagedRows decodes it without its memo).
	Transient bool
}

// Policy says how long an entry is fresh and how much longer it may be
// served when the upstream fails.
type Policy struct {
	TTL        time.Duration // freshness; 0 disables caching
	StaleGrace time.Duration // extra time a stale entry may be served on error
	// RefreshAfter is the age from which a fresh entry that is read is
	// refreshed in the background while callers keep getting it
	// (stale-while-revalidate); 0 means the cache's refresh percent of
	// TTL, and a value not below TTL disables it.
	RefreshAfter time.Duration
	// NegativeTTL is how long a "not found" answer is kept; 0 keeps none.
	NegativeTTL time.Duration
	// Empty, when set, reports whether a good answer found nothing (an
	// empty page, an id that names no record): such an answer is kept
	// as a negative entry, for NegativeTTL, like one whose load returned
	// ErrNotFound.
	Empty func(value []byte) bool
}

// Cache combines a Store with request coalescing, stale-if-error,
// stale-while-revalidate, negative entries and an optional disk copy of
// the last good answers.
type Cache struct {
	store Store
	disk  *DiskStore
	group singleflight.Group
	now   func() time.Time
	log   *slog.Logger
	stats statsTable
	// versions moves with every load and purge (see Version).
	versions versionTable

	loadTimeout    time.Duration
	refreshPercent int
	refreshSem     chan struct{}
	refreshing     sync.Map // key → struct{}: one background refresh per key

	// peers, when set, makes replicas sharing the store load a cold key
	// once; peerWait bounds how long a replica waits for another's load.
	peers    Coordinator
	peerWait time.Duration

	// base ends on Close; loads that outlive their caller run under it,
	// and wg counts them so Close can wait for them.
	base    context.Context
	stop    context.CancelFunc
	closeMu sync.RWMutex
	closed  bool
	wg      sync.WaitGroup
	closing sync.Once
	err     error // of closing the disk store
}

// Option configures a Cache.
type Option func(*Cache)

// WithDisk keeps the last good answers in d as well, and reads them back on
// a memory miss. Cache.Close closes d.
func WithDisk(d *DiskStore) Option { return func(c *Cache) { c.disk = d } }

// WithRefresh bounds background refreshes: at most concurrency at once
// (more are skipped, the next read tries again), and every load that
// outlives its caller ends after timeout.
func WithRefresh(concurrency int, timeout time.Duration) Option {
	return func(c *Cache) {
		if concurrency > 0 {
			c.refreshSem = make(chan struct{}, concurrency)
		}
		if timeout > 0 {
			c.loadTimeout = timeout
		}
	}
}

// WithRefreshPercent sets the age, in percent of TTL, from which entries
// of policies without RefreshAfter are refreshed in the background; 100
// disables it.
func WithRefreshPercent(pct int) Option {
	return func(c *Cache) {
		if pct > 0 {
			c.refreshPercent = pct
		}
	}
}

// WithClock sets the clock.
func WithClock(now func() time.Time) Option { return func(c *Cache) { c.now = now } }

// WithLogger sets the logger.
func WithLogger(l *slog.Logger) Option { return func(c *Cache) { c.log = l } }

// New returns a Cache over store.
func New(store Store, opts ...Option) *Cache {
	c := &Cache{store: store, now: time.Now, log: slog.New(slog.DiscardHandler), loadTimeout: DefaultLoadTimeout, refreshPercent: DefaultRefreshPercent}
	for _, o := range opts {
		o(c)
	}
	if c.refreshSem == nil {
		c.refreshSem = make(chan struct{}, DefaultRefreshConcurrency)
	}
	c.base, c.stop = context.WithCancel(context.Background())
	return c
}

// Fetch returns the fresh entry under key, or calls load once for all
// concurrent callers of the same key and caches its answer. A fresh entry
// past p.RefreshAfter is returned at once and refreshed in the background.
// When load fails and an entry within its stale grace exists, that entry is
// returned with Stale set and no error. Keys longer than MaxKeyBytes are
// hashed (BoundKey).
func (c *Cache) Fetch(ctx context.Context, key string, p Policy, load func(context.Context) ([]byte, error)) (Result, error) {
	st := c.stats.of(PartitionOf(key))
	if p.TTL <= 0 {
		st.misses.Add(1)
		v, err := load(ctx)
		return Result{Value: v, FetchedAt: c.now(), Transient: true}, err
	}
	key = BoundKey(key)
	old, found := c.lookup(ctx, key, p, st)
	now := c.now()
	if found {
		age := now.Sub(old.FetchedAt)
		switch {
		case old.NotFound && age < min(p.NegativeTTL, p.TTL):
			st.negative.Add(1)
			c.persist(ctx, key, old, p)
			return Result{Value: old.Value, FetchedAt: old.FetchedAt, Cached: true, NotFound: true}, nil
		case !old.NotFound && age < p.TTL:
			st.hits.Add(1)
			c.persist(ctx, key, old, p)
			if age >= c.refreshAfter(p) {
				c.refresh(key, old.FetchedAt, p, load, st)
			}
			return Result{Value: old.Value, FetchedAt: old.FetchedAt, Cached: true}, nil
		case old.Restored:
			// Read back after a restart: answer at once with the last good
			// data, flagged stale, while the upstream is tried behind it.
			st.stale.Add(1)
			c.refresh(key, old.FetchedAt, p, load, st)
			return Result{Value: old.Value, FetchedAt: old.FetchedAt, Cached: true, Stale: true, NotFound: old.NotFound}, nil
		}
	}
	st.misses.Add(1)
	ch := c.group.DoChan(key, func() (any, error) {
		// The shared load must not die with the first caller's context,
		// but it ends with the cache and after its own timeout.
		lctx, cancel := c.detach(ctx)
		defer cancel()
		return c.loadAndStore(lctx, key, p, load, found, old.FetchedAt, st)
	})
	stale := func() (Result, error) {
		st.stale.Add(1)
		return Result{Value: old.Value, FetchedAt: old.FetchedAt, Cached: true, Stale: true, NotFound: old.NotFound}, nil
	}
	select {
	case <-ctx.Done():
		if found {
			return stale()
		}
		return Result{}, ctx.Err()
	case r := <-ch:
		if r.Shared {
			st.coalesced.Add(1)
		}
		if r.Err != nil {
			if found {
				return stale()
			}
			return Result{}, r.Err
		}
		l := r.Val.(loaded)
		return Result{Value: l.Value, FetchedAt: l.FetchedAt, Cached: r.Shared || l.fromPeer, NotFound: l.NotFound}, nil
	}
}

// refreshAfter is the age from which an entry under p is refreshed.
func (c *Cache) refreshAfter(p Policy) time.Duration {
	if p.RefreshAfter > 0 {
		return p.RefreshAfter
	}
	return p.TTL / 100 * time.Duration(c.refreshPercent)
}

// lookup reads key from the store, then from the disk store, whose entry
// is copied back into memory.
func (c *Cache) lookup(ctx context.Context, key string, p Policy, st *counters) (Entry, bool) {
	if e, ok := c.store.Get(ctx, key); ok {
		return e, true
	}
	if c.disk == nil {
		return Entry{}, false
	}
	e, ok := c.disk.Get(key)
	if !ok {
		return Entry{}, false
	}
	st.disk.Add(1)
	c.store.Set(ctx, key, e, max(p.TTL+p.StaleGrace-c.now().Sub(e.FetchedAt), p.TTL))
	return e, true
}

// loadAndStore calls load and keeps its answer for TTL plus grace (and on
// disk when reused, see persist): fresh for TTL, or NegativeTTL when it
// found nothing, then servable as stale data when the upstream fails. A
// failure is not kept, nor a negative answer when NegativeTTL is 0. With
// peers, an entry another replica stored after since is taken instead of
// calling load (see fromPeer).
func (c *Cache) loadAndStore(ctx context.Context, key string, p Policy, load func(context.Context) ([]byte, error), reused bool, since time.Time, st *counters) (loaded, error) {
	if c.peers != nil {
		e, ok, release := c.fromPeer(ctx, key, since)
		defer release()
		if ok {
			st.peer.Add(1)
			return loaded{Entry: e, fromPeer: true}, nil
		}
	}
	v, err := loadSafely(ctx, load)
	// Whatever the outcome, what the partition answers may now differ.
	defer c.versions.of(PartitionOf(key)).Add(1)
	e := Entry{Value: v, FetchedAt: c.now()}
	switch {
	case errors.Is(err, ErrNotFound), err == nil && p.Empty != nil && p.Empty(v):
		e.NotFound = true
		if p.NegativeTTL <= 0 {
			return loaded{Entry: e}, nil
		}
	case err != nil:
		return loaded{}, err
	}
	if c.disk != nil && reused {
		c.disk.Put(key, e)
		e.Persisted = true
	}
	c.store.Set(ctx, key, e, p.TTL+p.StaleGrace)
	return loaded{Entry: e}, nil
}

// loaded is the outcome of a shared load: the entry, and whether another
// replica loaded it (so it is a cached answer to this one's callers).
type loaded struct {
	Entry
	fromPeer bool
}

// loadSafely calls load, recovering its panic as a *panics.Error: loads
// run under singleflight, which re-panics beyond any recover, or in a
// background refresh, where nobody would recover it.
func loadSafely(ctx context.Context, load func(context.Context) ([]byte, error)) (v []byte, err error) {
	defer panics.Recover(&err)
	return load(ctx)
}

// persist hands an entry to the disk store the first time it is read
// again: only answers asked for more than once reach the disk, so a
// client sending one-off queries cannot push the useful ones out of it.
func (c *Cache) persist(ctx context.Context, key string, e Entry, p Policy) {
	if c.disk == nil || e.Persisted || e.Restored {
		return
	}
	c.disk.Put(key, e)
	e.Persisted = true
	c.store.Set(ctx, key, e, p.TTL+p.StaleGrace-c.now().Sub(e.FetchedAt))
}

// refresh starts a background load of key, whose entry was fetched at
// seen, unless one is running, the concurrency limit is reached or the
// cache is closed. The load joins any in-flight load of the same key, and
// is skipped when a newer entry has arrived meanwhile, so the upstream sees
// one request.
func (c *Cache) refresh(key string, seen time.Time, p Policy, load func(context.Context) ([]byte, error), st *counters) {
	if _, busy := c.refreshing.LoadOrStore(key, struct{}{}); busy {
		return
	}
	select {
	case c.refreshSem <- struct{}{}:
	default:
		c.refreshing.Delete(key)
		st.skipped.Add(1)
		return
	}
	if !c.track() {
		<-c.refreshSem
		c.refreshing.Delete(key)
		return
	}
	st.refreshes.Add(1)
	go func() {
		defer c.wg.Done()
		defer func() { <-c.refreshSem }()
		defer c.refreshing.Delete(key)
		if e, ok := c.store.Get(c.base, key); ok && e.FetchedAt.After(seen) {
			return
		}
		ch := c.group.DoChan(key, func() (any, error) {
			ctx, cancel := context.WithTimeout(c.base, c.loadTimeout)
			defer cancel()
			return c.loadAndStore(ctx, key, p, load, true, seen, st)
		})
		if r := <-ch; r.Err != nil {
			st.failures.Add(1)
			if pe := (*panics.Error)(nil); errors.As(r.Err, &pe) {
				c.log.Error("background cache refresh panicked", "partition", PartitionOf(key), "panic", pe.Value, "stack", string(pe.Stack))
				return
			}
			c.log.Debug("background cache refresh failed", "partition", PartitionOf(key), "err", r.Err)
		}
	}()
}

// track counts one more goroutine that Close must wait for; it reports
// false once the cache is closed.
func (c *Cache) track() bool {
	c.closeMu.RLock()
	defer c.closeMu.RUnlock()
	if c.closed {
		return false
	}
	c.wg.Add(1)
	return true
}

// detach returns a context for a load shared by several callers: it keeps
// ctx's values, not its end, and ends after the load timeout or on Close.
func (c *Cache) detach(ctx context.Context) (context.Context, context.CancelFunc) {
	lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.loadTimeout)
	stop := context.AfterFunc(c.base, cancel)
	return lctx, func() { stop(); cancel() }
}

// Purge removes every entry of a partition (one province), in memory and
// on disk, and reports how many memory entries it removed.
func (c *Cache) Purge(ctx context.Context, partition string) (int, error) {
	prefix := partition + ":"
	defer c.versions.of(partition).Add(1)
	n := c.store.DeletePrefix(ctx, prefix)
	if c.disk != nil {
		if _, err := c.disk.DeletePrefix(prefix); err != nil {
			return n, err
		}
	}
	return n, nil
}

// CountCoalesced counts one caller of key's partition that took another
// caller's identical load, made outside the cache (an uncached read shared
// while in flight), in the partition's coalesced waits.
func (c *Cache) CountCoalesced(key string) {
	c.stats.of(PartitionOf(key)).coalesced.Add(1)
}

// Stats returns the counters of every partition seen so far, with what the
// store holds for it when the store accounts its size.
func (c *Cache) Stats() map[string]Stats {
	var usage map[string]Usage
	if u, ok := c.store.(UsageReporter); ok {
		usage = u.Usage()
	}
	return c.stats.snapshot(usage)
}

// Close stops background refreshes, cancels loads that outlived their
// callers, waits for them, and closes the disk store. Fetch keeps working
// after Close, without background refreshes.
func (c *Cache) Close() error {
	c.closing.Do(func() {
		c.closeMu.Lock()
		c.closed = true
		c.closeMu.Unlock()
		c.stop()
		c.wg.Wait()
		if c.disk != nil {
			c.err = c.disk.Close()
		}
	})
	return c.err
}
