package health_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/guard"
	"github.com/civgraph/civgraph/connectors/health"
)

func TestStatusFollowsOutcomesBreakerAndHold(t *testing.T) {
	g := guard.New("test", guard.Config{ConsecutiveFailures: 1, OpenTimeout: time.Hour})
	r := health.NewRecorder(civ.Hebei, g, time.Hour)
	if s := r.Snapshot(); s.Status != health.Up || !s.CanServe || s.LastSuccess != nil || s.LatencyP50 != nil {
		t.Fatalf("new recorder = %+v, want UP, able, nothing known", s)
	}
	r.Request()
	r.Done(nil)
	r.Request()
	r.Done(connectors.NewError(civ.Hebei, connectors.CodeBadResponse, "list meetings", "the upstream answered HTTP 404", errors.New("http://secret.example/x")))
	if s := r.Snapshot(); s.Status != health.Up || s.LastError == nil || s.LastError.Code != connectors.CodeBadResponse {
		t.Fatalf("after a bad answer = %+v, want UP (a bad answer is not an outage) with the error kept", s)
	}
	r.Done(connectors.NewError(civ.Hebei, connectors.CodeUnavailable, "list meetings", "the upstream answered HTTP 503", nil))
	s := r.Snapshot()
	if s.Status != health.Degraded || s.Failures != 2 || s.Requests != 2 {
		t.Fatalf("after an outage error = %+v, want DEGRADED, 2 failures, 2 requests", s)
	}
	if want := "list meetings: the upstream answered HTTP 503"; s.LastError.Message != want {
		t.Errorf("last error message = %q, want %q (the cause is never shown)", s.LastError.Message, want)
	}

	done, err := g.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	done(guard.Unwell)
	if s := r.Snapshot(); s.Status != health.Down || s.Breaker != guard.Open || !s.CanServe {
		t.Fatalf("breaker open after a recent success = %+v, want DOWN, OPEN, still able to serve stale", s)
	}
}

func TestCannotServeWhenDownWithoutRecentData(t *testing.T) {
	g := guard.New("test", guard.Config{})
	r := health.NewRecorder(civ.Hubei, g, time.Hour)
	g.Hold(time.Minute)
	s := r.Snapshot()
	if s.Status != health.Down || s.CanServe || s.RetryAfter <= 59*time.Second {
		t.Fatalf("held without data = %+v, want DOWN, unable, retry after ~1m", s)
	}
}

func TestLatencyPercentilesOverARecentWindow(t *testing.T) {
	r := health.NewRecorder(civ.Jiangsu, nil, time.Hour)
	for range 1000 {
		r.Attempt(time.Second) // pushed out of the window below
	}
	for i := 1; i <= 256; i++ {
		r.Attempt(time.Duration(i) * time.Millisecond)
	}
	s := r.Snapshot()
	if *s.LatencyP50 != 128*time.Millisecond || *s.LatencyP95 != 243*time.Millisecond {
		t.Fatalf("p50 %s p95 %s, want 128ms and 243ms over the last 256 attempts", *s.LatencyP50, *s.LatencyP95)
	}
}

func TestServedCountsHitsAndStale(t *testing.T) {
	r := health.NewRecorder(civ.Shanghai, nil, time.Hour)
	r.Served(connectors.Meta{Cached: true})
	r.Served(connectors.Meta{Cached: true, Stale: true})
	r.Served(connectors.Meta{})
	if s := r.Snapshot(); s.CacheHits != 1 || s.StaleServed != 1 {
		t.Fatalf("hits %d stale %d, want 1 and 1", s.CacheHits, s.StaleServed)
	}
	var nilRec *health.Recorder
	nilRec.Request() // an unrecorded client must not crash
	if reg := (*health.Registry)(nil); len(reg.Snapshots()) != 0 || reg.Breaker(civ.Hebei) != "" {
		t.Fatal("nil registry")
	}
}
