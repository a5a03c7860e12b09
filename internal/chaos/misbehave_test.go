package chaos_test

import (
	"testing"
	"time"

	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/internal/chaos"
	"github.com/civgraph/civgraph/internal/sampleapi/faults"
)

// TestOneProvinceMisbehaves: whatever one province does wrong, clients get
// the other three provinces' data, one error coded for that province
// alone, before the source deadline; and once it behaves again its data is
// fresh, so nothing it sent while misbehaving was cached.
func TestOneProvinceMisbehaves(t *testing.T) {
	const deadline, breakerOpen = 1500 * time.Millisecond, 300 * time.Millisecond
	cases := []struct {
		name     string
		upstream string
		profile  faults.Profile
		want     map[string]bool // the province's extensions.sources entry
	}{
		{"malformed body", "hebei", faults.Profile{MalformedRatio: 1}, only("FAILED:SOURCE_BAD_RESPONSE")},
		{"truncated body", "hebei", faults.Profile{TruncateRatio: 1}, outageCodes},
		{"connection reset", "hubei", faults.Profile{ResetRatio: 1}, outageCodes},
		{"expired token", "shanghai", faults.Profile{ExpiredRatio: 1}, only("FAILED:SOURCE_AUTH_FAILED")},
		{"slow drip", "jiangsu", faults.Profile{DripRatio: 1, DripRate: faults.MinDripRate}, only("FAILED:SOURCE_TIMEOUT")},
		{"slower than the deadline", "jiangsu", faults.Profile{Latency: faults.Latency{Base: faults.Duration(2 * deadline)}}, only("FAILED:SOURCE_TIMEOUT")},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// A gateway of its own: what one province did must not
			// weigh on the next case (breaker, hold, cache).
			r := newRig(t, func(cfg *config.Config) {
				cfg.GraphQL.SourceDeadline = deadline
				for _, s := range []*config.SourceConfig{&cfg.Sources.Hebei.SourceConfig, &cfg.Sources.Hubei.SourceConfig,
					&cfg.Sources.Jiangsu.SourceConfig, &cfg.Sources.Shanghai.SourceConfig} {
					s.RetryWaitMin, s.RetryWaitMax = 10*time.Millisecond, 50*time.Millisecond
					s.Timeout = deadline
					s.BreakerOpenTimeout = breakerOpen
				}
			})
			province := map[string]string{"hebei": "HEBEI", "hubei": "HUBEI", "jiangsu": "JIANGSU", "shanghai": "SHANGHAI"}[c.upstream]
			r.set(map[string]faults.Profile{c.upstream: c.profile})
			query := func(int) chaos.Request { return chaos.DistinctMeetings(i) }
			o := r.run(chaos.Load{Queries: 1, Query: query})[0]
			if o.Err != nil || !o.HasData {
				t.Fatalf("err %v, no data", o.Err)
			}
			got := sourcesOf(o)
			for _, p := range []string{"HEBEI", "HUBEI", "JIANGSU", "SHANGHAI"} {
				want := only("FRESH")
				if p == province {
					want = c.want
				}
				if !want[got[p]] {
					t.Errorf("%s is %q, want one of %v", p, got[p], want)
				}
			}
			if len(o.Errors) != 1 || o.Errors[0].Extensions.Province != province {
				t.Errorf("errors %+v, want one for %s", o.Errors, province)
			}
			if o.Latency > deadline+500*time.Millisecond {
				t.Errorf("answered after %s; the source deadline is %s", o.Latency, deadline)
			}

			r.set(nil)
			switch {
			case c.want["FAILED:SOURCE_TIMEOUT"]:
				// A fetch cut off by the deadline goes on in the
				// background; let it end.
				time.Sleep(deadline)
			case c.want["FAILED:SOURCE_CIRCUIT_OPEN"]:
				// The breaker may be open: let it come to its probe.
				time.Sleep(breakerOpen + 50*time.Millisecond)
			}
			again := r.run(chaos.Load{Queries: 1, Query: query})[0]
			if s := sourcesOf(again)[province]; !again.OK() || (s != "FRESH" && s != "CACHED") {
				t.Errorf("after recovery: %s is %q, errors %+v", province, s, again.Errors)
			}
		})
	}
}

func only(state string) map[string]bool { return map[string]bool{state: true} }
