package jiangsu

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"runtime"
	"slices"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
)

// index is the bulk snapshot with everything a query needs precomputed,
// built once per download: rows sorted by id, by region code, by each
// order, grouped by site type and sample flag, text runs to the rows whose
// name or address holds them, and rows on a coarse grid of locations. With
// it a page costs about its window, not the register.
type index struct {
	*rows
	byID     []int32 // rows by site id
	idRank   []int32 // row → its position in byID, the tie-breaker of every order
	byRegion []int32 // rows by region code, then row
	// regionStart[k] is where region code k starts in byRegion.
	regionStart []int32
	byType      [][]int32  // per civ.AllSiteTypes index, rows ascending
	bySample    [2][]int32 // [real, sample] rows; nil when the flag is common
	sampleCount [2]int
	counts      []int32 // rows per (region code, site type, sample flag)
	orders      map[connectors.OrderField]*sorted
	grid        grid
	keywords    *textIndex
	texts       textCache
}

// sorted is one order: perm lists the rows ascending by (key, id), rows
// without a key (an unknown update time) last; rows of equal key form a
// group, numbered in key order, so that the descending order (key
// descending, ties still by id ascending, rows without a key still last,
// as package ordering defines them) is the groups backwards, each read
// forwards, then the rows without a key.
type sorted struct {
	perm  []int32
	group []int32 // row → its group, ascending along perm; keyless for rows without a key
	keyed int     // rows with a key: perm[:keyed]
}

// keyless is the group of rows without a key: after every other.
const keyless = math.MaxInt32

// groupStart is the position in perm of group g's first row (len(perm)
// past the last group), found by binary search: groups ascend along perm.
func (s *sorted) groupStart(g int32) int {
	k, _ := slices.BinarySearchFunc(s.perm, g, func(row, g int32) int { return cmp.Compare(s.group[row], g) })
	return k
}

// postings maps a dictionary id to rows, compressed-row style.
type postings struct {
	start []int32 // id → offset in rows; len(dict)+1 entries
	rows  []int32
}

func (p postings) of(id uint32) []int32 { return p.rows[p.start[id]:p.start[id+1]] }

// newIndex indexes r and rejects a register whose site ids repeat, naming
// both data rows. The index owns r's slab, which holds its arrays too: it
// is freed when the index becomes unreachable, or at once on an error.
// valid, unless nil, is called once the register is known to be usable,
// before the rest of the index is built.
func newIndex(r *rows, valid func()) (*index, error) {
	ix, err := buildIndex(r, valid)
	if err != nil {
		r.slab.free()
		return nil, err
	}
	runtime.AddCleanup(ix, (*slab).free, r.slab)
	return ix, nil
}

func buildIndex(r *rows, valid func()) (*index, error) {
	n := r.len()
	mem := r.slab
	ix := &index{rows: r, orders: map[connectors.OrderField]*sorted{}}
	ids := r.textOrder(2, func(row int) int { return int(r.off[row]) })
	defer ids.free() // not kept while the other orders are built
	ix.byID = identity(mem, n)
	slices.SortFunc(ix.byID, func(a, b int32) int { return cmp.Or(ids.compare(a, b), cmp.Compare(a, b)) })
	for k := 1; k < n; k++ {
		if a, b := ix.byID[k-1], ix.byID[k]; ids.compare(a, b) == 0 {
			return nil, fmt.Errorf("bulk file: site_id %q is on data rows %d and %d", r.id(nil, a), min(a, b)+1, max(a, b)+1)
		}
	}
	ids.free()
	if valid != nil {
		valid()
	}
	ix.idRank = inverse(mem, ix.byID)

	ix.byRegion = identity(mem, n)
	slices.SortFunc(ix.byRegion, func(a, b int32) int { return cmp.Or(cmp.Compare(r.region[a], r.region[b]), cmp.Compare(a, b)) })
	ix.regionStart = make([]int32, len(r.regionCodes)+1)
	for _, row := range ix.byRegion {
		ix.regionStart[r.region[row]+1]++
	}
	for k := range r.regionCodes {
		ix.regionStart[k+1] += ix.regionStart[k]
	}

	// Rows per region code, site type and sample flag, so that counts of
	// those filters read no row (plan.tableCount).
	ix.counts = make([]int32, len(r.regionCodes)*len(civ.AllSiteTypes)*2)
	for i := range n {
		ix.counts[(int(r.region[i])*len(civ.AllSiteTypes)+int(r.typ[i]))*2+int(r.flags[i]&flagSample)]++
	}
	ix.byType = make([][]int32, len(civ.AllSiteTypes))
	perType := make([]int, len(civ.AllSiteTypes))
	for i := range n {
		perType[r.typ[i]]++
	}
	for k, count := range perType {
		ix.byType[k] = slabMake[int32](mem, count)[:0]
	}
	for i := range int32(n) {
		ix.byType[r.typ[i]] = append(ix.byType[r.typ[i]], i)
	}
	// Rows by sample flag, for the flag that few rows have (real records
	// among generated ones): only a small list narrows a query.
	samples := 0
	for i := range n {
		samples += int(r.flags[i] & flagSample)
	}
	ix.sampleCount = [2]int{n - samples, samples}
	for k, count := range ix.sampleCount {
		if count*walkFactor > n {
			continue
		}
		ix.bySample[k] = slabMake[int32](mem, count)[:0]
		for i := range int32(n) {
			if int(r.flags[i]&flagSample) == k {
				ix.bySample[k] = append(ix.bySample[k], i)
			}
		}
	}

	ix.orders[connectors.OrderUpdatedAt] = ix.sortBy(func(a, b int32) int { return cmp.Compare(r.updated[a], r.updated[b]) },
		func(row int32) bool { return r.updated[row] != noTime })
	ix.orders[connectors.OrderName] = ix.sortByName()
	ix.grid = newGrid(r)
	ix.keywords = newTextIndex(r)
	return ix, nil
}

