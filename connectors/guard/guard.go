package guard

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/sony/gobreaker/v2"
	"golang.org/x/time/rate"
)

// Defaults used where a Config field is zero. The breaker counts attempts,
// and a call makes up to seven (httpclient.DefaultRetryMax): a province
// failing 30% of attempts, which the retries absorb, fails five in a row
// about once in 600 attempts and starts one window in twenty above 50%;
// ten in a row (0.3^10 ≈ 6e-6) or 80% of a window it never does in
// practice, while a province that is down still trips the breaker within
// its second call.
const (
	DefaultConsecutiveFailures = 10
	DefaultFailurePercent      = 80
	DefaultMinRequests         = 20
	DefaultWindow              = time.Minute
	DefaultOpenTimeout         = 30 * time.Second
	DefaultProbes              = 1
	DefaultRetryAfterMax       = 10 * time.Minute
	DefaultQuotaPeriod         = time.Second
)

// Config tunes a Guard. A zero field means "use the default"; QuotaRequests
// 0 means no quota.
type Config struct {
	ConsecutiveFailures int           // open after this many failures in a row
	FailurePercent      int           // … or when this share of the window's attempts failed
	MinRequests         int           // … once the window holds at least this many attempts
	Window              time.Duration // how long the closed breaker counts attempts
	OpenTimeout         time.Duration // how long it stays open before probing
	Probes              int           // attempts let through half-open; as many successes close it
	RetryAfterMax       time.Duration // longest Retry-After hold honoured
	QuotaRequests       int           // attempts allowed per QuotaPeriod (0: no quota)
	QuotaPeriod         time.Duration
	QuotaBurst          int // attempts allowed at once (0: QuotaRequests)
}

func (c Config) withDefaults() Config {
	set := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	setD := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	set(&c.ConsecutiveFailures, DefaultConsecutiveFailures)
	set(&c.FailurePercent, DefaultFailurePercent)
	set(&c.MinRequests, DefaultMinRequests)
	set(&c.Probes, DefaultProbes)
	set(&c.QuotaBurst, c.QuotaRequests)
	setD(&c.Window, DefaultWindow)
	setD(&c.OpenTimeout, DefaultOpenTimeout)
	setD(&c.RetryAfterMax, DefaultRetryAfterMax)
	setD(&c.QuotaPeriod, DefaultQuotaPeriod)
	c.FailurePercent = min(c.FailurePercent, 100)
	return c
}

// BreakerState is the circuit breaker's state as operators see it.
type BreakerState string

// Breaker states.
const (
	Closed   BreakerState = "CLOSED"
	HalfOpen BreakerState = "HALF_OPEN"
	Open     BreakerState = "OPEN"
)

// Reason says why an attempt was refused.
type Reason string

// Refusal reasons.
const (
	ReasonOpen  Reason = "circuit open"         // the breaker fails fast
	ReasonHeld  Reason = "retry-after in force" // the upstream asked to wait
	ReasonQuota Reason = "quota exhausted"      // the client-side quota would make the caller wait past its deadline
)

// Refusal is returned instead of making an attempt. RetryAfter is how long
// until an attempt may be made (0 when unknown).
type Refusal struct {
	Reason     Reason
	RetryAfter time.Duration
}

func (r *Refusal) Error() string {
	if r.RetryAfter > 0 {
		return fmt.Sprintf("%s; retry after %s", r.Reason, r.RetryAfter.Round(time.Millisecond))
	}
	return string(r.Reason)
}

// AsRefusal extracts a *Refusal from err's chain.
func AsRefusal(err error) (*Refusal, bool) {
	var r *Refusal
	ok := errors.As(err, &r)
	return r, ok
}

// Outcome is what an attempt says about the upstream's health.
type Outcome int

// Outcomes.
const (
	Healthy Outcome = iota // it answered (even if with a client error)
	Unwell                 // 5xx, 429, network failure, attempt timeout
	Neutral                // says nothing: the caller gave up first
)

// Errors given to the breaker's done callback; only their identity matters.
var (
	errUnwell  = errors.New("unwell")
	errNeutral = errors.New("neutral")
)

// Guard protects one upstream; it is safe for concurrent use and meant to
// be shared by every request to that upstream.
type Guard struct {
	cfg     Config
	cb      *gobreaker.TwoStepCircuitBreaker[struct{}]
	limiter *rate.Limiter // nil: no quota
	now     func() time.Time

	mu        sync.Mutex
	heldUntil time.Time
	openUntil time.Time
}

// Option customizes a Guard.
type Option func(*Guard)

// WithClock sets the clock that Retry-After holds are measured on (tests).
// Deadlines, the quota and the breaker's timers use the real clock.
func WithClock(now func() time.Time) Option { return func(g *Guard) { g.now = now } }

