package guard_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/civgraph/civgraph/connectors/guard"
)

// fakeClock is a settable clock for Retry-After holds.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func attempt(t *testing.T, g *guard.Guard, o guard.Outcome) error {
	t.Helper()
	done, err := g.Acquire(context.Background())
	if err != nil {
		return err
	}
	done(o)
	return nil
}

func wantRefusal(t *testing.T, err error, reason guard.Reason) *guard.Refusal {
	t.Helper()
	r, ok := guard.AsRefusal(err)
	if !ok || r.Reason != reason {
		t.Fatalf("err = %v, want a refusal for %q", err, reason)
	}
	return r
}

func TestBreakerOpensAfterConsecutiveFailuresAndProbesToRecover(t *testing.T) {
	g := guard.New("test", guard.Config{ConsecutiveFailures: 3, OpenTimeout: 50 * time.Millisecond, Probes: 2})
	for range 2 {
		if err := attempt(t, g, guard.Unwell); err != nil {
			t.Fatal(err)
		}
	}
	if g.State() != guard.Closed {
		t.Fatalf("state after 2 failures = %s, want CLOSED", g.State())
	}
	if err := attempt(t, g, guard.Unwell); err != nil {
		t.Fatal(err)
	}
	if g.State() != guard.Open {
		t.Fatalf("state after 3 failures = %s, want OPEN", g.State())
	}
	r := wantRefusal(t, attempt(t, g, guard.Healthy), guard.ReasonOpen)
	if r.RetryAfter <= 0 || r.RetryAfter > 50*time.Millisecond {
		t.Errorf("open refusal RetryAfter = %s, want within the open timeout", r.RetryAfter)
	}

	time.Sleep(60 * time.Millisecond)
	if g.State() != guard.HalfOpen {
		t.Fatalf("state after the open timeout = %s, want HALF_OPEN", g.State())
	}
	// Two probes may be in flight; a third is refused until they report.
	d1, err1 := g.Acquire(context.Background())
	d2, err2 := g.Acquire(context.Background())
	if err1 != nil || err2 != nil {
		t.Fatalf("probes refused: %v, %v", err1, err2)
	}
	wantRefusal(t, attempt(t, g, guard.Healthy), guard.ReasonOpen)
	d1(guard.Healthy)
	d2(guard.Healthy)
	if g.State() != guard.Closed {
		t.Fatalf("state after two good probes = %s, want CLOSED", g.State())
	}
}

func TestBreakerFailedProbeReopens(t *testing.T) {
	g := guard.New("test", guard.Config{ConsecutiveFailures: 1, OpenTimeout: 20 * time.Millisecond})
	_ = attempt(t, g, guard.Unwell)
	time.Sleep(30 * time.Millisecond)
	if err := attempt(t, g, guard.Unwell); err != nil {
		t.Fatal(err)
	}
	if g.State() != guard.Open {
		t.Fatalf("state after a failed probe = %s, want OPEN", g.State())
	}
}

func TestBreakerOpensOnFailureRatio(t *testing.T) {
	g := guard.New("test", guard.Config{ConsecutiveFailures: 100, FailurePercent: 50, MinRequests: 10})
	for i := range 9 {
		o := guard.Healthy
		if i%2 == 1 {
			o = guard.Unwell
		}
		_ = attempt(t, g, o)
	}
	if g.State() != guard.Closed {
		t.Fatalf("opened before MinRequests attempts")
	}
	_ = attempt(t, g, guard.Unwell) // 5 of 10 failed
	if g.State() != guard.Open {
		t.Fatalf("state at 50%% failures = %s, want OPEN", g.State())
	}
}

func TestNeutralOutcomesDoNotCount(t *testing.T) {
	g := guard.New("test", guard.Config{ConsecutiveFailures: 2})
	for range 10 {
		_ = attempt(t, g, guard.Neutral)
	}
	_ = attempt(t, g, guard.Unwell)
	if g.State() != guard.Closed {
		t.Fatalf("state = %s; neutral outcomes must not count as failures", g.State())
	}
}

