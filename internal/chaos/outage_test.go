package chaos_test

import (
	"testing"
	"time"

	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/internal/chaos"
)

// sourcesOf maps province → state[:code] in one outcome's
// extensions.sources.
func sourcesOf(o chaos.Outcome) map[string]string {
	m := map[string]string{}
	for _, s := range o.Sources {
		m[s.Province] = s.State
		if s.Code != "" {
			m[s.Province] += ":" + s.Code
		}
	}
	return m
}

// TestOutageWithWarmCacheServesStale: Hubei goes down after its answers
// were cached and have expired; clients get Hubei's last answer, flagged
// STALE, and no error.
func TestOutageWithWarmCacheServesStale(t *testing.T) {
	const ttl = 300 * time.Millisecond
	r := newRig(t, func(c *config.Config) { c.Sources.Hubei.CacheTTL = ttl })
	warm := r.run(chaos.Load{Queries: 1, Query: chaos.SameMeetings})
	if !warm[0].OK() {
		t.Fatalf("warm-up failed: %+v", warm[0])
	}
	time.Sleep(ttl + 50*time.Millisecond)
	r.set(chaos.Scenarios["outage-hubei"].Faults)

	before := r.calls()["hubei"]
	outcomes := r.run(chaos.Load{Queries: 5, Concurrency: 5, Query: chaos.SameMeetings})
	for i, o := range outcomes {
		if !o.OK() {
			t.Fatalf("query %d: err %v, errors %+v; want data and no error", i, o.Err, o.Errors)
		}
		got := sourcesOf(o)
		if got["HUBEI"] != "STALE" {
			t.Errorf("query %d: HUBEI is %q, want STALE", i, got["HUBEI"])
		}
		for _, p := range []string{"HEBEI", "JIANGSU", "SHANGHAI"} {
			if got[p] != "CACHED" {
				t.Errorf("query %d: %s is %q, want CACHED", i, p, got[p])
			}
		}
	}
	if after := r.calls()["hubei"]; after == before {
		t.Errorf("the down upstream was never tried again: the stale answer must follow a failed refresh")
	}
}

// TestOutageWithColdCacheGivesPartialData: Hubei is down and nothing of it
// is cached; clients get the other provinces' data and one error for Hubei
// alone, before the deadline. The first query meets the failures itself:
// SOURCE_UNAVAILABLE, even when its own retries open Hubei's breaker;
// queries refused by the open breaker without a call say
// SOURCE_CIRCUIT_OPEN.
func TestOutageWithColdCacheGivesPartialData(t *testing.T) {
	r := newRig(t, nil)
	r.set(chaos.Scenarios["outage-hubei"].Faults)
	first := r.run(chaos.Load{Queries: 1, Concurrency: 1, Query: chaos.DistinctMeetings})
	if len(first) != 1 || len(first[0].Errors) != 1 || first[0].Errors[0].Extensions.Code != "SOURCE_UNAVAILABLE" {
		t.Fatalf("first query: %+v, want one SOURCE_UNAVAILABLE for HUBEI", first)
	}
	outcomes := append(first, r.run(chaos.Load{Queries: 3, Concurrency: 3, Query: chaos.DistinctMeetings})...)
	for i, o := range outcomes {
		if o.Err != nil || !o.HasData {
			t.Fatalf("query %d: err %v, no data", i, o.Err)
		}
		if len(o.Errors) != 1 || !outageCodes["FAILED:"+o.Errors[0].Extensions.Code] || o.Errors[0].Extensions.Province != "HUBEI" {
			t.Errorf("query %d: errors %+v, want one SOURCE_UNAVAILABLE or SOURCE_CIRCUIT_OPEN for HUBEI", i, o.Errors)
		}
		got := sourcesOf(o)
		answered := func(p string) bool { return got[p] == "FRESH" || got[p] == "CACHED" }
		if !outageCodes[got["HUBEI"]] || !answered("HEBEI") || !answered("JIANGSU") || !answered("SHANGHAI") {
			t.Errorf("query %d: sources %v, want HUBEI failed and the others fresh or cached", i, got)
		}
		if o.Latency >= r.cfg.GraphQL.SourceDeadline {
			t.Errorf("query %d took %s, past the %s source deadline", i, o.Latency, r.cfg.GraphQL.SourceDeadline)
		}
	}
}
