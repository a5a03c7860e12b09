package jiangsu

import (
	"bytes"
	"errors"
	"slices"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
)

// errNoCentre is the error of a DISTANCE order without a circle to
// measure from.
var errNoCentre = errors.New("ordering by DISTANCE needs a near filter, whose centre it measures from")

// errOrderField is the error of an order service sites do not have.
type errOrderField connectors.OrderField

func (e errOrderField) Error() string {
	return "service sites cannot be ordered by " + string(e) + " (only NAME, UPDATED_AT or DISTANCE)"
}

// plan is one query compiled against an index: which rows may match and
// the test each row must pass, equal to civ.Filter.MatchServiceSite plus
// the Near and Box restrictions.
type plan struct {
	ix       *index
	f        civ.Filter
	none     bool        // nothing can match (task-only fields)
	regionOK []bool      // per region code; nil: any region
	typeOK   []bool      // per civ.AllSiteTypes; nil: any type
	ids      []int32     // rows whose id was asked for, when ids were
	idsAsked bool        // ID or IDs set
	text     textSet     // rows matching the keyword, when there is one
	dates    *civ.Filter // the date range, when there is one
	touched  int         // rows tested or copied: the query's cost
}

func (ix *index) compile(f civ.Filter) *plan {
	p := &plan{ix: ix, f: f}
	probe := civ.Filter{Domain: f.Domain, Domains: f.Domains, SiteType: f.SiteType, SiteTypes: f.SiteTypes}
	switch {
	case f.OriginID != "" || len(f.OriginIDs) > 0 || f.TargetDueFrom != nil || f.TargetDueTo != nil || f.TargetMetric != "":
		p.none = true // only tasks have origins and targets
		return p
	}
	if f.RegionCode != "" || len(f.RegionCodes) > 0 {
		within := civ.Filter{RegionCode: f.RegionCode, RegionCodes: f.RegionCodes}
		p.regionOK = make([]bool, len(ix.regionCodes))
		for k, code := range ix.regionCodes {
			p.regionOK[k] = within.MatchRegion(code)
		}
	}
	if len(connectors.FieldsOf(probe)) > 0 {
		p.typeOK = make([]bool, len(civ.AllSiteTypes))
		for k, t := range civ.AllSiteTypes {
			p.typeOK[k] = probe.MatchServiceSite(civ.ServiceSite{Type: t})
		}
	}
	if f.ID != "" || len(f.IDs) > 0 {
		p.idsAsked = true
		for _, id := range append([]string{f.ID}, f.IDs...) {
			if row, ok := ix.lookup(id); ok && !slices.Contains(p.ids, row) {
				p.ids = append(p.ids, row)
			}
		}
	}
	if f.Keyword != "" {
		var read int
		p.text, read = ix.textRows(f.Keyword)
		p.touched += read
	}
	if f.HasDateRange() {
		p.dates = &civ.Filter{From: f.From, To: f.To, IncludeUndated: f.IncludeUndated}
	}
	return p
}

// lookup finds the row of a site id.
func (ix *index) lookup(id string) (int32, bool) {
	var buf []byte
	k, found := slices.BinarySearchFunc(ix.byID, id, func(row int32, id string) int {
		buf = ix.id(buf, row)
		return bytes.Compare(buf, []byte(id))
	})
	if !found {
		return 0, false
	}
	return ix.byID[k], true
}

// match reports whether row passes the whole filter.
func (p *plan) match(row int32) bool {
	p.touched++
	ix, f := p.ix, &p.f
	switch {
	case p.none,
		p.regionOK != nil && !p.regionOK[ix.region[row]],
		p.typeOK != nil && !p.typeOK[ix.typ[row]],
		!f.MatchSample(ix.flags[row]&flagSample != 0),
		p.text != nil && !p.text.has(row),
		p.idsAsked && !slices.Contains(p.ids, row):
		return false
	}
	if p.idsAsked {
		site := civ.ServiceSite{ID: string(ix.id(nil, row))}
		if !(civ.Filter{ID: f.ID, IDs: f.IDs}).MatchServiceSite(site) {
			return false // ID and IDs both set must both hold
		}
	}
	if p.dates != nil {
		updated := civ.FuzzyDate{Date: ix.updatedAt(row), Precision: civ.PrecisionDay}
		if ix.updated[row] == noTime {
			updated.Precision = civ.PrecisionUnknown
		}
		if !p.dates.MatchDate(updated) {
			return false
		}
	}
	if f.Near == nil && f.Box == nil {
		return true
	}
	pt, ok := ix.point(row)
	return ok && (f.Near == nil || f.Near.Contains(pt)) && (f.Box == nil || f.Box.Contains(pt))
}

