package jiangsu

import (
	"encoding/binary"
	"slices"
	"strings"
	"sync"

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
// from the patterns. A keyword with ASCII digits (第12, 0号) is narrowed
// first — the letters and characters of its keys by pattern, its digits
// and pairs of digits by a bitmap of the rows holding each — and only the
// rows left are tested one by one (textCache).
type textIndex struct {
	folded  []string // dictionary id → its text, folded (textmatch.Normalize)
	pattern []uint32 // row → its pattern
	rows    postings // pattern → its rows
	// Pattern p's name runs are runs[start[p]:mid[p]], its address runs
	// runs[mid[p]:start[p+1]], each sorted.
	runs       []uint32
	start, mid []uint32
	// digits[d] (d < 10) and digits[10+10a+b] are bitmaps of the rows
	// whose name or address has a digit run holding d, or the pair ab,
	// built for the first keyword with digits (14 MB at a million rows,
	// not held by a snapshot no such keyword asks of).
	digitsOnce sync.Once
	digits     [110][]uint64
	r          *rows
	// digitText: patterns with a text run whose folded form has an ASCII
	// digit (a full-width ３, a run of more than maxDigitRun digits): their
	// digits are not in the bitmaps.
	digitText *rowSet
}

func newTextIndex(r *rows) *textIndex {
	t := &textIndex{folded: make([]string, len(r.strs.dict)), pattern: slabMake[uint32](r.slab, r.len()), r: r}
	t.start = append(slabGrow(r.slab, t.start, 1), 0)
	for id, text := range r.strs.dict {
		t.folded[id] = textmatch.Normalize(text)
	}
	ids := map[string]uint32{}
	var name, address []uint32
	var key []byte
	for row := range r.len() {
		off := r.strs.skip(int(r.off[row])) // past the id
		name, _, off = r.strs.textRuns(name[:0], nil, off)
		address, _, _ = r.strs.textRuns(address[:0], nil, off)
		name, address = sortedSet(name), sortedSet(address)
		key = binary.AppendUvarint(key[:0], uint64(len(name)))
		for _, id := range append(name, address...) {
			key = binary.AppendUvarint(key, uint64(id))
		}
		p, ok := ids[string(key)]
		if !ok {
			// In the slab too: a register of unique names has as many
			// patterns as rows.
			p = uint32(len(t.mid))
			ids[string(key)] = p
			t.runs = append(append(slabGrow(r.slab, t.runs, len(name)+len(address)), name...), address...)
			t.mid = append(slabGrow(r.slab, t.mid, 1), uint32(len(t.runs)-len(address)))
			t.start = append(slabGrow(r.slab, t.start, 1), uint32(len(t.runs)))
		}
		t.pattern[row] = p
	}
	t.runs, t.start, t.mid = slabTrim(r.slab, t.runs), slabTrim(r.slab, t.start), slabTrim(r.slab, t.mid)
	t.digitText = newRowSet(len(t.mid))
	for p := range len(t.mid) {
		if slices.ContainsFunc(t.runs[t.start[p]:t.start[p+1]], func(id uint32) bool { return hasDigit(t.folded[id]) }) {
			t.digitText.add(int32(p))
		}
	}
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

// buildDigits fills the digit bitmaps from every row's digit runs.
func (t *textIndex) buildDigits() {
	r := t.r
	words := (r.len() + 63) / 64
	for d := range t.digits {
		t.digits[d] = slabMake[uint64](r.slab, words)
	}
	digits := make([]byte, 0, 64) // not nil: textRuns collects digits
	for row := range r.len() {
		off := r.strs.skip(int(r.off[row])) // past the id
		_, digits, off = r.strs.textRuns(nil, digits[:0], off)
		_, digits, _ = r.strs.textRuns(nil, digits, off)
		t.markDigits(row, digits)
	}
}

// markDigits sets row's bits for the digit runs in digits, each run
// followed by a space.
func (t *textIndex) markDigits(row int, digits []byte) {
	w, bit := row/64, uint64(1)<<(row%64)
	for i, c := range digits {
		if c == ' ' {
			continue
		}
		t.digits[c-'0'][w] |= bit
		if i+1 < len(digits) && digits[i+1] != ' ' {
			t.digits[10+10*int(c-'0')+int(digits[i+1]-'0')][w] |= bit
		}
	}
}

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

func sortedSet(ids []uint32) []uint32 {
	slices.Sort(ids)
	return slices.Compact(ids)
}

// patterns returns the set of patterns matching keyword, or ok false when
// the keyword has a term with an ASCII digit, which runs do not decide.
func (t *textIndex) patterns(keyword string) (set *rowSet, ok bool) {
	terms := textmatch.Compile(keyword).Terms()
	keys := make([][]string, len(terms))
	for i, term := range terms {
		if hasDigit(term.Text) {
			return nil, false
		}
		keys[i] = term.Keys()
	}
	return t.matching(keys), true
}

// matching is the set of patterns with, for every term's keys, one field
// whose runs hold each key.
func (t *textIndex) matching(terms [][]string) *rowSet {
	var keys [][]uint64 // per term and key: the dictionary ids holding it, as a bitmap
	var termKeys []int  // per term: its number of keys
	for _, ks := range terms {
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
	set := newRowSet(len(t.mid))
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
	return set
}

// digitCandidates calls f with a superset of the rows matching a keyword
// with digits: rows of the patterns whose runs hold every key's other
// characters, and whose digit runs hold every key's digits and pairs of
// digits (or whose pattern has digits in a text run).
func (t *textIndex) digitCandidates(keyword string, f func(row int32)) {
	var letters [][]string // per term: the characters of its keys that are not ASCII digits
	var need []int         // bitmaps every candidate row must be in
	for _, term := range textmatch.Compile(keyword).Terms() {
		var chars []string
		for _, k := range term.Keys() {
			rs := []rune(k)
			for i, r := range rs {
				switch d := int(r - '0'); {
				case r < '0' || r > '9':
					chars = append(chars, string(r))
				case i+1 < len(rs) && rs[i+1] >= '0' && rs[i+1] <= '9':
					need = append(need, 10+10*d+int(rs[i+1]-'0'))
				default:
					need = append(need, d)
				}
			}
		}
		letters = append(letters, chars)
	}
	slices.Sort(need)
	need = slices.Compact(need)
	t.digitsOnce.Do(t.buildDigits)
	t.matching(letters).each(func(p int32) {
		anyDigits := t.digitText.has(p)
		for _, row := range t.rows.of(uint32(p)) {
			w, bit := row/64, uint64(1)<<(row%64)
			if anyDigits || !slices.ContainsFunc(need, func(d int) bool { return t.digits[d][w]&bit == 0 }) {
				f(row)
			}
		}
	})
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
