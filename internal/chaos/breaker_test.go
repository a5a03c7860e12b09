package chaos_test

import (
	"testing"
	"time"

	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/internal/chaos"
	"github.com/civgraph/civgraph/internal/sampleapi/faults"
)

// outageCodes are the codes of a province that is down: unavailable while
// the gateway still calls it, circuit open once its breaker stops calls.
var outageCodes = map[string]bool{"FAILED:SOURCE_UNAVAILABLE": true, "FAILED:SOURCE_CIRCUIT_OPEN": true}

// TestBreakerOpensDuringOutageAndClosesAfterRecovery: while Hubei is down,
// its breaker opens and Hubei gets only the calls that tripped it and one
// probe per open period, not seven attempts a query; each answer has the
// other provinces' data and one error for Hubei. Once Hubei is back, the
// next probe closes the breaker and its data is fresh again. The 30 s
// open period of the defaults is compressed to 400 ms.
func TestBreakerOpensDuringOutageAndClosesAfterRecovery(t *testing.T) {
	const openFor, traffic = 400 * time.Millisecond, 3 * time.Second
	r := newRig(t, func(c *config.Config) { c.Sources.Hubei.BreakerOpenTimeout = openFor })
	r.set(chaos.Scenarios["outage-hubei"].Faults)
	before := r.calls()["hubei"]
	outcomes := r.run(chaos.Load{Duration: traffic, Rate: 20, Concurrency: 8, Query: chaos.DistinctFrom(0)})
	calls := r.calls()["hubei"] - before

	open := 0
	for i, o := range outcomes {
		got := sourcesOf(o)
		if o.Err != nil || !o.HasData || len(o.Errors) != 1 || !outageCodes[got["HUBEI"]] ||
			got["HEBEI"] != "FRESH" || got["JIANGSU"] != "FRESH" || got["SHANGHAI"] != "FRESH" {
			t.Fatalf("query %d: err %v, sources %v, errors %+v; want the others fresh and one error for HUBEI", i, o.Err, got, o.Errors)
		}
		if got["HUBEI"] == "FAILED:SOURCE_CIRCUIT_OPEN" {
			open++
		}
	}
	// The trip (the default five failing attempts, one call's retries)
	// plus a probe per open period, with room for one call in flight.
	limit := int64(config.DefaultSourceBreakerFailures + 2*int(traffic/openFor) + 7)
	if calls > limit {
		t.Errorf("Hubei received %d calls over %d queries, want at most %d with its breaker open", calls, len(outcomes), limit)
	}
	if open < len(outcomes)/2 {
		t.Errorf("%d of %d answers say SOURCE_CIRCUIT_OPEN, want most", open, len(outcomes))
	}
	t.Logf("outage: %d queries cost Hubei %d calls; %d answered circuit open", len(outcomes), calls, open)

	r.set(nil)
	time.Sleep(openFor + 100*time.Millisecond)
	for i, o := range r.run(chaos.Load{Queries: 3, Concurrency: 1, Query: chaos.DistinctFrom(100_000)}) {
		if !o.OK() || sourcesOf(o)["HUBEI"] != "FRESH" {
			t.Fatalf("after recovery, query %d: sources %v, errors %+v", i, sourcesOf(o), o.Errors)
		}
		for _, s := range o.Sources {
			if s.Province == "HUBEI" && s.Breaker != "CLOSED" {
				t.Errorf("after recovery, query %d: Hubei's breaker is %q, want CLOSED", i, s.Breaker)
			}
		}
	}
}

// TestRetryAfterHoldsCalls: Shanghai answers 429 with a Retry-After longer
// than the source deadline (3 s standing for 30 s, with a 1 s deadline).
// The gateway answers SOURCE_RATE_LIMITED for Shanghai at once, then makes
// no call to it while the Retry-After runs, while the others answer; once
// it has passed, Shanghai is called again.
func TestRetryAfterHoldsCalls(t *testing.T) {
	const retryAfter, deadline = 3 * time.Second, time.Second
	r := newRig(t, func(c *config.Config) { c.GraphQL.SourceDeadline = deadline })
	r.set(map[string]faults.Profile{"shanghai": {ThrottleRatio: 1, RetryAfter: faults.Duration(retryAfter)}})
	began := time.Now()

	first := r.run(chaos.Load{Queries: 1, Query: chaos.DistinctFrom(0)})[0]
	if got := sourcesOf(first)["SHANGHAI"]; got != "FAILED:SOURCE_RATE_LIMITED" || first.Latency > deadline/2 {
		t.Fatalf("first answer after %s: SHANGHAI is %q, want SOURCE_RATE_LIMITED at once", first.Latency, got)
	}
	held := r.calls()["shanghai"]

	// Queries arriving in the last deadline of the hold may wait it out
	// and then call; stop sending before that.
	window := retryAfter - deadline - 200*time.Millisecond - time.Since(began)
	during := r.run(chaos.Load{Duration: window, Rate: 10, Query: chaos.DistinctFrom(1)})
	if n := r.calls()["shanghai"]; n != held {
		t.Errorf("Shanghai received %d calls during its Retry-After, want none", n-held)
	}
	if len(during) < 10 {
		t.Fatalf("only %d queries during the hold", len(during))
	}
	for i, o := range during {
		got := sourcesOf(o)
		if got["SHANGHAI"] != "FAILED:SOURCE_RATE_LIMITED" || got["HEBEI"] != "FRESH" || len(o.Errors) != 1 || o.Latency > deadline/2 {
			t.Errorf("query %d during the hold, after %s: sources %v, errors %+v; want Shanghai rate limited at once", i, o.Latency, got, o.Errors)
		}
	}

	r.set(nil)
	time.Sleep(time.Until(began.Add(retryAfter + 200*time.Millisecond)))
	after := r.run(chaos.Load{Queries: 1, Query: chaos.DistinctFrom(1000)})[0]
	if !after.OK() || sourcesOf(after)["SHANGHAI"] != "FRESH" || r.calls()["shanghai"] == held {
		t.Errorf("after the Retry-After: sources %v, errors %+v; want Shanghai called and fresh", sourcesOf(after), after.Errors)
	}
}
