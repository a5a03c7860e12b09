package federation

import (
	"context"
	"sync"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/guard"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/ordering"
)

type fetchFunc[T any] func(connectors.Source, context.Context, connectors.Query) (connectors.Result[T], error)

// sourceAnswer is one province's answer to a fan-out: the rows of its
// sorted stream from offset on, or its normalized error.
type sourceAnswer[T any] struct {
	offset int // the first row's position in the province's stream
	end    int // backwards: the end of the window asked for
	result connectors.Result[T]
	err    *connectors.UpstreamError
}

// fanOut asks every planned province in parallel, each for the rows of
// its window the page can use, under its own deadline, and records each
// one's provenance. Forwards that is at most size rows from the window's
// start; backwards at most size rows up to the window's end, which needs
// a first total-only request per province when no before cursor gives the
// end. No province is asked for more than size rows, whatever the
// dataset's size, because the merge can take no more than size from one.
func fanOut[T any](ctx context.Context, f *Federation, pl plan, fetch fetchFunc[T]) []sourceAnswer[T] {
	windows := make([]connectors.Query, len(pl.provinces))
	for i := range pl.provinces {
		windows[i] = connectors.Query{Filter: pl.filter, Order: pl.order, Offset: pl.start[i], Limit: pl.size}
		if pl.end != nil {
			windows[i].Limit = min(pl.size, max(0, pl.end[i]-pl.start[i]))
		}
	}
	if !pl.backward {
		return askAll(ctx, f, pl, fetch, windows)
	}
	end := pl.end
	var answers []sourceAnswer[T]
	if end == nil {
		totals := make([]connectors.Query, len(windows))
		for i := range totals {
			totals[i] = connectors.Query{Filter: pl.filter, Order: pl.order}
		}
		answers = askAll(ctx, f, pl, fetch, totals)
		end = make([]int, len(windows))
		for i, a := range answers {
			end[i] = a.result.Total
		}
	}
	ask := make([]bool, len(windows))
	for i := range windows {
		from := max(pl.start[i], end[i]-pl.size)
		windows[i].Offset, windows[i].Limit = from, max(0, end[i]-from)
		ask[i] = answers == nil || answers[i].err == nil
	}
	again := askSome(ctx, f, pl, fetch, windows, ask)
	for i := range again {
		again[i].end = end[i]
		if answers != nil && answers[i].err != nil {
			again[i] = answers[i]
		}
	}
	return again
}

func askAll[T any](ctx context.Context, f *Federation, pl plan, fetch fetchFunc[T], windows []connectors.Query) []sourceAnswer[T] {
	return askSome(ctx, f, pl, fetch, windows, nil)
}

// askSome asks the provinces ask selects (nil: all) for their windows in
// parallel: the last one in the calling goroutine, each other in one of
// its own, so that a query of one province starts no goroutine (whose
// stack would grow again through the whole connector path).
func askSome[T any](ctx context.Context, f *Federation, pl plan, fetch fetchFunc[T], windows []connectors.Query, ask []bool) []sourceAnswer[T] {
	answers := make([]sourceAnswer[T], len(pl.provinces))
	askOne := func(i int) {
		p := pl.provinces[i]
		sctx, cancel := f.sourceContext(ctx)
		defer cancel()
		q := windows[i]
		res, err := callSafely(orderedFetch(pl, p, fetch, compareOf[T](pl)), f.sources[p], sctx, q)
		answers[i] = sourceAnswer[T]{offset: q.Offset, result: res, err: f.normalize(sctx, p, pl.kind, err)}
		recordSource(ctx, p, res.Meta, answers[i].err)
	}
	var wg sync.WaitGroup
	last := -1
	for i := range pl.provinces {
		if ask != nil && !ask[i] {
			continue
		}
		if prev := last; prev >= 0 {
			wg.Go(func() { askOne(prev) })
		}
		last = i
	}
	if last >= 0 {
		askOne(last)
	}
	wg.Wait()
	return answers
}

// orderedFetch is fetch when the source sorts by the plan's order itself
// (its Capabilities say so), and otherwise fetch in the source's own order
// sorted here by compare (kit.OrderedWindow).
func orderedFetch[T any](pl plan, p civ.ProvinceCode, fetch fetchFunc[T], compare ordering.Compare[T]) fetchFunc[T] {
	return func(src connectors.Source, ctx context.Context, q connectors.Query) (connectors.Result[T], error) {
		if compare == nil || pushesOrder(src, pl.kind, pl.order) {
			return fetch(src, ctx, q)
		}
		q.Order = connectors.Order{}
		return kit.OrderedWindow(ctx, p, "list "+string(pl.kind), q, compare, func(ctx context.Context, q connectors.Query) (connectors.Result[T], error) {
			return fetch(src, ctx, q)
		})
	}
}

// sourceContext derives the context one source call runs under.
func (f *Federation) sourceContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if f.sourceDeadline <= 0 {
		return guard.KeepDeadline(ctx), func() {}
	}
	ctx, cancel := context.WithTimeout(ctx, f.sourceDeadline)
	return guard.KeepDeadline(ctx), cancel
}

// list plans r, fans out and merges the answers into one page.
func list[T any](ctx context.Context, f *Federation, kind Kind, r Request, fetch fetchFunc[T]) (Page[T], error) {
	pl, err := f.plan(kind, r)
	if err != nil {
		return Page[T]{}, err
	}
	return merge(f, pl, fanOut(ctx, f, pl, fetch)), nil
}
