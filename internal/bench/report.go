package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// row is one scenario's figures.
type row struct {
	scenario
	answerBytes                int
	gateway, raw, upstream     sample
	rawInProcess               sample  // requests 0: not measured
	allocs, allocBytes         float64 // gateway, per request
	peakRSS, rssFirst, rssLast int64   // gateway: peak over the scenario, after its first and last round
	peers                      []peerRow
}

// peerRow is one Hive Gateway series of a scenario.
type peerRow struct {
	series string
	sample
	peakRSS     int64 // of the whole process group, summed over its members
	answerBytes int
}

// peer returns the row's series of kind.
func (r row) peer(kind peerKind) (peerRow, bool) {
	for _, p := range r.peers {
		if p.series == kind.series {
			return p, true
		}
	}
	return peerRow{}, false
}

// results is a whole run.
type results struct {
	rows      []row
	sustained *sample       // nil when the run left it out
	latency   time.Duration // added upstream latency of the cold scenarios
	peerSkip  string        // why the run has no peer series; "" when it has
	verdicts  []verdict
}

// verdict is one target's outcome.
type verdict struct {
	target, measured, outcome string // outcome: PASS, FAIL, SKIP or "—" (smoke: not judged)
}

func (res *results) row(id string) (row, bool) {
	for _, r := range res.rows {
		if r.id == id {
			return r, true
		}
	}
	return row{}, false
}

// Targets of the gateway's performance, as ratios of figures measured in
// the same run.
const (
	targetCachedVsRaw    = 0.8
	targetCachedVsHive   = 4 // responseCaching on, two workers
	targetUncachedVsHive = 3 // no response cache, one worker
	targetColdSlackMs    = 5
	targetScaleRatio     = 1.2
	targetRSSBytes       = 256 << 20
	ttl0GrowthAllowed    = 1.10 // RSS after the last round over after the first
	ttl0GrowthSlackBytes = 16 << 20
)

