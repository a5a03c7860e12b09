package federation

import (
	"time"

	"github.com/civgraph/civgraph/civ"
)

// merge fills the page from the answers in canonical province order:
// each row gets a cursor carrying every province's offset after it and
// its data's age, a
// failed province adds its error and keeps its offset (its rows resume on
// a later page), and totalCount sums the provinces that answered.
func merge[T any](f *Federation, pl plan, answers []sourceAnswer[T]) Page[T] {
	page := Page[T]{HasPreviousPage: pl.resumed}
	next := map[civ.ProvinceCode]int{}
	for p, o := range pl.offsets {
		next[p] = o
	}
	for i, p := range pl.provinces {
		a := answers[i]
		if a.err != nil {
			page.Errors = append(page.Errors, a.err)
			continue
		}
		page.TotalCount += a.result.Total
		age := dataAgeOf(a.result.Meta, time.Now())
		for _, item := range a.result.Items {
			if len(page.Edges) == pl.size {
				break
			}
			next[p]++
			page.Edges = append(page.Edges, Edge[T]{
				Cursor: f.cursors.encode(cursorState{Query: pl.query, Offsets: next}),
				Node:   withAge(item, age),
			})
		}
		if next[p] < a.result.Total {
			page.HasNextPage = true
		}
	}
	return page
}