func identity(mem *slab, n int) []int32 {
	p := slabMake[int32](mem, n)
	for i := range p {
		p[i] = int32(i)
	}
	return p
}

func inverse(mem *slab, perm []int32) []int32 {
	inv := slabMake[int32](mem, len(perm))
	for pos, row := range perm {
		inv[row] = int32(pos)
	}
	return inv
}

// sortBy builds an order from a key comparison over the rows has accepts.
func (ix *index) sortBy(key func(a, b int32) int, has func(row int32) bool) *sorted {
	s := &sorted{perm: identity(ix.slab, ix.len()), group: slabMake[int32](ix.slab, ix.len())}
	slices.SortFunc(s.perm, func(a, b int32) int {
		ha, hb := has(a), has(b)
		switch {
		case ha && hb:
			if c := key(a, b); c != 0 {
				return c
			}
		case ha != hb:
			if ha {
				return -1
			}
			return 1
		}
		return cmp.Compare(ix.idRank[a], ix.idRank[b])
	})
	g := int32(-1)
	for pos, row := range s.perm {
		if !has(row) {
			s.group[row] = keyless
			continue
		}
		s.keyed++
		if pos == 0 || key(s.perm[pos-1], row) != 0 {
			g++
		}
		s.group[row] = g
	}
	return s
}

// sortByName sorts by name (textOrder).
func (ix *index) sortByName() *sorted {
	names := ix.textOrder(3, func(row int) int { return ix.strs.skip(int(ix.off[row])) })
	defer names.free()
	return ix.sortBy(names.compare, func(int32) bool { return true }) // every site has a name
}

// textOrder compares one text column of the rows as bytes.Compare would
// the decoded strings. Each row's first words×8 bytes are decoded once,
// up front, and most comparisons end there (ids differ within 16 bytes,
// names — county, town, serial number — mostly within 24); only rows that
// tie on them compare their tokens (strtab.compare). It costs words×8
// bytes a row while a sort runs, in a slab of its own: at a million rows
// it is the largest transient of building an index, so names take three
// words, not the four that would end a few more comparisons early.
type textOrder struct {
	mem     *slab
	strs    *strtab
	off     func(row int) int // the arena offset of row's string
	words   int
	prefix  []uint64 // row → its first words×8 bytes, big-endian
	scratch [4][]byte
}

func (r *rows) textOrder(words int, off func(row int) int) *textOrder {
	mem := newSlab()
	t := &textOrder{mem: mem, strs: r.strs, off: off, words: words, prefix: slabMake[uint64](mem, r.len()*words)}
	var buf []byte
	b := make([]byte, 8*words)
	for row := range r.len() {
		buf, _ = r.strs.next(buf[:0], off(row))
		// Zero-padded: a shorter string's padding orders it before any
		// longer one it is a prefix of, or ties with it (a string holding
		// a NUL), which the tokens then decide.
		clear(b[copy(b, buf):])
		for w := range words {
			t.prefix[row*words+w] = binary.BigEndian.Uint64(b[8*w:])
		}
	}
	return t
}

// free returns the order's memory; it must not be used afterwards.
func (t *textOrder) free() {
	t.prefix = nil
	t.mem.free()
}

func (t *textOrder) compare(a, b int32) int {
	pa, pb := t.prefix[int(a)*t.words:][:t.words], t.prefix[int(b)*t.words:][:t.words]
	for w := range pa {
		if pa[w] != pb[w] {
			return cmp.Compare(pa[w], pb[w])
		}
	}
	return t.strs.compare(t.off(int(a)), t.off(int(b)), &t.scratch)
}
