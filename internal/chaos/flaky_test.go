package chaos_test

import (
	"testing"
	"time"

	"github.com/civgraph/civgraph/internal/chaos"
)

// TestFlakyUpstreamsStillAnswer: with 30% of every province's calls
// answering 5xx, at least 99 of 100 distinct, uncached four-province
// queries get all their data and no error, each within the deadline.
//
// Seed 6 draws, among others, runs of five and more failures in a row,
// which retries absorb but which opened a breaker counting five.
func TestFlakyUpstreamsStillAnswer(t *testing.T) {
	r := newSeededRig(t, 6, nil)
	r.set(chaos.Scenarios["flaky"].Faults)
	outcomes := r.run(chaos.Load{Queries: 100, Concurrency: 4, Query: chaos.DistinctMeetings})
	s := chaos.Summarize(outcomes)
	if s.OK < 99 {
		t.Errorf("%d of 100 queries succeeded, want at least 99", s.OK)
	}
	calls := r.calls()
	for name, n := range calls {
		// One call per query, plus retries of about 30% of calls.
		if n < 100 || n > 200 {
			t.Errorf("%s received %d upstream calls for 100 queries", name, n)
		}
	}
	if s.Max > r.cfg.GraphQL.SourceDeadline+time.Second {
		t.Errorf("slowest query took %s, deadline %s", s.Max, r.cfg.GraphQL.SourceDeadline)
	}
	t.Logf("calls %v", calls)
}
