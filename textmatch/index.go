package textmatch

import (
	"slices"
)

// Index is an inverted index from keys (the bigrams and characters of
// every word, a run of characters between separators) to the rows
// holding them, so that a query's candidates are found without reading
// every row. Rows are numbered from 0 in the order they are added.
// Candidates may include rows a term matches only across fields, or a
// word's bigrams only apart; confirm each with Query.Match. Add must not run concurrently
// with anything else; Candidates may run concurrently with itself.
type Index struct {
	postings map[string][]int32
	rows     int
}

// NewIndex returns an empty index.
func NewIndex() *Index { return &Index{postings: map[string][]int32{}} }

// Len is the number of rows added.
func (ix *Index) Len() int { return ix.rows }

// Add indexes one row's texts (its fields) and returns its number.
func (ix *Index) Add(texts ...string) int {
	row := int32(ix.rows)
	ix.rows++
	seen := map[string]bool{}
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			ix.postings[k] = append(ix.postings[k], row)
		}
	}
	for _, t := range texts {
		for _, w := range words(Normalize(t)) {
			rs := []rune(w)
			for i := range rs {
				add(string(rs[i]))
				if i+1 < len(rs) {
					add(string(rs[i : i+2]))
				}
			}
		}
	}
	return int(row)
}

// Candidates lists, in ascending order, the rows holding every key of
// every term of q; all is true when q has no terms (every row matches).
func (ix *Index) Candidates(q Query) (rows []int, all bool) {
	if q.Empty() {
		return nil, true
	}
	var lists [][]int32
	for _, t := range q.terms {
		for _, k := range t.keys {
			p, ok := ix.postings[k]
			if !ok {
				return nil, false
			}
			lists = append(lists, p)
		}
	}
	slices.SortFunc(lists, func(a, b []int32) int { return len(a) - len(b) })
	cur := lists[0]
	for _, l := range lists[1:] {
		cur = intersect(cur, l)
		if len(cur) == 0 {
			return nil, false
		}
	}
	out := make([]int, len(cur))
	for i, r := range cur {
		out[i] = int(r)
	}
	return out, false
}

// intersect returns the rows in both ascending lists.
func intersect(a, b []int32) []int32 {
	var out []int32
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}
