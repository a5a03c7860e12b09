package server

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"
)

type testKey struct{}

func TestLazyDeadlineMakesNoTimerUntilWaitedOn(t *testing.T) {
	parent := context.WithValue(context.Background(), testKey{}, "v")
	ctx, release := withLazyDeadline(parent, time.Hour)
	defer release()
	if d, ok := ctx.Deadline(); !ok || time.Until(d) < 59*time.Minute {
		t.Errorf("Deadline = %v, %v", d, ok)
	}
	if ctx.Value(testKey{}) != "v" || ctx.Err() != nil {
		t.Errorf("Value = %v, Err = %v", ctx.Value(testKey{}), ctx.Err())
	}
	if ctx.(*lazyDeadline).made.Load() != nil {
		t.Fatal("a real context was made before anyone waited")
	}
	_ = context.WithValue(ctx, testKey{}, "w")
	if ctx.(*lazyDeadline).made.Load() != nil {
		t.Fatal("a value context made the real one")
	}
	child, cancel := context.WithCancel(ctx)
	defer cancel()
	if ctx.(*lazyDeadline).made.Load() == nil || child.Err() != nil {
		t.Fatal("a derived cancel context did not make the real one")
	}
}

func TestLazyDeadlineExpires(t *testing.T) {
	t.Run("waited on", func(t *testing.T) {
		ctx, release := withLazyDeadline(context.Background(), 20*time.Millisecond)
		defer release()
		child, cancel := context.WithCancel(context.WithValue(ctx, testKey{}, 1))
		defer cancel()
		select {
		case <-child.Done():
		case <-time.After(5 * time.Second):
			t.Fatal("the deadline did not reach a derived context")
		}
		if !errors.Is(ctx.Err(), context.DeadlineExceeded) || !errors.Is(child.Err(), context.DeadlineExceeded) ||
			!errors.Is(context.Cause(child), context.DeadlineExceeded) {
			t.Errorf("Err = %v, child %v, cause %v", ctx.Err(), child.Err(), context.Cause(child))
		}
	})
	t.Run("never waited on", func(t *testing.T) {
		ctx, release := withLazyDeadline(context.Background(), time.Millisecond)
		defer release()
		time.Sleep(5 * time.Millisecond)
		wantEnded(t, ctx, context.DeadlineExceeded, "after the deadline")
	})
	t.Run("parent's earlier deadline", func(t *testing.T) {
		parent, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		ctx, release := withLazyDeadline(parent, time.Hour)
		defer release()
		if d, _ := ctx.Deadline(); time.Until(d) > time.Minute {
			t.Errorf("Deadline %v is after the parent's", d)
		}
	})
}

func TestLazyDeadlineFollowsParentAndRelease(t *testing.T) {
	parent, cancelParent := context.WithCancel(context.Background())
	ctx, release := withLazyDeadline(parent, time.Hour)
	defer release()
	cancelParent()
	if !errors.Is(ctx.Err(), context.Canceled) {
		t.Errorf("Err = %v after the parent was canceled", ctx.Err())
	}
	<-ctx.Done()

	ctx, release = withLazyDeadline(context.Background(), time.Hour)
	waiting, cancel := context.WithCancel(ctx)
	defer cancel()
	release()
	<-waiting.Done()
	ctx2, release2 := withLazyDeadline(context.Background(), time.Hour)
	release2()
	wantEnded(t, ctx2, context.Canceled, "after release")
}

func TestLazyDeadlineDerivedContextsStartNoGoroutines(t *testing.T) {
	ctx, release := withLazyDeadline(context.Background(), time.Hour)
	defer release()
	before := runtime.NumGoroutine()
	var cancels []context.CancelFunc
	var wg sync.WaitGroup
	for range 200 {
		wg.Add(1)
		go func() { defer wg.Done(); <-ctx.Done() }()
	}
	for range 200 {
		_, cancel := context.WithTimeout(context.WithValue(ctx, testKey{}, 1), time.Hour)
		cancels = append(cancels, cancel)
		stop := context.AfterFunc(ctx, func() {})
		defer stop()
	}
	if n := runtime.NumGoroutine() - before; n > 210 {
		t.Errorf("%d goroutines more for 200 waiters and 400 derived contexts: derived ones start their own", n)
	}
	for _, c := range cancels {
		c()
	}
	release()
	wg.Wait()
}

// wantEnded checks that ctx reports err, asked first by Err (before any
// Done), and that its Done channel, made only then, is closed.
func wantEnded(t *testing.T, ctx context.Context, err error, when string) {
	t.Helper()
	if !errors.Is(ctx.Err(), err) {
		t.Errorf("Err = %v %s, want %v", ctx.Err(), when, err)
	}
	select {
	case <-ctx.Done():
	default:
		t.Errorf("Done is open %s", when)
	}
}
