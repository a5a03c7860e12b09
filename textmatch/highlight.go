package textmatch

import (
	"slices"
)

// MaxRanges bounds the highlighted ranges of one snippet.
const MaxRanges = 32

// Range is a highlighted part of a snippet's text: [Start, End) in
// Unicode code points (not bytes, not UTF-16 units).
type Range struct{ Start, End int }

// Snippet is part of a field's text with the parts that matched a query
// marked by ranges: plain text, never markup, so a client renders it
// without injecting anything.
type Snippet struct {
	Field  string // the Field.Name it was cut from
	Text   string
	Ranges []Range // sorted, disjoint, non-adjacent
}

// Fragment is a piece of a snippet's text and whether it matched.
type Fragment struct {
	Text  string
	Match bool
}

// Fragments cuts s's text at its ranges, for clients that would rather
// not count code points.
func (s Snippet) Fragments() []Fragment {
	rs := []rune(s.Text)
	var out []Fragment
	at := 0
	for _, r := range s.Ranges {
		if r.Start > at {
			out = append(out, Fragment{Text: string(rs[at:r.Start])})
		}
		out = append(out, Fragment{Text: string(rs[r.Start:r.End]), Match: true})
		at = r.End
	}
	if at < len(rs) {
		out = append(out, Fragment{Text: string(rs[at:])})
	}
	return out
}

// Ellipsis marks where a snippet was cut from a longer text.
const Ellipsis = "…"

// Snippet highlights q in the first of fields where a term matches (give
// them best first), cut to at most maxRunes code points of the field's
// text around its first match, with Ellipsis where it was cut. Where no
// field matches, it is the start of the first field, unmarked.
func (q Query) Snippet(maxRunes int, fields ...Field) Snippet {
	for _, f := range fields {
		if s := q.Highlight(f.Text, maxRunes); len(s.Ranges) > 0 {
			s.Field = f.Name
			return s
		}
	}
	if len(fields) == 0 {
		return Snippet{}
	}
	s := q.Highlight(fields[0].Text, maxRunes)
	s.Field = fields[0].Name
	return s
}

// Highlight marks where q's terms occur in text: a term where it occurs
// as typed, otherwise (Han terms) each of its bigrams. The snippet is cut
// as Snippet describes.
func (q Query) Highlight(text string, maxRunes int) Snippet {
	orig := []rune(text)
	var folded []rune
	var origin []int // folded rune → index of the original rune it came from
	for i, r := range orig {
		for _, f := range foldRune(r) {
			folded = append(folded, f)
			origin = append(origin, i)
		}
	}
	var marks []Range
	mark := func(start, end int) { // folded positions [start, end)
		if len(marks) < MaxRanges*4 {
			marks = append(marks, Range{origin[start], origin[end-1] + 1})
		}
	}
	for _, t := range q.terms {
		term := []rune(t.Text)
		whole := occurrences(folded, term)
		for _, at := range whole {
			mark(at, at+len(term))
		}
		if len(whole) > 0 || !t.Han {
			continue
		}
		for _, k := range t.keys {
			key := []rune(k)
			for _, at := range occurrences(folded, key) {
				mark(at, at+len(key))
			}
		}
	}
	return cut(orig, mergeRanges(marks), maxRunes)
}

// occurrences lists where needle starts in hay.
func occurrences(hay, needle []rune) []int {
	var out []int
	for i := 0; i+len(needle) <= len(hay); i++ {
		if slices.Equal(hay[i:i+len(needle)], needle) {
			out = append(out, i)
		}
	}
	return out
}

// mergeRanges sorts rs and joins overlapping or adjacent ranges.
func mergeRanges(rs []Range) []Range {
	slices.SortFunc(rs, func(a, b Range) int { return a.Start - b.Start })
	var out []Range
	for _, r := range rs {
		if n := len(out); n > 0 && r.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, r.End)
			continue
		}
		out = append(out, r)
	}
	return out
}

// cut keeps at most maxRunes of text around the first range, shifting
// the ranges into the kept part and marking cuts with Ellipsis.
func cut(text []rune, rs []Range, maxRunes int) Snippet {
	if maxRunes <= 0 || len(text) <= maxRunes {
		return Snippet{Text: string(text), Ranges: limit(rs)}
	}
	start := 0
	if len(rs) > 0 {
		start = max(0, rs[0].Start-maxRunes/4)
	}
	end := min(len(text), start+maxRunes)
	start = max(0, end-maxRunes)
	prefix := 0
	out := ""
	if start > 0 {
		out, prefix = Ellipsis, 1
	}
	out += string(text[start:end])
	if end < len(text) {
		out += Ellipsis
	}
	var kept []Range
	for _, r := range rs {
		s, e := max(r.Start, start), min(r.End, end)
		if s < e {
			kept = append(kept, Range{s - start + prefix, e - start + prefix})
		}
	}
	return Snippet{Text: out, Ranges: limit(kept)}
}

func limit(rs []Range) []Range {
	if len(rs) > MaxRanges {
		return rs[:MaxRanges]
	}
	return rs
}
