package textmatch

import (
	"strings"
	"sync/atomic"
)

// Query is a compiled query: its terms and the keys each must match.
// The zero Query has no terms and matches everything.
type Query struct {
	terms []compiled
	// phrase is the folded query without separators (长者 食堂 → 长者食堂),
	// rewarded by Score where a field holds it as written.
	phrase string
}

type compiled struct {
	Term
	keys []string // its bigrams (or the character): what Index looks up
}

// Compile compiles query (see Terms).
func Compile(query string) Query {
	var q Query
	var phrase strings.Builder
	for _, t := range Terms(query) {
		c := compiled{Term: t, keys: bigrams(t.Text)}
		q.terms = append(q.terms, c)
		phrase.WriteString(t.Text)
	}
	q.phrase = phrase.String()
	return q
}

// Empty reports whether q has no terms (the query had nothing but
// separators); it then matches everything.
func (q Query) Empty() bool { return len(q.terms) == 0 }

// Terms lists q's terms.
func (q Query) Terms() []Term {
	out := make([]Term, len(q.terms))
	for i, t := range q.terms {
		out[i] = t.Term
	}
	return out
}

// Match reports whether query matches texts (see the package comment).
// A filter calls it once per row with the same query, so the last
// compiled query is kept and reused.
func Match(query string, texts ...string) bool { return compileCached(query).Match(texts...) }

// lastCompiled is the query Match compiled last: one entry, so it stays
// bounded whatever queries arrive, and swapped atomically, so concurrent
// filters share it safely.
var lastCompiled atomic.Pointer[cachedQuery]

type cachedQuery struct {
	text  string
	query Query
}

func compileCached(query string) Query {
	if c := lastCompiled.Load(); c != nil && c.text == query {
		return c.query
	}
	q := Compile(query)
	lastCompiled.Store(&cachedQuery{text: query, query: q})
	return q
}

// Match reports whether every term of q matches within one of texts.
func (q Query) Match(texts ...string) bool {
	if q.Empty() {
		return true
	}
	folded := make([]string, len(texts))
	for i, t := range texts {
		folded[i] = Normalize(t)
	}
	for _, t := range q.terms {
		found := false
		for _, f := range folded {
			if t.coverage(f) == 1 {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// coverage is the share of t's keys that folded text f holds: 1 when t
// matches f. A term with Han characters matches where f holds all its
// bigrams; one of letters and digits only where f holds it whole (a
// Latin word's bigrams scattered over a text say little). Terms and keys
// hold no separator, which Normalize makes spaces, so whatever is found
// lies within one word of f.
func (t compiled) coverage(f string) float64 {
	if !t.Han {
		if strings.Contains(f, t.Text) {
			return 1
		}
		return 0
	}
	n := 0
	for _, k := range t.keys {
		if strings.Contains(f, k) {
			n++
		}
	}
	return float64(n) / float64(len(t.keys))
}