// judge fills res.verdicts. In smoke mode only errors are judged.
func (res *results) judge(o Options) {
	add := func(target, measured string, pass bool) {
		outcome := "FAIL"
		switch {
		case o.Smoke:
			outcome = "—"
		case pass:
			outcome = "PASS"
		}
		res.verdicts = append(res.verdicts, verdict{target, measured, outcome})
	}
	skip := func(target, why string) { res.verdicts = append(res.verdicts, verdict{target, why, "SKIP"}) }

	if r, ok := res.row("cached-4"); ok {
		ratio := r.gateway.throughput() / r.raw.throughput()
		measured := fmt.Sprintf("%.2f×", ratio)
		if r.rawInProcess.requests > 0 {
			measured += fmt.Sprintf("; vs the raw handler inside the load generator's process: %.2f×", r.gateway.throughput()/r.rawInProcess.throughput())
		}
		add(fmt.Sprintf("cached four-province page ≥ %.1f× raw handler (its own process, as the gateway)", targetCachedVsRaw), measured, ratio >= targetCachedVsRaw)
	}
	for _, c := range []struct {
		id, target string
		kind, also peerKind
		want       float64
	}{
		{"cached-1", fmt.Sprintf("cached single-province page ≥ %d× Hive Gateway (responseCaching, 2 workers)", targetCachedVsHive), hiveRC2, hiveRC1, targetCachedVsHive},
		{"cached-4", fmt.Sprintf("cached four-province page ≥ %d× Hive Gateway (responseCaching, 2 workers; Hive: Hebei only, 1 of 4 provinces)", targetCachedVsHive), hiveRC2, hiveRC1, targetCachedVsHive},
		{"uncached-1", fmt.Sprintf("uncached single province ≥ %d× Hive Gateway without response cache (1 worker)", targetUncachedVsHive), hiveNoCache1, hiveNoCache2, targetUncachedVsHive},
	} {
		r, ok := res.row(c.id)
		if !ok {
			continue
		}
		p, ok := r.peer(c.kind)
		switch {
		case res.peerSkip != "":
			skip(c.target, res.peerSkip)
		case !ok && o.Smoke:
			skip(c.target, "smoke run: single-worker Hive only, no ratio judged")
		case !ok:
			skip(c.target, "no "+c.kind.series+" series in this run")
		case r.gateway.errors+p.errors > 0 || p.throughput() == 0:
			add(c.target, fmt.Sprintf("%d gateway and %d %s errors", r.gateway.errors, p.errors, c.kind.series), false)
		default:
			ratio := r.gateway.throughput() / p.throughput()
			measured := fmt.Sprintf("%.2f× (%.0f vs %.0f req/s)", ratio, r.gateway.throughput(), p.throughput())
			if q, ok := r.peer(c.also); ok && q.errors == 0 && q.requests > 0 {
				measured += fmt.Sprintf("; vs %s: %.2f×", c.also.series, r.gateway.throughput()/q.throughput())
			}
			add(c.target, measured, ratio >= c.want)
		}
	}
	if r, ok := res.row("uncached-1"); ok {
		limit := int64(float64(r.rssFirst)*ttl0GrowthAllowed) + ttl0GrowthSlackBytes
		add("no memory growth under TTL 0 (RSS after last round ≤ 1.1× after first + 16 MiB)",
			fmt.Sprintf("%s → %s", mib(r.rssFirst), mib(r.rssLast)), r.rssLast <= limit)
	}
	for _, id := range []string{"cold-4", "cold-4-boundary"} {
		if r, ok := res.row(id); ok && r.gateway.errors > 0 {
			add(fmt.Sprintf("%s: p50 ≤ slowest upstream p50 + %d ms", id, targetColdSlackMs), fmt.Sprintf("%d failed requests", r.gateway.errors), false)
		} else if ok {
			slowest := r.upstream.slowestGroupP50()
			p50 := percentile(r.gateway.latencies, 0.5)
			add(fmt.Sprintf("%s: p50 ≤ slowest upstream p50 + %d ms", id, targetColdSlackMs),
				fmt.Sprintf("%s vs %s + %d ms", ms(p50), ms(slowest), targetColdSlackMs), p50 <= slowest+targetColdSlackMs*time.Millisecond)
		}
	}
	var peak int64
	for _, p := range []string{"hebei", "hubei", "jiangsu", "shanghai"} {
		small, ok1 := res.row("scale-" + p + "-small")
		large, ok2 := res.row("scale-" + p + "-large")
		if !ok1 || !ok2 {
			continue
		}
		peak = max(peak, large.peakRSS)
		// The gateway's own share of a page's latency: its p50 less the
		// upstream's, called directly in the same run (a sample upstream
		// filters its rows per request, so its own latency grows with them).
		a, b := overhead(small), overhead(large)
		ratio := float64(b) / float64(max(a, time.Millisecond))
		target := fmt.Sprintf("%s page p50 less upstream p50 at %d sites ≤ %.1f× at %d", p, o.LargeSites, targetScaleRatio, o.Sites)
		if errs := small.gateway.errors + large.gateway.errors; errs > 0 {
			add(target, fmt.Sprintf("%d failed requests", errs), false)
			continue
		}
		add(target, fmt.Sprintf("%.2f× (%s vs %s)", ratio, ms(b), ms(a)), ratio <= targetScaleRatio)
	}
	if peak > 0 {
		add(fmt.Sprintf("gateway peak RSS ≤ 256 MiB serving %d sites per province", o.LargeSites), mib(peak), peak <= targetRSSBytes)
	}
	if s := res.sustained; s != nil {
		add(fmt.Sprintf("zero errors, %d clients for %s", o.Clients, o.Sustain),
			fmt.Sprintf("%d errors in %d requests", s.errors, s.requests), s.errors == 0)
	}
	var errs int
	for _, r := range res.rows {
		errs += r.gateway.errors + r.raw.errors + r.rawInProcess.errors + r.upstream.errors
		for _, p := range r.peers {
			errs += p.errors
		}
	}
	res.verdicts = append(res.verdicts, verdict{"zero errors in every scenario", fmt.Sprintf("%d errors", errs), passFail(errs == 0)})
	if o.Smoke && res.sustained != nil {
		res.verdicts[len(res.verdicts)-2].outcome = passFail(res.sustained.errors == 0)
	}
}

// overhead is the gateway's p50 less the upstream's, at least 0.
func overhead(r row) time.Duration {
	return max(0, percentile(r.gateway.latencies, 0.5)-percentile(r.upstream.latencies, 0.5))
}

func passFail(ok bool) string {
	if ok {
		return "PASS"
	}
	return "FAIL"
}

func (res *results) hasPeers() bool {
	for _, r := range res.rows {
		if len(r.peers) > 0 {
			return true
		}
	}
	return false
}

