package kit

import (
	"context"
	"fmt"
	"slices"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/ordering"
)

// MaxLocalSortRows bounds the rows OrderedWindow reads to sort one
// province's list itself: sorting locally costs every matching row, so a
// larger list must be narrowed by a filter or sorted by its upstream.
const MaxLocalSortRows = 5000

// OrderedWindow serves q's window in q.Order for a source whose upstream
// cannot sort by it: it reads every row q's filter matches in the source's
// own order through fetch (first the total alone, then all rows, at most
// MaxLocalSortRows), sorts them with compare and cuts the window. A larger
// list is refused with a BAD_USER_INPUT error naming the bound.
func OrderedWindow[T any](ctx context.Context, p civ.ProvinceCode, op string, q connectors.Query, compare ordering.Compare[T],
	fetch func(context.Context, connectors.Query) (connectors.Result[T], error)) (connectors.Result[T], error) {
	if err := CheckWindow(q); err != nil {
		return connectors.Result[T]{}, connectors.NewError(p, connectors.CodeInvalidQuery, op, err.Error(), err)
	}
	all := connectors.Query{Filter: q.Filter}
	head, err := fetch(ctx, all)
	if err != nil || q.Limit == 0 {
		return head, err
	}
	if head.Total > MaxLocalSortRows {
		msg := fmt.Sprintf("%s upstream cannot sort by %s, and the gateway sorts at most %d rows locally, but the filter matches %d; narrow the filter",
			p, q.Order.Field, MaxLocalSortRows, head.Total)
		return connectors.Result[T]{}, connectors.NewError(p, connectors.CodeInvalidQuery, op, msg, nil)
	}
	all.Limit = head.Total
	res, err := fetch(ctx, all)
	if err != nil {
		return connectors.Result[T]{}, err
	}
	rows := slices.Clone(res.Items)
	slices.SortStableFunc(rows, compare)
	res.Items = nil
	if q.Offset < len(rows) {
		res.Items = rows[q.Offset:min(len(rows), q.Offset+q.Limit)]
	}
	return res, nil
}
