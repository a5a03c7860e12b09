package bench

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	var ls []time.Duration
	for i := 100; i >= 1; i-- {
		ls = append(ls, time.Duration(i)*time.Millisecond)
	}
	for q, want := range map[float64]time.Duration{0.5: 50 * time.Millisecond, 0.95: 95 * time.Millisecond, 0.99: 99 * time.Millisecond, 1: 100 * time.Millisecond} {
		if got := percentile(ls, q); got != want {
			t.Errorf("p%v = %s, want %s", q*100, got, want)
		}
	}
	if percentile(nil, 0.5) != 0 {
		t.Error("percentile of nothing is not 0")
	}
}

// series makes a sample of n requests over one second, all taking d.
func series(n int, d time.Duration, errs int) sample {
	s := sample{requests: n, errors: errs, elapsed: time.Second, byGroup: map[string][]time.Duration{}}
	for range n {
		s.latencies = append(s.latencies, d)
	}
	s.byGroup["HEBEI"] = s.latencies
	return s
}

func TestVerdictsFromRatios(t *testing.T) {
	o := DefaultOptions()
	res := &results{rows: []row{
		{scenario: scenario{id: "cached-4"}, gateway: series(850, time.Millisecond, 0), raw: series(1000, time.Millisecond, 0)},
		{scenario: scenario{id: "cold-4"}, gateway: series(10, 60*time.Millisecond, 0), raw: series(10, time.Millisecond, 0), upstream: series(10, 50*time.Millisecond, 0)},
		{scenario: scenario{id: "uncached-1"}, gateway: series(10, time.Millisecond, 0), raw: series(10, time.Millisecond, 0), rssFirst: 100 << 20, rssLast: 200 << 20},
	}, sustained: ptr(series(100, time.Millisecond, 1)), peerSkip: "peer comparison off (--peer=false)"}
	res.judge(o)
	got := map[string]string{}
	for _, v := range res.verdicts {
		if strings.Contains(v.target, "Hive") {
			got["Hive "+v.target[:12]] = v.outcome
			continue
		}
		got[v.target[:12]] = v.outcome
	}
	for prefix, want := range map[string]string{
		"cached four-":      "PASS", // 0.85× ≥ 0.8×
		"cold-4: p50 ":      "FAIL", // 60 ms > 50 + 5
		"no memory gr":      "FAIL", // doubled
		"zero errors,":      "FAIL", // one error under sustained load
		"Hive cached four-": "SKIP", // no peer in this run
		"Hive uncached sin": "SKIP",
	} {
		if got[prefix] != want {
			t.Errorf("%s…: %s, want %s (all: %v)", prefix, got[prefix], want, got)
		}
	}
	if !res.failed() {
		t.Error("a FAIL does not fail the run")
	}
}

func TestSmokeJudgesOnlyErrors(t *testing.T) {
	res := &results{rows: []row{
		{scenario: scenario{id: "cached-4"}, gateway: series(1, time.Second, 0), raw: series(1000, time.Millisecond, 0)},
	}, sustained: ptr(series(10, time.Millisecond, 0))}
	var out bytes.Buffer
	writeReport(&out, SmokeOptions(), res)
	if res.failed() {
		t.Fatalf("a slow smoke run failed:\n%s", out.String())
	}
	res = &results{rows: []row{{scenario: scenario{id: "cached-4"}, gateway: series(10, time.Millisecond, 2), raw: series(10, time.Millisecond, 0)}}}
	out.Reset()
	writeReport(&out, SmokeOptions(), res)
	if !res.failed() || !strings.Contains(out.String(), "FAIL") {
		t.Fatalf("a smoke run with errors passed:\n%s", out.String())
	}
}

func TestTailBufferKeepsLastLines(t *testing.T) {
	var b tailBuffer
	for i := range 20 {
		_, _ = b.Write([]byte(strings.Repeat("x", i) + "\n"))
	}
	lines := strings.Split(b.String(), "\n")
	if len(lines) != tailLines || lines[len(lines)-1] != strings.Repeat("x", 19) {
		t.Errorf("tail = %q", lines)
	}
}

func ptr[T any](v T) *T { return &v }