func (res *results) failed() bool {
	for _, v := range res.verdicts {
		if v.outcome == "FAIL" {
			return true
		}
	}
	return false
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }
func mib(b int64) string        { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

// writeReport prints the table and the verdicts as Markdown.
func writeReport(out io.Writer, o Options, res *results) {
	res.judge(o)
	fmt.Fprintf(out, "civgraph bench — %s\n", Machine())
	fmt.Fprintf(out, "%d sites per province (%d in the scale scenario), %s per series in %d alternating rounds, %d clients (%d in latency scenarios)\n\n",
		o.Sites, o.LargeSites, o.Duration, o.Rounds, o.Conns, o.ColdConns)
	tw := tabwriter.NewWriter(out, 0, 0, 1, ' ', tabwriter.Debug)
	fmt.Fprintln(tw, "| scenario\t series\t req/s\t ×raw\t p50\t p95\t p99\t allocs/req\t KB/req\t peak RSS\t errors\t")
	fmt.Fprintln(tw, "|---\t---\t---\t---\t---\t---\t---\t---\t---\t---\t---\t")
	for _, r := range res.rows {
		rawRPS := r.raw.throughput()
		line := func(series string, s sample, extra string) {
			fmt.Fprintf(tw, "| %s\t %s\t %.0f\t %.2f\t %s\t %s\t %s\t %s\t %s\t %s\t %d\t\n", r.id, series, s.throughput(), s.throughput()/rawRPS,
				ms(percentile(s.latencies, 0.5)), ms(percentile(s.latencies, 0.95)), ms(percentile(s.latencies, 0.99)), extra, "", "", s.errors)
		}
		allocs, kb := "n/a", "n/a"
		if r.allocs >= 0 {
			allocs, kb = fmt.Sprintf("%.0f", r.allocs), fmt.Sprintf("%.1f", r.allocBytes/1024)
		}
		fmt.Fprintf(tw, "| %s\t gateway\t %.0f\t %.2f\t %s\t %s\t %s\t %s\t %s\t %s\t %d\t\n", r.id, r.gateway.throughput(), r.gateway.throughput()/rawRPS,
			ms(percentile(r.gateway.latencies, 0.5)), ms(percentile(r.gateway.latencies, 0.95)), ms(percentile(r.gateway.latencies, 0.99)),
			allocs, kb, mib(r.peakRSS), r.gateway.errors)
		line("raw handler", r.raw, "")
		if r.rawInProcess.requests > 0 {
			line("raw in-process", r.rawInProcess, "")
		}
		line("upstream direct", r.upstream, "")
		for _, p := range r.peers {
			fmt.Fprintf(tw, "| %s\t %s\t %.0f\t %.2f\t %s\t %s\t %s\t \t \t %s\t %d\t\n", r.id, p.series, p.throughput(), p.throughput()/rawRPS,
				ms(percentile(p.latencies, 0.5)), ms(percentile(p.latencies, 0.95)), ms(percentile(p.latencies, 0.99)), mib(p.peakRSS), p.errors)
		}
	}
	if s := res.sustained; s != nil {
		fmt.Fprintf(tw, "| sustained\t gateway\t %.0f\t \t %s\t %s\t %s\t \t \t \t %d\t\n", s.throughput(),
			ms(percentile(s.latencies, 0.5)), ms(percentile(s.latencies, 0.95)), ms(percentile(s.latencies, 0.99)), s.errors)
	}
	_ = tw.Flush()

	fmt.Fprintln(out, "\nscenarios:")
	for _, r := range res.rows {
		fmt.Fprintf(out, "  %-22s %s (answer %d bytes)\n", r.id, r.title, r.answerBytes)
		if len(r.peers) > 0 {
			fmt.Fprintf(out, "  %-22s Hive Gateway: the same sites from the same upstream (answer %d bytes)", "", r.peers[0].answerBytes)
			if r.peerNote != "" {
				fmt.Fprintf(out, "; %s", r.peerNote)
			}
			fmt.Fprintln(out)
		}
	}
	if res.peerSkip == "" && res.hasPeers() {
		fmt.Fprintf(out, "\npeer: %s; \"hive rc\" has responseCaching on, \"×N\" is its worker count (--fork N); peak RSS sums its processes\n", PeerVersions)
	}
	fmt.Fprintln(out, "\ntargets:")
	tw = tabwriter.NewWriter(out, 0, 0, 1, ' ', tabwriter.Debug)
	fmt.Fprintln(tw, "| target\t measured\t verdict\t")
	fmt.Fprintln(tw, "|---\t---\t---\t")
	for _, v := range res.verdicts {
		fmt.Fprintf(tw, "| %s\t %s\t %s\t\n", v.target, v.measured, v.outcome)
	}
	_ = tw.Flush()
	for _, r := range res.rows {
		for _, s := range []struct {
			name string
			s    sample
		}{{"gateway", r.gateway}, {"raw handler", r.raw}, {"upstream", r.upstream}} {
			if s.s.firstErr != "" {
				fmt.Fprintf(out, "first error, %s %s: %s\n", r.id, s.name, strings.TrimSpace(s.s.firstErr))
			}
		}
		for _, p := range r.peers {
			if p.firstErr != "" {
				fmt.Fprintf(out, "first error, %s %s: %s\n", r.id, p.series, strings.TrimSpace(p.firstErr))
			}
		}
	}
	if res.sustained != nil && res.sustained.firstErr != "" {
		fmt.Fprintf(out, "first error, sustained: %s\n", res.sustained.firstErr)
	}
}
