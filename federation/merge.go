package federation

import (
	"slices"
	"time"

	"github.com/civgraph/civgraph/civ"
)

// merge builds the page by a k-way merge of the provinces' sorted streams:
// forwards it takes the smallest head among the provinces until the page
// is full, backwards the largest tail, comparing rows by the plan's order
// (ties by ID, then canonical province order; the source order keeps the
// provinces in canonical order, one after the other). A province that
// failed adds its error and keeps its position, so its rows resume on a
// later page; totalCount sums the provinces that answered. The page's
// state is signed once and every edge's cursor derived from it.
func merge[T any](f *Federation, pl plan, answers []sourceAnswer[T]) Page[T] {
	compare := compareOf[T](pl)
	n := len(pl.provinces)
	var m merger[T]
	m.before = func(i int, a T, j int, b T) bool {
		if compare != nil {
			if c := compare(a, b); c != 0 {
				return c < 0
			}
		}
		return i < j
	}
	m.pos, m.lo, m.hi = make([]int, n), make([]int, n), make([]int, n)
	page := Page[T]{}
	now := time.Now()
	ages := make([]*civ.DataAge, n)
	for i, a := range answers {
		m.lo[i], m.hi[i] = pl.start[i], pl.start[i]
		if a.err != nil {
			page.Errors = append(page.Errors, a.err)
			if pl.backward && pl.end != nil {
				m.lo[i], m.hi[i] = pl.end[i], pl.end[i]
			}
			continue
		}
		page.TotalCount += a.result.Total
		ages[i] = dataAgeOf(a.result.Meta, now)
		m.hi[i] = a.result.Total
		if pl.end != nil {
			m.hi[i] = min(m.hi[i], pl.end[i])
		}
		if pl.backward {
			m.hi[i] = min(m.hi[i], a.end)
		}
	}
	m.answers = answers
	m.edges = make([]Edge[T], 0, pl.size)
	var from []int // province of each edge, in page order
	if pl.backward {
		from = m.backward(pl.size)
	} else {
		from = m.forward(pl.size)
	}
	// m.pos is now where the page starts (backwards) or ends (forwards).
	start := slices.Clone(m.pos)
	if !pl.backward {
		start = slices.Clone(pl.start)
	}
	for i, a := range answers {
		if a.err != nil {
			start[i] = m.lo[i]
		}
	}
	rowsBefore, rowsAfter := false, false
	for i := range answers {
		if answers[i].err != nil {
			continue
		}
		// Rows of the window before the page and after it.
		if pl.backward {
			rowsBefore = rowsBefore || m.pos[i] > pl.start[i]
			rowsAfter = rowsAfter || answers[i].result.Total > m.hi[i]
		} else {
			rowsBefore = rowsBefore || pl.start[i] > 0
			rowsAfter = rowsAfter || m.pos[i] < m.hi[i]
		}
	}
	// As Relay specifies: paging forwards, hasNextPage says whether the
	// window holds more rows and hasPreviousPage whether any precede after;
	// backwards the other way round.
	if pl.backward {
		page.HasPreviousPage, page.HasNextPage = rowsBefore, pl.end != nil && rowsAfter
	} else {
		page.HasPreviousPage, page.HasNextPage = pl.after && rowsBefore, rowsAfter
	}
	seq := make([]byte, len(from))
	for k, i := range from {
		seq[k] = byte('0' + i)
	}
	signed := f.cursors.sign(pageState{Query: pl.query, Start: start, From: string(seq)})
	// The edges hold copies of the rows (a connector's rows may be shared),
	// so each one's age is set in place.
	cursors := edgeCursors(signed, len(m.edges))
	for k := range m.edges {
		m.edges[k].Cursor = cursors[k]
		setAge(&m.edges[k].Node, ages[from[k]])
	}
	page.Edges = m.edges
	return page
}

// merger walks the provinces' streams: pos is each one's position, lo and
// hi bound the rows the page may take, answers hold the rows read, and
// edges the rows taken (their cursors are set once the page is complete).
type merger[T any] struct {
	answers     []sourceAnswer[T]
	pos, lo, hi []int
	before      func(i int, a T, j int, b T) bool
	edges       []Edge[T]
}

// row returns province i's row at position at, if it was read.
func (m *merger[T]) row(i, at int) (T, bool) {
	a := m.answers[i]
	k := at - a.offset
	if a.err != nil || k < 0 || k >= len(a.result.Items) {
		var zero T
		return zero, false
	}
	return a.result.Items[k], true
}

// forward takes up to size rows, smallest first, and returns the
// province of each.
func (m *merger[T]) forward(size int) []int {
	copy(m.pos, m.lo)
	from := make([]int, 0, size)
	for len(m.edges) < size {
		best, ok := m.pick(func(i int) int { return m.pos[i] }, func(i int) bool { return m.pos[i] < m.hi[i] }, false)
		if !ok {
			break
		}
		m.edges = append(m.edges, Edge[T]{Node: m.mustRow(best, m.pos[best])})
		m.pos[best]++
		from = append(from, best)
	}
	return from
}

// backward takes up to size rows, largest first, and returns them and
// their provinces in page (ascending) order.
func (m *merger[T]) backward(size int) []int {
	copy(m.pos, m.hi)
	from := make([]int, 0, size)
	for len(m.edges) < size {
		best, ok := m.pick(func(i int) int { return m.pos[i] - 1 }, func(i int) bool { return m.pos[i] > m.lo[i] }, true)
		if !ok {
			break
		}
		m.pos[best]--
		m.edges = append(m.edges, Edge[T]{Node: m.mustRow(best, m.pos[best])})
		from = append(from, best)
	}
	slices.Reverse(m.edges)
	slices.Reverse(from)
	return from
}

// pick chooses the province whose candidate row (at(i)) comes first, or
// last when largest; a province with rows left (open) whose candidate was
// not read stops the merge, since any of its rows might come next.
func (m *merger[T]) pick(at func(int) int, open func(int) bool, largest bool) (int, bool) {
	best := -1
	var bestRow T
	for i := range m.pos {
		if m.answers[i].err != nil || !open(i) {
			continue
		}
		r, ok := m.row(i, at(i))
		if !ok {
			return -1, false
		}
		if best < 0 || m.before(i, r, best, bestRow) != largest {
			best, bestRow = i, r
		}
	}
	return best, best >= 0
}

func (m *merger[T]) mustRow(i, at int) T {
	r, _ := m.row(i, at)
	return r
}