func TestHoldRefusesUntilItEnds(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	g := guard.New("test", guard.Config{}, guard.WithClock(clock.Now))
	if got := g.Hold(30 * time.Second); got != 30*time.Second {
		t.Fatalf("Hold = %s, want 30s", got)
	}
	g.Hold(time.Second) // a shorter request never shortens the hold
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	start := time.Now()
	_, err := g.Acquire(ctx)
	r := wantRefusal(t, err, guard.ReasonHeld)
	if r.RetryAfter != 30*time.Second {
		t.Errorf("RetryAfter = %s, want 30s", r.RetryAfter)
	}
	if time.Since(start) > 100*time.Millisecond {
		t.Errorf("refusal took %s, want at once", time.Since(start))
	}
	clock.Advance(29 * time.Second)
	_, err = g.Acquire(ctx) // 1 s left, but only <1 s of deadline
	wantRefusal(t, err, guard.ReasonHeld)
	clock.Advance(time.Second)
	if err := attempt(t, g, guard.Healthy); err != nil {
		t.Fatalf("after the hold: %v", err)
	}
}

func TestHoldShorterThanDeadlineIsWaitedFor(t *testing.T) {
	g := guard.New("test", guard.Config{})
	g.Hold(30 * time.Millisecond)
	start := time.Now()
	if err := attempt(t, g, guard.Healthy); err != nil {
		t.Fatal(err) // no deadline: the hold fits
	}
	if time.Since(start) < 25*time.Millisecond {
		t.Errorf("attempt made %s after a 30ms hold", time.Since(start))
	}
}

func TestHoldIsBounded(t *testing.T) {
	clock := &fakeClock{t: time.Now()}
	g := guard.New("test", guard.Config{RetryAfterMax: time.Minute}, guard.WithClock(clock.Now))
	if got := g.Hold(365 * 24 * time.Hour); got != time.Minute {
		t.Fatalf("Hold(1 year) = %s, want the 1m bound", got)
	}
}

func TestQuotaRefusesAtOnceWhenTheWaitOutlastsTheDeadline(t *testing.T) {
	g := guard.New("test", guard.Config{QuotaRequests: 1, QuotaPeriod: time.Second})
	if err := attempt(t, g, guard.Healthy); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := g.Acquire(ctx)
	r := wantRefusal(t, err, guard.ReasonQuota)
	if r.RetryAfter < 800*time.Millisecond {
		t.Errorf("RetryAfter = %s, want about a second", r.RetryAfter)
	}
	if time.Since(start) > 50*time.Millisecond {
		t.Errorf("refusal took %s, want at once", time.Since(start))
	}
	// The refused caller gave its token back: a caller that can wait gets
	// the next one after ~1s, not ~2s.
	ctx2, cancel2 := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel2()
	start = time.Now()
	done, err := g.Acquire(ctx2)
	if err != nil {
		t.Fatal(err)
	}
	done(guard.Healthy)
	if waited := time.Since(start); waited > 1500*time.Millisecond {
		t.Errorf("waited %s for the next token", waited)
	}
}

func TestKeepDeadlineSurvivesWithoutCancel(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	detached := context.WithoutCancel(guard.KeepDeadline(ctx))
	if b := guard.Budget(detached, time.Now()); b > time.Second || b < 900*time.Millisecond {
		t.Fatalf("budget of a detached context = %s, want about 1s", b)
	}
	if b := guard.Budget(context.Background(), time.Now()); b < 24*time.Hour {
		t.Fatalf("budget without a deadline = %s, want unbounded", b)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"30", 30 * time.Second, true},
		{" 0 ", 0, true},
		{"Sun, 29 Nov 2026 10:02:00 GMT", 2 * time.Minute, true},
		{"Sun, 29 Nov 2026 09:00:00 GMT", 0, true}, // in the past
		{"-5", 0, false},
		{"soon", 0, false},
		{"", 0, false},
		{"99999999999", 0, false},
		{"1.5", 0, false},
	}
	for _, c := range cases {
		got, ok := guard.ParseRetryAfter(c.in, now)
		if got != c.want || ok != c.ok {
			t.Errorf("ParseRetryAfter(%q) = %s, %v; want %s, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
