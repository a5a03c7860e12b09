package jiangsu

import (
	"bytes"
	"container/heap"
	"errors"
	"math/bits"
	"slices"
	"strings"
	"sync"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/geo"
)

// matchText is the keyword semantics of the bulk file's sites: the
// reference one of civ.Filter (a case-insensitive substring of the name
// or address). It is the one place to change them; textRows's dictionary
// shortcut relies on substring semantics and must change with it.
func matchText(keyword, name, address string) bool {
	return civ.Filter{Keyword: keyword}.MatchKeyword(name, address)
}

// rowSet is a set of rows as a bitmap over the register.
type rowSet struct {
	bits []uint64
	size int
}

func newRowSet(n int) *rowSet { return &rowSet{bits: make([]uint64, (n+63)/64)} }

func (s *rowSet) add(row int32) {
	w, b := row/64, uint64(1)<<(row%64)
	if s.bits[w]&b == 0 {
		s.bits[w] |= b
		s.size++
	}
}

func (s *rowSet) has(row int32) bool { return s.bits[row/64]&(1<<(row%64)) != 0 }

func (s *rowSet) each(f func(row int32)) {
	for w, word := range s.bits {
		for word != 0 {
			f(int32(w*64 + bits.TrailingZeros64(word)))
			word &= word - 1
		}
	}
}

// textCache keeps the row sets of recent keywords, since a client paging
// through a search asks the same keyword again and again.
type textCache struct {
	mu    sync.Mutex
	sets  map[string]*rowSet
	order []string // oldest first
	lower []string // the dictionary lowercased, built on first use
}

// textCacheSize bounds the keywords kept per snapshot; a set costs an
// eighth of a byte per row (125 KB at a million rows).
const textCacheSize = 64

// maxCachedKeyword keeps long keywords, which nobody pages through, from
// making the cache's keys large.
const maxCachedKeyword = 256

// textRows is the set of rows whose name or address matches keyword. A
// keyword without ASCII digits lies, wherever it occurs, inside one text
// run of the dictionary (runs are split at digits), so the matching runs
// are found in the dictionary and their rows read from the postings; a
// keyword with digits is matched row by row.
func (ix *index) textRows(keyword string) *rowSet {
	c := &ix.texts
	c.mu.Lock()
	if s, ok := c.sets[keyword]; ok {
		c.mu.Unlock()
		return s
	}
	if c.lower == nil {
		c.lower = make([]string, len(ix.strs.dict))
		for k, run := range ix.strs.dict {
			c.lower[k] = strings.ToLower(run)
		}
	}
	lower := c.lower
	c.mu.Unlock()

	set := newRowSet(ix.len())
	kl := strings.ToLower(keyword)
	if strings.IndexFunc(kl, func(r rune) bool { return r >= '0' && r <= '9' }) < 0 {
		matched := make([]bool, len(lower))
		frequent := false
		for id, run := range lower {
			if strings.Contains(run, kl) {
				matched[id] = true
				frequent = frequent || ix.text.frequent[id]
				for _, row := range ix.text.of(uint32(id)) {
					set.add(row)
				}
			}
		}
		if frequent { // some matching run has no list: read every row's runs
			for i := range int32(ix.len()) {
				off := ix.strs.skip(int(ix.off[i]))
				for range 2 { // name, address
					off = ix.strs.textRuns(off, func(id uint32) {
						if matched[id] {
							set.add(i)
						}
					})
				}
			}
		}
	} else {
		var buf []byte
		for i := range int32(ix.len()) {
			var name, address []byte
			name, address, buf = ix.nameAndAddress(buf, i)
			if matchText(keyword, string(name), string(address)) {
				set.add(i)
			}
		}
	}

	if len(keyword) > maxCachedKeyword {
		return set
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sets == nil {
		c.sets = map[string]*rowSet{}
	}
	if _, ok := c.sets[keyword]; !ok {
		if len(c.order) >= textCacheSize {
			delete(c.sets, c.order[0])
			c.order = c.order[1:]
		}
		c.sets[keyword] = set
		c.order = append(c.order, keyword)
	}
	return set
}

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
	text     *rowSet     // rows matching the keyword, when there is one
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
		p.text = ix.textRows(f.Keyword)
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
	return ok && (f.Near == nil || inCircle(*f.Near, pt)) && (f.Box == nil || inBox(*f.Box, pt))
}

