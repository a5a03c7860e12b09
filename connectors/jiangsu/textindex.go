package jiangsu

import (
	"encoding/binary"
	"slices"
	"strings"

	"github.com/civgraph/civgraph/textmatch"
)

// textIndex answers keywords from the names' and addresses' text runs
// (the strtab dictionary) instead of their rows.
//
// A keyword term matches a field when every one of its keys (textmatch
// Term.Keys: bigrams, a character, or a whole Latin word) lies in the
// field's folded text. The strtab cuts a field into text runs and runs of
// ASCII digits, so a key without an ASCII digit can only lie within one
// text run: whether a field holds it depends only on the set of text runs
// it has. Rows whose name and address have the same sets — a register's
// rows repeat their county, town and kind around serial numbers — form
// one pattern, and a keyword without ASCII digits is decided once per
// pattern, exactly, without reading a row; its rows and their count come
// from the patterns. A keyword with ASCII digits (第12, 0号) is tested row
// by row (textCache).
type textIndex struct {
	folded  []string // dictionary id → its text, folded (textmatch.Normalize)
	pattern []uint32 // row → its pattern
	rows    postings // pattern → its rows
	// Pattern p's name runs are runs[start[p]:mid[p]], its address runs
	// runs[mid[p]:start[p+1]], each sorted.
	runs       []uint32
	start, mid []uint32
}

func newTextIndex(r *rows) textIndex {
	t := textIndex{folded: make([]string, len(r.strs.dict)), pattern: slabMake[uint32](r.slab, r.len()), start: []uint32{0}}
	for id, text := range r.strs.dict {
		t.folded[id] = textmatch.Normalize(text)
	}
	ids := map[string]uint32{}
	var name, address []uint32
	var key []byte
	for row := range r.len() {
		off := r.strs.skip(int(r.off[row])) // past the id
		name, off = r.strs.textRuns(name[:0], off)
		address, _ = r.strs.textRuns(address[:0], off)
		name, address = sortedSet(name), sortedSet(address)
		key = binary.AppendUvarint(key[:0], uint64(len(name)))
		for _, id := range append(name, address...) {
			key = binary.AppendUvarint(key, uint64(id))
		}
		p, ok := ids[string(key)]
		if !ok {
			p = uint32(len(t.mid))
			ids[string(key)] = p
			t.runs = append(t.runs, name...)
			t.mid = append(t.mid, uint32(len(t.runs)))
			t.runs = append(t.runs, address...)
			t.start = append(t.start, uint32(len(t.runs)))
		}
		t.pattern[row] = p
	}
	t.runs, t.start, t.mid = slices.Clip(t.runs), slices.Clip(t.start), slices.Clip(t.mid)
	// Rows by pattern, counted then placed.
	t.rows.start = make([]int32, len(t.mid)+1)
	for _, p := range t.pattern {
		t.rows.start[p+1]++
	}
	for p := range t.mid {
		t.rows.start[p+1] += t.rows.start[p]
	}
	t.rows.rows = slabMake[int32](r.slab, r.len())
	fill := slices.Clone(t.rows.start)
	for row, p := range t.pattern {
		t.rows.rows[fill[p]] = int32(row)
		fill[p]++
	}
	return t
}

func sortedSet(ids []uint32) []uint32 {
	slices.Sort(ids)
	return slices.Compact(ids)
}

// patterns returns the set of patterns matching keyword, or ok false when
// the keyword has a term with an ASCII digit, which runs do not decide.
func (t *textIndex) patterns(keyword string) (set *rowSet, ok bool) {
	q := textmatch.Compile(keyword)
	var keys [][]uint64 // per term and key: the dictionary ids holding it, as a bitmap
	var termKeys []int  // per term: its number of keys
	for _, term := range q.Terms() {
		if strings.ContainsAny(term.Text, "0123456789") {
			return nil, false
		}
		ks := term.Keys()
		termKeys = append(termKeys, len(ks))
		for _, k := range ks {
			has := make([]uint64, (len(t.folded)+63)/64)
			for id, f := range t.folded {
				if strings.Contains(f, k) {
					has[id/64] |= 1 << (id % 64)
				}
			}
			keys = append(keys, has)
		}
	}
	set = newRowSet(len(t.mid))
	for p := range len(t.mid) {
		names, addresses := t.runs[t.start[p]:t.mid[p]], t.runs[t.mid[p]:t.start[p+1]]
		all, k := true, 0
		for _, n := range termKeys {
			term := keys[k : k+n]
			k += n
			if !holdsAll(names, term) && !holdsAll(addresses, term) {
				all = false
				break
			}
		}
		if all {
			set.add(int32(p))
		}
	}
	return set, true
}

// holdsAll reports whether every key is held by one of the field's runs.
func holdsAll(runs []uint32, keys [][]uint64) bool {
	for _, has := range keys {
		if !slices.ContainsFunc(runs, func(id uint32) bool { return has[id/64]&(1<<(id%64)) != 0 }) {
			return false
		}
	}
	return true
}

// keywordRows is the rows of the patterns in set: a keyword's matches.
type keywordRows struct {
	t    *textIndex
	set  *rowSet // of patterns
	size int     // rows
}

func (t *textIndex) keywordRows(set *rowSet) *keywordRows {
	k := &keywordRows{t: t, set: set}
	set.each(func(p int32) { k.size += int(t.rows.start[p+1] - t.rows.start[p]) })
	return k
}

func (k *keywordRows) has(row int32) bool { return k.set.has(int32(k.t.pattern[row])) }

func (k *keywordRows) len() int { return k.size }

// each calls f with the rows, pattern by pattern (not in row order).
func (k *keywordRows) each(f func(row int32)) {
	k.set.each(func(p int32) {
		for _, row := range k.t.rows.of(uint32(p)) {
			f(row)
		}
	})
}
