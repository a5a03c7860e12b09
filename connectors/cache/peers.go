package cache

import (
	"context"
	"time"
)

// DefaultPeerWait bounds how long a replica waits for another replica's
// load of the same key before loading it itself.
const DefaultPeerWait = 5 * time.Second

// Poll intervals while waiting for another replica's load: short at first,
// as most loads take milliseconds, then backing off.
const (
	peerPollMin = 5 * time.Millisecond
	peerPollMax = 50 * time.Millisecond
)

// Coordinator lets replicas that share a Store load each key once: the
// replica holding a key's load lock calls the upstream, the others wait
// for its entry. An implementation keeps its locks short-lived, so that a
// replica dying with a lock stalls the others for no longer than that.
type Coordinator interface {
	// Lock tries to take key's load lock. held is false when another
	// replica holds it; an error means no coordination is possible now
	// (the caller then loads by itself). release gives the lock up, if
	// it is still this caller's.
	Lock(ctx context.Context, key string) (release func(), held bool, err error)
	// Locked reports whether some replica holds key's load lock.
	Locked(ctx context.Context, key string) (bool, error)
}

// WithCoordinator coordinates loads with the other replicas sharing the
// store: a replica waits at most wait (0: DefaultPeerWait) for another's
// load of the same key before calling the upstream itself.
func WithCoordinator(co Coordinator, wait time.Duration) Option {
	return func(c *Cache) {
		c.peers = co
		c.peerWait = wait
		if wait <= 0 {
			c.peerWait = DefaultPeerWait
		}
	}
}

// fromPeer returns an entry of key stored after since by another replica
// (ok), or takes key's load lock for this replica (release gives it up).
// While another replica holds the lock it polls the store for its entry;
// when that replica gives the lock up without storing one (its load
// failed, or it died and the lock expired), the lock is tried again. After
// peerWait, or when coordination fails, it gives up and the caller loads.
func (c *Cache) fromPeer(ctx context.Context, key string, since time.Time) (e Entry, ok bool, release func()) {
	noop := func() {}
	deadline := time.Now().Add(c.peerWait)
	for {
		release, held, err := c.peers.Lock(ctx, key)
		if err != nil {
			return Entry{}, false, noop
		}
		// Newer data may have arrived between the caller's lookup and
		// the lock: a replica that just finished its load.
		if e, ok := c.newer(ctx, key, since); ok {
			if held {
				release()
			}
			return e, true, noop
		}
		if held {
			return Entry{}, false, release
		}
		e, ok, gone := c.awaitPeer(ctx, key, since, deadline)
		if ok {
			return e, true, noop
		}
		if !gone {
			return Entry{}, false, noop
		}
	}
}

// awaitPeer polls the store for key's entry newer than since until the
// lock is given up (gone), the deadline passes or ctx ends.
func (c *Cache) awaitPeer(ctx context.Context, key string, since, deadline time.Time) (e Entry, ok, gone bool) {
	wait := peerPollMin
	t := time.NewTimer(wait)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return Entry{}, false, false
		case <-t.C:
		}
		if e, ok := c.newer(ctx, key, since); ok {
			return e, true, false
		}
		locked, err := c.peers.Locked(ctx, key)
		if err != nil {
			return Entry{}, false, false
		}
		if !locked {
			return Entry{}, false, true
		}
		if !time.Now().Before(deadline) {
			return Entry{}, false, false
		}
		wait = min(2*wait, peerPollMax)
		t.Reset(wait)
	}
}

// newer returns key's entry when it was fetched after since.
func (c *Cache) newer(ctx context.Context, key string, since time.Time) (Entry, bool) {
	e, ok := c.store.Get(ctx, key)
	if ok && e.FetchedAt.After(since) {
		return e, true
	}
	return Entry{}, false
}
