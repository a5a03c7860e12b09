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
// pages that cover the window, all at once (a window across a page
// boundary costs one upstream latency, not two), and slices them. Fixed
// page boundaries keep upstream requests, and so cache keys, the same
// whatever window a client asks for. Every error it returns is normalized
// (connectors.Normalize).
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
	last := first
	if q.Limit > 0 {
		last = (q.Offset+q.Limit-1)/pageSize + 1
	}
	// The total is not known before the first answer, so the pages are
	// asked for on the window's word; those past the end (by the total the
	// first page gives) are ignored, whatever they answered.
	pages := make([]connectors.Result[T], last-first+1)
	errs := make([]error, len(pages))
	var wg sync.WaitGroup
	for i := 1; i < len(pages); i++ {
		wg.Go(func() {
			defer panics.Recover(&errs[i]) // no recover above this goroutine
			pages[i], errs[i] = fetch(ctx, first+i)
		})
	}
	pages[0], errs[0] = fetch(ctx, first)
	wg.Wait()
	if errs[0] != nil {
		return connectors.Result[T]{}, errs[0]
	}
	head := pages[0]
	res := connectors.Result[T]{Total: head.Total, Meta: head.Meta}
	if q.Limit <= 0 {
		return res, nil
	}
	lastPage := (head.Total + pageSize - 1) / pageSize
	pages = pages[:max(1, min(len(pages), lastPage-first+1))]
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
		if i > 0 {
			res.Meta = mergeMeta(res.Meta, page.Meta)
		}
	}
	skip := q.Offset - (first-1)*pageSize
	end := skip + q.Limit
	if len(pages) == 1 {
		// One page covers the window: slice it, no copy. Its capacity is
		// cut to the window so that an append cannot write into the page,
		// which a memo may share with other callers.
		items := pages[0].Items
		if skip < len(items) {
			end = min(end, len(items))
			res.Items = items[skip:end:end]
		}
		return res, nil
	}
	// Several pages: copy out the window's rows only, not whole pages.
	var rows []T
	for i, page := range pages {
		start := i * pageSize // of this page's rows, in the covering pages' rows
		from, to := max(skip-start, 0), min(end-start, len(page.Items))
		if from >= to {
			continue
		}
		if rows == nil {
			rows = make([]T, 0, min(q.Limit, len(pages)*pageSize-skip))
		}
		rows = append(rows, page.Items[from:to]...)
	}
	res.Items = rows
	return res, nil
}

// mergeMeta combines the provenance of several fetches: the oldest fetch
// time, cached only if all were, stale if any was.
func mergeMeta(a, b connectors.Meta) connectors.Meta {
	out := connectors.Meta{FetchedAt: a.FetchedAt, Cached: a.Cached && b.Cached, Stale: a.Stale || b.Stale, NotFound: a.NotFound || b.NotFound}
	if b.FetchedAt.Before(out.FetchedAt) {
		out.FetchedAt = b.FetchedAt
	}
	return out
}

// Raw is one upstream page as the cache returned it, under its cache key.
type Raw struct {
	Key    string
	Result cache.Result

	flight *flight // the shared call that fetched it, if any (inflight)
}

// PagedRows is PagedWindow for connectors that fetch raw pages through the
// cache: each page is decoded into wire rows and mapped to domain values
// once per cached value (memo), or once per shared uncached call
// (inflight). A page that does not decode, or a row that does not map,
// fails the whole call with a SOURCE_BAD_RESPONSE naming it, so no row is
// silently dropped.
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
		decodePage := func() (connectors.Result[T], error) {
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
		}
		var decoded connectors.Result[T]
		switch {
		case raw.flight != nil: // an uncached answer shared by its callers
			decoded, err = decodeShared(raw.flight, decodePage)
		case raw.Result.Transient: // an uncached page is decoded for this caller alone
			decoded, err = decodePage()
		default:
			decoded, err = Memoize(memo, raw.Key, raw.Result.FetchedAt, decodePage)
		}
		decoded.Meta = MetaOf(raw.Result)
		return decoded, err
	})
}

// WindowPageSize is the page size, at most maxSize, a connector asks an
// upstream with pageNum/pageSize (or offset/limit) paging for to serve q:
// when answers are cached (policy.TTL > 0) it is maxSize, so that fixed
// page boundaries let every window reuse the same cached pages; when they
// are not, it is the smallest size whose one page holds the whole window,
// so that no rows are fetched and decoded only to be cut away (maxSize
// when none does, or the window is longer than maxSize).
func WindowPageSize(q connectors.Query, maxSize int, policy cache.Policy) int {
	if policy.TTL > 0 || q.Limit > maxSize || q.Offset < 0 {
		return maxSize
	}
	if q.Limit <= 0 {
		return 1 // only the total is wanted
	}
	for size := q.Limit; size < maxSize; size++ {
		if q.Offset/size == (q.Offset+q.Limit-1)/size {
			return size
		}
	}
	return maxSize
}
