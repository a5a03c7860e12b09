package jiangsu

import (
	"container/heap"
	"slices"

	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/geo"
)

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
