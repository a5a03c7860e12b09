package textmatch

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// MaxTerms bounds how many terms a query keeps; later ones are ignored.
// A search box query has a handful of words; the bound keeps the work per
// row small whatever a client sends.
const MaxTerms = 16

// class is the kind of a folded character.
type class uint8

const (
	sep   class = iota // whitespace, punctuation, symbols: split terms
	han                // a Han character (CJK ideograph)
	alnum              // a letter of another script, a digit or a mark
)

func classOf(r rune) class {
	switch {
	case r < 0x80:
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' {
			return alnum
		}
		return sep
	case r >= 0x4e00 && r <= 0x9fff: // the common CJK unified ideographs
		return han
	case unicode.Is(unicode.Han, r):
		return han
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
		return alnum
	}
	return sep
}

// foldRune folds one character: its NFKC compatibility form (full-width
// Ａ１ to A1, the ideographic space to a space, circled ① to 1) in lower
// case. It works per character so that positions in the folded text map
// back to the original (see Highlight).
func foldRune(r rune) string {
	if f, ok := quickFold(r); ok {
		return string(f)
	}
	return strings.ToLower(norm.NFKC.String(string(r)))
}

// quickFold folds the characters most text is made of without the
// general NFKC machinery: ASCII, the CJK unified ideographs (their own
// NFKC form, no case) and the full-width ASCII forms (NFKC maps each to
// its ASCII twin). ok is false for any other character.
func quickFold(r rune) (rune, bool) {
	switch {
	case r < 0x80:
		return unicode.ToLower(r), true
	case r >= 0x3400 && r <= 0x9fff:
		return r, true
	case r >= 0xff01 && r <= 0xff5e:
		return unicode.ToLower(r - 0xfee0), true
	}
	return 0, false
}

// Normalize folds s for matching: every character to its compatibility
// form in lower case, every run of separators (whitespace, punctuation,
// symbols) to one space, and no leading or trailing space.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	var buf [1]rune
	for _, r := range s {
		folded := buf[:0]
		if f, ok := quickFold(r); ok {
			folded = append(folded, f)
		} else {
			folded = []rune(foldRune(r))
		}
		for _, f := range folded {
			if classOf(f) == sep {
				space = b.Len() > 0
				continue
			}
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(f)
		}
	}
	return b.String()
}

// Term is one term of a query: a run of characters between separators,
// folded.
type Term struct {
	Text string
	// Han is true when the term holds a Han character: it matches by its
	// bigrams (长者食堂: 长者, 者食, 食堂; 站点2: 站点, 点2). A term of
	// letters and digits only must appear whole within a word.
	Han bool
}

// Keys lists what a text must hold for t to match it: each of its
// bigrams (or its one character) for a term with Han characters, the
// whole term for one of letters and digits (see Query.Match). An index
// that knows which keys a text holds can decide a match without the text.
func (t Term) Keys() []string {
	if !t.Han {
		return []string{t.Text}
	}
	return bigrams(t.Text)
}

// Terms splits a query into its terms, in order and without duplicates,
// at most MaxTerms of them. A query of only separators has none.
func Terms(query string) []Term {
	var out []Term
	seen := map[string]bool{}
	for _, w := range words(Normalize(query)) {
		if seen[w] {
			continue
		}
		seen[w] = true
		out = append(out, Term{Text: w, Han: strings.ContainsFunc(w, func(r rune) bool { return classOf(r) == han })})
		if len(out) == MaxTerms {
			break
		}
	}
	return out
}

// words splits folded text (see Normalize) at its separators, which it
// has made single spaces.
func words(folded string) []string { return strings.Fields(folded) }

// bigrams lists the keys a term must contain: its bigrams, or the
// character itself for a term of one.
func bigrams(s string) []string {
	rs := []rune(s)
	if len(rs) == 1 {
		return []string{s}
	}
	out := make([]string, 0, len(rs)-1)
	for i := 0; i+1 < len(rs); i++ {
		out = append(out, string(rs[i:i+2]))
	}
	return out
}
