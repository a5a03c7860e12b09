package kit

import (
	"context"
	"fmt"
	"sync"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/panics"
)

// CheckWindow rejects a window no upstream can serve.
func CheckWindow(q connectors.Query) error {
	if q.Offset < 0 || q.Limit < 0 {
		return fmt.Errorf("offset %d and limit %d must not be negative", q.Offset, q.Limit)
	}
	return nil
}

// PagedWindow serves q's Offset/Limit window from an upstream that pages
// in fixed pages of pageSize rows (1-based page numbers): it fetches the
// pages that cover the window — the first to learn the total, the rest
// concurrently — and slices them. Fixed page boundaries keep upstream
// requests, and so cache keys, the same whatever window a client asks for.
// Every error it returns is normalized (connectors.Normalize).
func PagedWindow[T any](ctx context.Context, p civ.ProvinceCode, op string, q connectors.Query, pageSize int, fetch func(ctx context.Context, page int) (connectors.Result[T], error)) (connectors.Result[T], error) {
	res, err := pagedWindow(ctx, p, op, q, pageSize, fetch)
	if err != nil {
		return connectors.Result[T]{}, connectors.Normalize(ctx, p, op, err)
	}
	return res, nil
}

func pagedWindow[T any](ctx context.Context, p civ.ProvinceCode, op string, q connectors.Query, pageSize int, fetch func(ctx context.Context, page int) (connectors.Result[T], error)) (connectors.Result[T], error) {
	if err := CheckWindow(q); err != nil {
		return connectors.Result[T]{}, connectors.NewError(p, connectors.CodeInvalidQuery, op, err.Error(), err)
	}
	first := q.Offset/pageSize + 1
	head, err := fetch(ctx, first)
	if err != nil {
		return connectors.Result[T]{}, err
	}
	res := connectors.Result[T]{Total: head.Total, Meta: head.Meta}
	if q.Limit <= 0 {
		return res, nil
	}
	lastPage := (head.Total + pageSize - 1) / pageSize
	last := min((q.Offset+q.Limit-1)/pageSize+1, lastPage)
	pages := make([]connectors.Result[T], max(last-first+1, 1))
	pages[0] = head
	errs := make([]error, len(pages))
	var wg sync.WaitGroup
	for i := 1; i < len(pages); i++ {
		wg.Go(func() {
			defer panics.Recover(&errs[i]) // no recover above this goroutine
			pages[i], errs[i] = fetch(ctx, first+i)
		})
	}
	wg.Wait()
	var rows []T
	for i, page := range pages {
		if errs[i] != nil {
			return connectors.Result[T]{}, errs[i]
		}
		// Every page but the last must be full, or the window would be
		// sliced at the wrong rows and some rows skipped or repeated.
		pageNo := first + i
		want := max(0, min(pageSize, head.Total-(pageNo-1)*pageSize))
		if len(page.Items) != want {
			msg := fmt.Sprintf("page %d has %d rows, but its total of %d means it should have %d", pageNo, len(page.Items), head.Total, want)
			return connectors.Result[T]{}, connectors.NewError(p, connectors.CodeBadResponse, op, msg, nil)
		}
		rows = append(rows, page.Items...)
		res.Meta = mergeMeta(res.Meta, page.Meta)
	}
	skip := q.Offset - (first-1)*pageSize
	if skip >= len(rows) {
		return res, nil
	}
	res.Items = rows[skip:min(skip+q.Limit, len(rows))]
	return res, nil
}

// mergeMeta combines the provenance of several fetches: the oldest fetch
// time, cached only if all were, stale if any was.
func mergeMeta(a, b connectors.Meta) connectors.Meta {
	out := connectors.Meta{FetchedAt: a.FetchedAt, Cached: a.Cached && b.Cached, Stale: a.Stale || b.Stale}
	if b.FetchedAt.Before(out.FetchedAt) {
		out.FetchedAt = b.FetchedAt
	}
	return out
}

// Raw is one upstream page as the cache returned it, under its cache key.
type Raw struct {
	Key    string
	Result cache.Result
}

// PagedRows is PagedWindow for connectors that fetch raw pages through the
// cache: each page is decoded into wire rows and mapped to domain values
// once per cached value (memo). A page that does not decode, or a row that
// does not map, fails the whole call with a SOURCE_BAD_RESPONSE naming it,
// so no row is silently dropped.
func PagedRows[W, T any](ctx context.Context, p civ.ProvinceCode, op string, q connectors.Query, pageSize int, memo *Memo,
	fetch func(ctx context.Context, page int) (Raw, error),
	decode func(value []byte) (rows []W, total int, err error),
	fromWire func(W) (T, error),
) (connectors.Result[T], error) {
	return PagedWindow(ctx, p, op, q, pageSize, func(ctx context.Context, page int) (connectors.Result[T], error) {
		raw, err := fetch(ctx, page)
		if err != nil {
			return connectors.Result[T]{}, err
		}
		decoded, err := Memoize(memo, raw.Key, raw.Result.FetchedAt, func() (connectors.Result[T], error) {
			rows, total, err := decode(raw.Result.Value)
			if err != nil {
				if _, coded := connectors.AsUpstreamError(err); coded {
					return connectors.Result[T]{}, err
				}
				return connectors.Result[T]{}, connectors.NewError(p, connectors.CodeBadResponse, op, err.Error(), nil)
			}
			items := make([]T, len(rows))
			for i, w := range rows {
				if items[i], err = fromWire(w); err != nil {
					return connectors.Result[T]{}, connectors.NewError(p, connectors.CodeBadResponse, op, fmt.Sprintf("row %d of page %d: %v", i+1, page, err), err)
				}
			}
			return connectors.Result[T]{Items: items, Total: total}, nil
		})
		decoded.Meta = MetaOf(raw.Result)
		return decoded, err
	})
}
