package textmatch

import (
	"math"
	"strings"
)

// Field is one text of a row with the weight its matches carry in Score
// (a title more than a description).
type Field struct {
	Name   string
	Text   string
	Weight float64
}

// Score ranks how well fields match q; higher is better, 0 for none. For
// each term it takes the best field: the share of the term's bigrams the
// field holds, plus one where the field holds the term as typed, times the
// field's weight, damped by the field's length (a short name that is the
// query beats a long description that mentions it); terms count equally.
// The best field holding the whole query as typed without its spaces
// (长者 食堂 as 长者食堂) adds its damped weight once more, and a field that
// is exactly the query its weight, so that a query scores alike with or
// without spaces. The result is rounded to 1e-6 so that equal matches tie
// exactly and are ordered by the caller's stable key.
func (q Query) Score(fields ...Field) float64 {
	if q.Empty() {
		return 0
	}
	folded := make([]string, len(fields))
	damp := make([]float64, len(fields))
	for i, f := range fields {
		folded[i] = Normalize(f.Text)
		damp[i] = 1 / (1 + math.Log1p(float64(len([]rune(folded[i])))/40))
	}
	total := 0.0
	for _, t := range q.terms {
		best := 0.0
		for i, f := range fields {
			s := t.coverage(folded[i])
			if s > 0 && strings.Contains(folded[i], t.Text) {
				s++
			}
			best = max(best, s*f.Weight*damp[i])
		}
		total += best
	}
	total /= float64(len(q.terms))
	phrase, exact := 0.0, 0.0
	for i, f := range fields {
		compact := strings.ReplaceAll(folded[i], " ", "")
		if strings.Contains(compact, q.phrase) {
			phrase = max(phrase, f.Weight*damp[i])
		}
		if compact == q.phrase {
			exact = max(exact, f.Weight)
		}
	}
	return math.Round((total+phrase+exact)*1e6) / 1e6
}
