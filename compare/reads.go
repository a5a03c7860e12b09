package compare

import (
	"context"
	"slices"
	"sync"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/federation"
)

// sum is one unit's figure within a group.
type sum struct {
	value, baseline float64
	samples         int
	n, based        int // targets summed, and those stating a baseline in their unit
}

// runReads answers a metric that needs rows (capacity, target values):
// each province's matching rows are read once, in bounded pages, and
// grouped here. Undated rows are read too when a date range would leave
// them out, so that each group can say how many it lost to an unknown
// date without another call.
func (c *Comparer) runReads(ctx context.Context, pl plan) (rows []Row, calls, read int) {
	readFilter := pl.base
	readFilter.IncludeUndated = true // sorted out per group below
	sites := map[civ.ProvinceCode][]civ.ServiceSite{}
	tasks := map[civ.ProvinceCode][]civ.Task{}
	tallies := map[civ.ProvinceCode]*federation.Tally{}
	var jobs []func(context.Context)
	var mu sync.Mutex
	for _, p := range pl.provinces {
		t := &federation.Tally{}
		tallies[p] = t
		jobs = append(jobs, func(ctx context.Context) {
			if pl.req.Metric == Capacity {
				ss, tally := c.src.ReadSites(ctx, p, readFilter, MaxRowsRead)
				mu.Lock()
				sites[p], *t = ss, tally
				mu.Unlock()
				return
			}
			ts, tally := c.src.ReadTasks(ctx, p, readFilter, MaxRowsRead)
			mu.Lock()
			tasks[p], *t = ts, tally
			mu.Unlock()
		})
	}
	run(ctx, jobs)

	byRegion := pl.req.GroupBy == ByPrefecture || pl.req.GroupBy == ByCounty
	for _, p := range pl.provinces {
		t := *tallies[p]
		calls, read = calls+t.Calls, read+t.Rows
		start := len(rows)
		for _, g := range pl.groups[p] {
			if t.Err != nil {
				r := newRow(p, g)
				settle(&r, t)
				rows = append(rows, r)
				continue
			}
			var sums map[string]*sum
			var undated int
			if pl.req.Metric == Capacity {
				sums, undated = capacities(g.filter, sites[p])
			} else {
				sums, undated = targetValues(g.filter, tasks[p])
			}
			rows = append(rows, groupRows(p, g, t, sums, undated, pl.req.Metric == TargetValue)...)
		}
		if t.Err == nil && byRegion {
			setRegionUnknown(rows[start:], unplaced(pl, p, sites[p]))
		}
	}
	return rows, calls, read
}

// groupRows makes a group's rows, one per unit (units never add up), or
// one empty row when none of its rows has a figure.
func groupRows(p civ.ProvinceCode, g group, t federation.Tally, sums map[string]*sum, undated int, targets bool) []Row {
	units := make([]string, 0, len(sums))
	for u := range sums {
		units = append(units, u)
	}
	slices.Sort(units)
	if len(units) == 0 {
		units = []string{""}
		sums = map[string]*sum{"": {}}
	}
	out := make([]Row, 0, len(units))
	for _, u := range units {
		s := sums[u]
		r := newRow(p, g)
		settle(&r, t)
		v, n, lost := s.value, s.samples, undated
		r.Unit, r.Value, r.SampleCount, r.UndatedExcluded = u, &v, &n, &lost
		if targets && s.n > 0 && s.based == s.n {
			b, change := s.baseline, s.value-s.baseline
			r.Baseline, r.Change = &b, &change
		}
		out = append(out, r)
	}
	return out
}

// capacities sums the capacity of the sites g selects, per unit; sites
// without a figure or unit add nothing. undated counts the sites the date
// range left out for their unknown date.
func capacities(g civ.Filter, sites []civ.ServiceSite) (map[string]*sum, int) {
	sums, undated := map[string]*sum{}, 0
	lenient := g
	lenient.IncludeUndated = true
	for _, s := range sites {
		if !g.MatchServiceSite(s) {
			if lenient.MatchServiceSite(s) {
				undated++
			}
			continue
		}
		if s.Capacity == nil || s.CapacityUnit == "" {
			continue
		}
		x := entry(sums, string(s.CapacityUnit))
		x.value += float64(*s.Capacity)
		if s.Sample {
			x.samples++
		}
	}
	return sums, undated
}

// targetValues sums the values of the targets (of the tasks g selects)
// that pass the target filter, per unit, with their baselines.
func targetValues(g civ.Filter, tasks []civ.Task) (map[string]*sum, int) {
	sums, undated := map[string]*sum{}, 0
	lenient := g
	lenient.IncludeUndated = true
	due := civ.Filter{Keyword: g.TargetMetric, From: civ.DayOrZero(g.TargetDueFrom), To: civ.DayOrZero(g.TargetDueTo)}
	for _, t := range tasks {
		if !g.MatchTask(t) {
			if lenient.MatchTask(t) {
				undated++
			}
			continue
		}
		for _, tg := range t.Targets {
			if !due.MatchDate(tg.Due) || !due.MatchKeyword(tg.Metric, tg.MetricEn) {
				continue
			}
			x := entry(sums, tg.Unit)
			x.value += tg.Value
			x.n++
			if tg.Baseline != nil && tg.Baseline.Unit == tg.Unit {
				x.baseline += tg.Baseline.Value
				x.based++
			}
		}
	}
	return sums, undated
}

func entry(sums map[string]*sum, unit string) *sum {
	x, ok := sums[unit]
	if !ok {
		x = &sum{}
		sums[unit] = x
	}
	return x
}

// unplaced counts the rows read for province p that no region group
// holds: their region is unknown below the province (or the scope).
func unplaced(pl plan, p civ.ProvinceCode, sites []civ.ServiceSite) int {
	n := 0
	in := func(code string) bool {
		return slices.ContainsFunc(pl.groups[p], func(g group) bool { return civ.Filter{RegionCode: g.key}.MatchRegion(code) })
	}
	for _, s := range sites {
		if pl.base.MatchServiceSite(s) && !in(s.RegionCode) {
			n++
		}
	}
	return n
}
