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
	alnum              // a letter of another script or a digit
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
	write := func(f rune) {
		if classOf(f) == sep {
			space = b.Len() > 0
			return
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(f)
	}
	for _, r := range s {
		if f, ok := quickFold(r); ok {
			write(f)
			continue
		}
		for _, f := range foldRune(r) {
			write(f)
		}
	}
	return b.String()
}

// Term is one term of a query: a run of Han characters or a run of
// letters and digits, folded.
type Term struct {
	Text string
	Han  bool // a Han run, matched by its bigrams; otherwise part of a word
}

// Terms splits a query into its terms, in order and without duplicates,
// at most MaxTerms of them. A query of only separators has none.
func Terms(query string) []Term {
	var out []Term
	seen := map[string]bool{}
	for _, run := range runs(Normalize(query)) {
		if seen[run.text] {
			continue
		}
		seen[run.text] = true
		out = append(out, Term{Text: run.text, Han: run.class == han})
		if len(out) == MaxTerms {
			break
		}
	}
	return out
}

// run is a maximal run of one class in folded text, at rune offset start.
type run struct {
	text  string
	class class
	start int
}

// runs splits folded text into runs of Han characters and of letters and
// digits; separators end runs and are left out.
func runs(folded string) []run {
	var out []run
	cur := run{class: sep}
	var b strings.Builder
	flush := func() {
		if cur.class != sep {
			cur.text = b.String()
			out = append(out, cur)
		}
		b.Reset()
	}
	i := 0
	for _, r := range folded {
		c := classOf(r)
		if c != cur.class {
			flush()
			cur = run{class: c, start: i}
		}
		if c != sep {
			b.WriteRune(r)
		}
		i++
	}
	flush()
	return out
}

// bigrams lists the keys a run must contain: its bigrams, or the
// character itself for a run of one.
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
