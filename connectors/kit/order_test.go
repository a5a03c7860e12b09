package kit_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/ordering"
)

// unsorted serves n sites in descending ID order, as an upstream that
// cannot sort would, and counts the rows it hands out.
func unsorted(n int, served *int) func(context.Context, connectors.Query) (connectors.Result[civ.ServiceSite], error) {
	rows := make([]civ.ServiceSite, n)
	for i := range rows {
		rows[i] = civ.ServiceSite{ID: fmt.Sprintf("S%05d", n-i)}
	}
	return func(_ context.Context, q connectors.Query) (connectors.Result[civ.ServiceSite], error) {
		end := min(q.Offset+q.Limit, n)
		*served += max(0, end-q.Offset)
		return connectors.Result[civ.ServiceSite]{Items: rows[min(q.Offset, n):end], Total: n}, nil
	}
}

// TestOrderedWindowSortsLocallyWithinItsBound: the window is cut from the
// sorted rows; a list past MaxLocalSortRows is refused as bad input
// without reading its rows.
func TestOrderedWindowSortsLocallyWithinItsBound(t *testing.T) {
	byName, _ := ordering.Sites(ordering.Name, false, nil)
	served := 0
	q := connectors.Query{Offset: 3, Limit: 2, Order: connectors.Order{Field: connectors.OrderName}}
	res, err := kit.OrderedWindow(context.Background(), civ.Jiangsu, "list", q, byName, unsorted(10, &served))
	if err != nil || res.Total != 10 || len(res.Items) != 2 || res.Items[0].ID != "S00004" || res.Items[1].ID != "S00005" {
		t.Fatalf("window 3+2: %+v, %v", res, err)
	}
	served = 0
	_, err = kit.OrderedWindow(context.Background(), civ.Jiangsu, "list", q, byName, unsorted(kit.MaxLocalSortRows+1, &served))
	if ue, ok := connectors.AsUpstreamError(err); !ok || ue.Code != connectors.CodeInvalidQuery || served != 0 {
		t.Fatalf("past the bound: err %v, %d rows read; want BAD_USER_INPUT and none", err, served)
	}
}