// source is a set of rows that holds every match: the smallest the
// indexes offer. exact is true when its rows are exactly the matches.
type source struct {
	size  int
	each  func(f func(row int32))
	exact bool
	all   bool
}

// candidates picks the smallest indexed superset of the matches.
func (p *plan) candidates() source {
	ix, f := p.ix, p.f
	n := ix.len()
	best := source{size: n, all: true, exact: true, each: func(fn func(int32)) {
		for i := range int32(n) {
			fn(i)
		}
	}}
	restricted := 0
	consider := func(s source) {
		restricted++
		if s.size < best.size || best.all {
			best = s
		}
	}
	if p.none {
		return source{each: func(func(int32)) {}, exact: true}
	}
	if p.idsAsked {
		ids := p.ids
		consider(source{size: len(ids), each: func(fn func(int32)) {
			for _, r := range ids {
				fn(r)
			}
		}})
	}
	if p.text != nil {
		text := p.text
		consider(source{size: text.len(), each: text.each, exact: true})
	}
	if p.regionOK != nil {
		size := 0
		for k, ok := range p.regionOK {
			if ok {
				size += int(ix.regionStart[k+1] - ix.regionStart[k])
			}
		}
		consider(source{size: size, exact: true, each: func(fn func(int32)) {
			for k, ok := range p.regionOK {
				if ok {
					for _, r := range ix.byRegion[ix.regionStart[k]:ix.regionStart[k+1]] {
						fn(r)
					}
				}
			}
		}})
	}
	if p.typeOK != nil {
		size := 0
		for k, ok := range p.typeOK {
			if ok {
				size += len(ix.byType[k])
			}
		}
		consider(source{size: size, exact: true, each: func(fn func(int32)) {
			for k, ok := range p.typeOK {
				if ok {
					for _, r := range ix.byType[k] {
						fn(r)
					}
				}
			}
		}})
	}
	unindexed := p.dates != nil // a date range has no index: tested row by row
	if f.Sample != nil {
		k := 0
		if *f.Sample {
			k = 1
		}
		rows := ix.bySample[k]
		each := func(fn func(int32)) {
			for _, r := range rows {
				fn(r)
			}
		}
		if rows == nil { // a common flag has no list, only its count
			each = func(fn func(int32)) {
				for i := range int32(n) {
					if int(ix.flags[i]&flagSample) == k {
						fn(i)
					}
				}
			}
		}
		consider(source{size: ix.sampleCount[k], exact: true, each: each})
	}
	if f.Near != nil || f.Box != nil {
		south, west, north, east := p.geoBox()
		size := 0
		ix.grid.within(south, west, north, east, func(rows []int32) { size += len(rows) })
		consider(source{size: size, each: func(fn func(int32)) {
			ix.grid.within(south, west, north, east, func(rows []int32) {
				for _, r := range rows {
					fn(r)
				}
			})
		}})
	}
	if restricted > 1 || unindexed {

		best.exact = false
	}
	return best
}

// tableCount counts the matches from the index's table of rows per
// region code, site type and sample flag, without touching a row, when
// the filter restricts nothing else.
func (p *plan) tableCount() (int, bool) {
	f, ix := p.f, p.ix
	if p.none || p.idsAsked || p.text != nil || p.dates != nil || f.Near != nil || f.Box != nil {
		return 0, false
	}
	types := len(civ.AllSiteTypes)
	total := 0
	for code := range ix.regionCodes {
		if p.regionOK != nil && !p.regionOK[code] {
			continue
		}
		for t := range types {
			if p.typeOK != nil && !p.typeOK[t] {
				continue
			}
			for sample := range 2 {
				if f.MatchSample(sample == 1) {
					total += int(ix.counts[(code*types+t)*2+sample])
				}
			}
		}
	}
	return total, true
}

// geoBox is a box holding every row the Near and Box filters may keep.
func (p *plan) geoBox() (south, west, north, east float64) {
	south, west, north, east = -90, -180, 90, 180
	if c := p.f.Near; c != nil {
		south, west, north, east = circleBox(c.Center, c.RadiusKm)
	}
	if b := p.f.Box; b != nil {
		south, north = max(south, b.SouthWest.Lat), min(north, b.NorthEast.Lat)
		if b.SouthWest.Lng <= b.NorthEast.Lng {
			west, east = max(west, b.SouthWest.Lng), min(east, b.NorthEast.Lng)
		}
	}
	return south, west, north, east
}
