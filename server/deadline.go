package server

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// lazyDeadline is ctx with a deadline whose timer is made only when
// someone waits for it: the first call to Done (or a context derived from
// it, which calls Done) makes the real context.WithDeadline and everything
// after goes to that. A request answered without waiting on its context —
// a kept answer served from the response cache — then never pays for a
// timer, a cancel context and its registration with the connection's.
// Until then Err compares the clock with the deadline itself.
type lazyDeadline struct {
	parent   context.Context
	deadline time.Time

	made     atomic.Pointer[context.Context] // the real context, once made
	mu       sync.Mutex
	cancel   context.CancelFunc
	released bool
}

var _ context.Context = (*lazyDeadline)(nil)

// withLazyDeadline returns parent with a deadline d from now and the
// function that releases it, as context.WithTimeout does.
func withLazyDeadline(parent context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	c := &lazyDeadline{parent: parent, deadline: time.Now().Add(d)}
	if pd, ok := parent.Deadline(); ok && pd.Before(c.deadline) {
		c.deadline = pd
	}
	return c, c.release
}

// real returns the real context, making it on first use. After release it
// is an already canceled one, as context.WithTimeout's would be.
func (c *lazyDeadline) real() context.Context {
	if p := c.made.Load(); p != nil {
		return *p
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if p := c.made.Load(); p != nil {
		return *p
	}
	ctx, cancel := context.WithDeadline(c.parent, c.deadline)
	if c.released {
		cancel()
	}
	c.cancel = cancel
	c.made.Store(&ctx)
	return ctx
}

func (c *lazyDeadline) release() {
	c.mu.Lock()
	c.released = true
	cancel := c.cancel
	c.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

func (c *lazyDeadline) Deadline() (time.Time, bool) { return c.deadline, true }

func (c *lazyDeadline) Done() <-chan struct{} { return c.real().Done() }

func (c *lazyDeadline) Err() error {
	if p := c.made.Load(); p != nil {
		return (*p).Err()
	}
	c.mu.Lock()
	released := c.released
	c.mu.Unlock()
	if released || c.parent.Err() != nil || !time.Now().Before(c.deadline) {
		return c.real().Err() // from now on the real one answers, Cause too
	}
	return nil
}

// Value asks the real context once it is made: the context package finds
// its cancel context through Value, so that contexts derived from this one
// hang on the real one directly.
func (c *lazyDeadline) Value(key any) any {
	if p := c.made.Load(); p != nil {
		return (*p).Value(key)
	}
	return c.parent.Value(key)
}

// AfterFunc lets context.AfterFunc and derived contexts register with the
// real context instead of starting a goroutine each.
func (c *lazyDeadline) AfterFunc(f func()) (stop func() bool) {
	return context.AfterFunc(c.real(), f)
}

func (c *lazyDeadline) String() string { return "server.lazyDeadline" }
