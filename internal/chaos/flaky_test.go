package chaos_test

import (
	"os"
	"testing"
	"time"

	"github.com/civgraph/civgraph/internal/chaos"
)

// TestFlakyUpstreamsStillAnswer: with 30% of every province's calls
// answering 5xx, at least 99 of 100 distinct, uncached four-province
// queries get all their data and no error, each within the deadline.
func TestFlakyUpstreamsStillAnswer(t *testing.T) {
	r := newRig(t, nil)
	r.set(chaos.Scenarios["flaky"].Faults)
	outcomes := r.run(chaos.Load{Queries: 100, Concurrency: 4, Query: chaos.DistinctMeetings})
	s := chaos.Summarize(outcomes)
	s.WriteTable(os.Stdout, 0, nil)
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