// New returns a Guard named name (used in breaker diagnostics).
func New(name string, cfg Config, opts ...Option) *Guard {
	cfg = cfg.withDefaults()
	g := &Guard{cfg: cfg, now: time.Now}
	for _, o := range opts {
		o(g)
	}
	if cfg.QuotaRequests > 0 {
		every := cfg.QuotaPeriod / time.Duration(cfg.QuotaRequests)
		g.limiter = rate.NewLimiter(rate.Every(every), cfg.QuotaBurst)
	}
	g.cb = gobreaker.NewTwoStepCircuitBreaker[struct{}](gobreaker.Settings{
		Name:        name,
		MaxRequests: uint32(cfg.Probes),
		Interval:    cfg.Window,
		Timeout:     cfg.OpenTimeout,
		ReadyToTrip: func(c gobreaker.Counts) bool {
			if c.ConsecutiveFailures >= uint32(cfg.ConsecutiveFailures) {
				return true
			}
			counted := c.TotalSuccesses + c.TotalFailures
			return counted >= uint32(cfg.MinRequests) && uint64(c.TotalFailures)*100 >= uint64(counted)*uint64(cfg.FailurePercent)
		},
		IsSuccessful: func(err error) bool { return err == nil },
		IsExcluded:   func(err error) bool { return errors.Is(err, errNeutral) },
		OnStateChange: func(_ string, _, to gobreaker.State) {
			if to == gobreaker.StateOpen {
				g.mu.Lock()
				g.openUntil = time.Now().Add(cfg.OpenTimeout)
				g.mu.Unlock()
			}
		},
	})
	return g
}

// Config returns the effective configuration, defaults filled in.
func (g *Guard) Config() Config { return g.cfg }

// State returns the breaker's state.
func (g *Guard) State() BreakerState {
	switch g.cb.State() {
	case gobreaker.StateOpen:
		return Open
	case gobreaker.StateHalfOpen:
		return HalfOpen
	}
	return Closed
}

// HeldFor returns how long the current Retry-After hold still lasts (0
// when none is in force).
func (g *Guard) HeldFor() time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	return max(g.heldUntil.Sub(g.now()), 0)
}

// Hold records that the upstream asked for no call before d from now. The
// hold is bounded by Config.RetryAfterMax and never shortened by a later,
// smaller request. It returns the hold in force.
func (g *Guard) Hold(d time.Duration) time.Duration {
	d = min(d, g.cfg.RetryAfterMax)
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	if until := now.Add(d); until.After(g.heldUntil) {
		g.heldUntil = until
	}
	return max(g.heldUntil.Sub(now), 0)
}

// Acquire asks to make one attempt under ctx. On success it returns done,
// which the caller must call exactly once with the attempt's outcome. It
// refuses at once (a *Refusal) while a hold is in force, while the breaker
// is open, or when the quota would make the caller wait past its deadline;
// otherwise it waits for the quota (a context error if ctx ends first).
func (g *Guard) Acquire(ctx context.Context) (done func(Outcome), err error) {
	if held := g.HeldFor(); held > 0 {
		if held > Budget(ctx, time.Now()) {
			return nil, &Refusal{Reason: ReasonHeld, RetryAfter: held}
		}
		if err := sleep(ctx, held); err != nil {
			return nil, err
		}
	}
	// Look before taking a quota token: an open breaker must cost nothing.
	if g.cb.State() == gobreaker.StateOpen {
		return nil, g.openRefusal()
	}
	if err := g.waitQuota(ctx); err != nil {
		return nil, err
	}
	finish, err := g.cb.Allow()
	if err != nil {
		return nil, g.openRefusal()
	}
	var once sync.Once
	return func(o Outcome) {
		once.Do(func() {
			switch o {
			case Unwell:
				finish(errUnwell)
			case Neutral:
				finish(errNeutral)
			default:
				finish(nil)
			}
		})
	}, nil
}

func (g *Guard) openRefusal() *Refusal {
	g.mu.Lock()
	defer g.mu.Unlock()
	return &Refusal{Reason: ReasonOpen, RetryAfter: max(time.Until(g.openUntil), 0)}
}

// waitQuota takes one token, waiting for it when the wait fits within
// ctx's deadline (see Budget) and refusing at once when it does not.
func (g *Guard) waitQuota(ctx context.Context) error {
	if g.limiter == nil {
		return nil
	}
	now := time.Now()
	budget := Budget(ctx, now)
	// Look before reserving: a reservation cancelled after later ones were
	// made cannot give its token back, so refusals must not reserve.
	if tokens := g.limiter.TokensAt(now); tokens < 1 {
		if wait := time.Duration((1 - tokens) / float64(g.limiter.Limit()) * float64(time.Second)); wait > budget {
			return &Refusal{Reason: ReasonQuota, RetryAfter: wait}
		}
	}
	r := g.limiter.ReserveN(now, 1)
	if !r.OK() {
		return &Refusal{Reason: ReasonQuota}
	}
	delay := r.DelayFrom(now)
	if delay <= 0 {
		return nil
	}
	if delay > budget {
		r.CancelAt(now)
		return &Refusal{Reason: ReasonQuota, RetryAfter: delay}
	}
	if err := sleep(ctx, delay); err != nil {
		r.Cancel()
		return err
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

type deadlineKey struct{}

// KeepDeadline records ctx's deadline as a value, so that it survives
// context.WithoutCancel: the cache runs a shared load detached from its
// first caller, and the guard must still not make that load wait past the
// caller's deadline.
func KeepDeadline(ctx context.Context) context.Context {
	if d, ok := ctx.Deadline(); ok {
		return context.WithValue(ctx, deadlineKey{}, d)
	}
	return ctx
}

// Budget returns how long ctx may still wait at now: the time to the
// earlier of its deadline and one recorded by KeepDeadline. With neither it
// is unbounded.
func Budget(ctx context.Context, now time.Time) time.Duration {
	budget := time.Duration(math.MaxInt64)
	if d, ok := ctx.Deadline(); ok {
		budget = min(budget, d.Sub(now))
	}
	if d, ok := ctx.Value(deadlineKey{}).(time.Time); ok {
		budget = min(budget, d.Sub(now))
	}
	return budget
}
