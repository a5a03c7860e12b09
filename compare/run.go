package compare

import (
	"context"
	"sync"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/federation"
)

// run runs jobs, at most Concurrency at once, and waits for them all.
// Every job records its own answer; a failed or cancelled call is a coded
// answer too, so nothing is lost by running every job.
func run(ctx context.Context, jobs []func(context.Context)) {
	sem := make(chan struct{}, Concurrency)
	var wg sync.WaitGroup
	for _, job := range jobs {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			job(ctx)
		})
	}
	wg.Wait()
}

// counted is one group's answers: its total, and beside it the count of
// its sample rows and its total with undated rows let in, when asked.
type counted struct {
	value, samples, undated federation.Tally
	wantSamples, wantUndate bool
}

// runCounts answers a count metric: one total-only call per group, one
// more per group for its sample rows when the filter keeps both kinds of
// service sites, one more when a date range may leave undated rows out,
// and one per province for its whole when groups are regions (what no
// region group holds is the difference).
func (c *Comparer) runCounts(ctx context.Context, pl plan) (rows []Row, calls, read int) {
	kind := kindOf(pl.req.Metric)
	wantSamples, wantUndated, byRegion := pl.extraCounts()
	answers := map[civ.ProvinceCode][]counted{}
	parents := map[civ.ProvinceCode]*federation.Tally{}
	var jobs []func(context.Context)
	for _, p := range pl.provinces {
		gs := pl.groups[p]
		as := make([]counted, len(gs))
		answers[p] = as
		for i, g := range gs {
			a := &as[i]
			a.wantSamples, a.wantUndate = wantSamples, wantUndated && !g.filter.IncludeUndated
			jobs = append(jobs, func(ctx context.Context) { a.value = c.src.Count(ctx, kind, p, g.filter) })
			if a.wantSamples {
				f, yes := g.filter, true
				f.Sample = &yes
				jobs = append(jobs, func(ctx context.Context) { a.samples = c.src.Count(ctx, kind, p, f) })
			}
			if a.wantUndate {
				f := g.filter
				f.IncludeUndated = true
				jobs = append(jobs, func(ctx context.Context) { a.undated = c.src.Count(ctx, kind, p, f) })
			}
		}
		if byRegion {
			t := &federation.Tally{}
			parents[p] = t
			jobs = append(jobs, func(ctx context.Context) { *t = c.src.Count(ctx, kind, p, pl.base) })
		}
	}
	run(ctx, jobs)

	for _, p := range pl.provinces {
		as := answers[p]
		start := len(rows)
		placed, allPlaced := 0, true
		for i, g := range pl.groups[p] {
			a := as[i]
			r := newRow(p, g)
			tallies := []federation.Tally{a.value}
			if a.wantSamples {
				tallies = append(tallies, a.samples)
			}
			if a.wantUndate {
				tallies = append(tallies, a.undated)
			}
			for _, t := range tallies {
				calls, read = calls+t.Calls, read+t.Rows
			}
			settle(&r, tallies...)
			if r.Err == nil {
				v := float64(a.value.Total)
				r.Value = &v
				placed += a.value.Total
				r.SampleCount = sampleCount(pl.base.Sample, a)
				zero := 0
				r.UndatedExcluded = &zero
				if a.wantUndate {
					n := max(a.undated.Total-a.value.Total, 0)
					r.UndatedExcluded = &n
				}
			} else {
				allPlaced = false
			}
			rows = append(rows, r)
		}
		if t := parents[p]; t != nil {
			calls, read = calls+t.Calls, read+t.Rows
			if t.Err == nil && allPlaced {
				setRegionUnknown(rows[start:], max(t.Total-placed, 0))
			}
		}
	}
	return rows, calls, read
}

// extraCounts says which counts a count metric's plan makes beside each
// group's total: its sample rows (when the filter keeps both kinds of
// service sites), its total with undated rows let in (when a date range
// may leave them out), and each province's whole (when groups are
// regions).
func (pl plan) extraCounts() (samples, undated, parent bool) {
	return pl.base.Sample == nil && kindOf(pl.req.Metric) == federation.KindServiceSite,
		pl.base.HasDateRange() && !pl.base.IncludeUndated,
		pl.req.GroupBy == ByPrefecture || pl.req.GroupBy == ByCounty
}

// EstimateCalls says, without asking any upstream, how many source calls
// req would make to each province (have are the provinces with a source):
// each group's total and the extra counts beside it, or the most pages a
// bounded read may take. A request the plan refuses makes none.
func EstimateCalls(div Divisions, have []civ.ProvinceCode, req Request) map[civ.ProvinceCode]int {
	pl, err := newPlan(div, have, req)
	if err != nil {
		return nil
	}
	out := map[civ.ProvinceCode]int{}
	samples, undated, parent := pl.extraCounts()
	for _, p := range pl.provinces {
		if req.Metric == Capacity || req.Metric == TargetValue {
			out[p] = (MaxRowsRead + federation.MaxPageSize - 1) / federation.MaxPageSize
			continue
		}
		per := 1
		for _, extra := range []bool{samples, undated} {
			if extra {
				per++
			}
		}
		out[p] = len(pl.groups[p]) * per
		if parent {
			out[p]++
		}
	}
	return out
}

// sampleCount is how many of a group's counted rows are generated: all or
// none when the filter fixes it, none for kinds that are never generated.
func sampleCount(sample *bool, a counted) *int {
	n := 0
	switch {
	case sample != nil && *sample:
		n = a.value.Total
	case a.wantSamples:
		n = a.samples.Total
	}
	return &n
}

// setRegionUnknown records, on every row of one province, how many of its
// rows no region group holds.
func setRegionUnknown(rows []Row, n int) {
	for i := range rows {
		if rows[i].Err == nil {
			v := n
			rows[i].RegionUnknownExcluded = &v
		}
	}
}

// newRow is a group's row before any answer.
func newRow(p civ.ProvinceCode, g group) Row {
	return Row{Province: p, Key: g.key, Label: g.label, Region: g.region, SiteType: g.siteType, Domain: g.domain, Month: g.month, State: Fresh}
}

// settle sets a row's state from the answers its figures rest on: failed
// with the first error, else stale when any was, with the oldest age.
func settle(r *Row, ts ...federation.Tally) {
	for _, t := range ts {
		if t.Err != nil {
			r.State, r.Err, r.Age = Failed, t.Err, nil
			return
		}
		if t.Age == nil {
			continue
		}
		if t.Age.Stale {
			r.State = Stale
		}
		if r.Age == nil || t.Age.FetchedAt.Before(r.Age.FetchedAt) {
			age := *t.Age
			r.Age = &age
		}
	}
}
