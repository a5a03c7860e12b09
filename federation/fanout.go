package federation

import (
	"context"
	"sync"

	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/guard"
)

type fetchFunc[T any] func(connectors.Source, context.Context, connectors.Query) (connectors.Result[T], error)

// sourceAnswer is one province's answer to a fan-out: its rows or its
// normalized error.
type sourceAnswer[T any] struct {
	result connectors.Result[T]
	err    *connectors.UpstreamError
}

// fanOut asks every planned province in parallel, each for a window
// starting at its own offset and under its own deadline, and records each
// one's provenance. Later provinces are asked too, so that totalCount is
// known and an exhausted province hands over to the next without a second
// round trip.
func fanOut[T any](ctx context.Context, f *Federation, pl plan, fetch fetchFunc[T]) []sourceAnswer[T] {
	answers := make([]sourceAnswer[T], len(pl.provinces))
	var wg sync.WaitGroup
	for i, p := range pl.provinces {
		wg.Go(func() {
			sctx, cancel := f.sourceContext(ctx)
			defer cancel()
			q := connectors.Query{Filter: pl.filter, Offset: pl.offsets[p], Limit: pl.size}
			res, err := callSafely(fetch, f.sources[p], sctx, q)
			answers[i] = sourceAnswer[T]{result: res, err: f.normalize(sctx, p, pl.kind, err)}
			recordSource(ctx, p, res.Meta, answers[i].err)
		})
	}
	wg.Wait()
	return answers
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