// inBox is the reference test of a box; one whose west edge is east of
// its east edge crosses the antimeridian.
func inBox(b civ.GeoBox, p civ.GeoPoint) bool {
	if p.Lat < b.SouthWest.Lat || p.Lat > b.NorthEast.Lat {
		return false
	}
	if b.SouthWest.Lng <= b.NorthEast.Lng {
		return p.Lng >= b.SouthWest.Lng && p.Lng <= b.NorthEast.Lng
	}
	return p.Lng >= b.SouthWest.Lng || p.Lng <= b.NorthEast.Lng
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
		consider(source{size: text.size, each: text.each, exact: true})
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

// walkFactor: a list (a sample flag, a text run) is kept only for rows
// fewer than 1/walkFactor of the register; a commoner one would narrow a
// walk too little to pay for its memory.
const walkFactor = 16

// sortIsCheaper chooses how to cut the window: reading every candidate
// and keeping the first offset+limit in order costs the candidates; a
// walk along the presorted order costs the rows it passes before the
// window is full, about (offset+limit) times the register over the
// candidates. So a filter keeping a fixed share of the register (a
// county) walks, at the same cost whatever the register's size, and one
// keeping a few rows sorts them.
func (p *plan) sortIsCheaper(src source, q connectors.Query) bool {
	if src.all {
		return false
	}
	walk := (q.Offset + q.Limit + 1) * p.ix.len() / max(src.size, 1)
	return src.size < walk
}

// answer is a query's window and total, and the rows it touched.
type answer struct {
	rows    []int32
	dist    []float64 // per row of rows, when ordered or filtered by Near
	total   int
	touched int
}

// query cuts q's window from the rows matching q.Filter in q.Order.
func (ix *index) query(q connectors.Query) (answer, error) {
	o := q.Order
	switch o.Field {
	case connectors.OrderSource, connectors.OrderName, connectors.OrderUpdatedAt:
	case connectors.OrderDistance:
		if q.Filter.Near == nil {
			return answer{}, errNoCentre
		}
	default:
		return answer{}, errOrderField(o.Field)
	}
	p := ix.compile(q.Filter)
	src := p.candidates()
	var a answer
	counted := src.exact
	if counted {
		a.total = src.size
	} else {
		a.total, counted = p.tableCount()
	}
	if o.Field == connectors.OrderDistance || p.sortIsCheaper(src, q) {
		if q.Limit > 0 || !counted {
			matches := p.collect(src)
			a.total = len(matches)
			if q.Limit > 0 {
				a.rows = p.sortWindow(matches, q)
			}
		}
	} else {
		if !counted {
			src.each(func(r int32) {
				if p.match(r) {
					a.total++
				}
			})
		}
		if q.Limit > 0 {
			a.rows = p.walk(src, q)
		}
	}
	if c := q.Filter.Near; c != nil {
		a.dist = make([]float64, len(a.rows))
		for k, r := range a.rows {
			pt, _ := ix.point(r)
			a.dist[k] = geo.Distance(c.Center, pt) / 1000
		}
	}
	a.touched = p.touched + len(a.rows)
	return a, nil
}

func (p *plan) collect(src source) []int32 {
	var out []int32
	src.each(func(r int32) {
		if p.match(r) {
			out = append(out, r)
		}
	})
	return out
}

// sortWindow orders the matches and cuts the window. Only the first
// offset+limit rows in order are kept while reading the matches (a
// bounded heap), so a wide circle ordered by distance costs O(m log k),
// not a sort of every match.
func (p *plan) sortWindow(rows []int32, q connectors.Query) []int32 {
	ix := p.ix
	sign := 1.0
	if q.Order.Desc {
		sign = -1
	}
	keyOf := func(r int32) (float64, bool) { return sign * float64(r), false }
	switch q.Order.Field {
	case connectors.OrderDistance:
		keyOf = func(r int32) (float64, bool) {
			pt, _ := ix.point(r)
			return sign * geo.Distance(q.Filter.Near.Center, pt), false
		}
	case connectors.OrderName, connectors.OrderUpdatedAt:
		g := ix.orders[q.Order.Field].group
		keyOf = func(r int32) (float64, bool) { return sign * float64(g[r]), g[r] == keyless }
	}
	k := q.Offset + q.Limit
	if k <= 0 || q.Offset >= len(rows) {
		return nil
	}
	h := &window{items: make([]ranked, 0, min(k, len(rows)))}
	for _, r := range rows {
		key, last := keyOf(r)
		it := ranked{key: key, last: last, rank: ix.idRank[r], row: r}
		switch {
		case len(h.items) < k:
			heap.Push(h, it)
		case it.before(h.items[0]):
			h.items[0] = it
			heap.Fix(h, 0)
		}
	}
	slices.SortFunc(h.items, func(a, b ranked) int {
		if a.before(b) {
			return -1
		}
		return 1 // ranks are unique: never equal
	})
	out := make([]int32, 0, q.Limit)
	for _, it := range h.items[q.Offset:] {
		out = append(out, it.row)
	}
	return out
}

// ranked is a match with its sort key: key ascending (negated for a
// descending order), rows without a key last, then id rank.
type ranked struct {
	key  float64
	last bool
	rank int32
	row  int32
}

func (a ranked) before(b ranked) bool {
	switch {
	case a.last != b.last:
		return b.last
	case a.key != b.key:
		return a.key < b.key
	}
	return a.rank < b.rank
}

// window is a max-heap of the first rows in order: its root is the last
// of them, the one a better row replaces.
type window struct{ items []ranked }

func (w *window) Len() int           { return len(w.items) }
func (w *window) Less(i, j int) bool { return w.items[j].before(w.items[i]) }
func (w *window) Swap(i, j int)      { w.items[i], w.items[j] = w.items[j], w.items[i] }
func (w *window) Push(x any)         { w.items = append(w.items, x.(ranked)) }
func (w *window) Pop() any {
	it := w.items[len(w.items)-1]
	w.items = w.items[:len(w.items)-1]
	return it
}

// walk reads the presorted order from the window's start, testing rows
// until the window is full. Without a filter it starts at the offset.
func (p *plan) walk(src source, q connectors.Query) []int32 {
	ix := p.ix
	n := ix.len()
	var out []int32
	skip := q.Offset
	take := func(r int32) bool {
		if src.all && src.exact {
			p.touched++
		} else if !p.match(r) {
			return true
		}
		if skip > 0 {
			skip--
			return true
		}
		out = append(out, r)
		return len(out) < q.Limit
	}
	start := 0
	if src.all && src.exact {
		start, skip = min(q.Offset, n), 0
	}
	if q.Order.Field == connectors.OrderSource {
		for k := start; k < n; k++ {
			r := int32(k)
			if q.Order.Desc {
				r = int32(n - 1 - k)
			}
			if !take(r) {
				break
			}
		}
		return out
	}
	s := ix.orders[q.Order.Field]
	if !q.Order.Desc {
		for _, r := range s.perm[start:] {
			if !take(r) {
				break
			}
		}
		return out
	}
	// Descending: groups from the last, each read forwards, then the rows
	// without a key. The row at descending position start < keyed lies in
	// the group of the row at ascending position keyed-1-start; rows of that
	// group before it are skipped.
	keyed := s.keyed
	if start < keyed {
		g := s.group[s.perm[keyed-1-start]]
		end := s.groupStart(g + 1)
		from := s.groupStart(g) + (start - (keyed - end))
		for {
			for _, r := range s.perm[from:end] {
				if !take(r) {
					return out
				}
			}
			if g == 0 {
				break
			}
			g--
			from, end = s.groupStart(g), s.groupStart(g+1)
		}
		start = keyed
	}
	for _, r := range s.perm[min(start, n):] {
		if !take(r) {
			break
		}
	}
	return out
}
