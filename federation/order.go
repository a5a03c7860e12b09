package federation

import (
	"fmt"
	"slices"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/ordering"
)

// orderOf returns the comparison of kind's rows under o (an
// ordering.Compare of kind's domain type), or why there is none.
func orderOf(kind Kind, o connectors.Order, f civ.Filter) (any, error) {
	field := string(o.Field)
	switch kind {
	case KindMeeting:
		return ordering.Meetings(field, o.Desc)
	case KindPolicyDocument:
		return ordering.PolicyDocuments(field, o.Desc)
	case KindTask:
		return ordering.Tasks(field, o.Desc)
	case KindServiceSite:
		var center *civ.GeoPoint
		if f.Near != nil {
			center = &f.Near.Center
		}
		return ordering.Sites(field, o.Desc, center)
	}
	return nil, fmt.Errorf("%s is not a list", kind)
}

// compareOf is orderOf for T, kind's domain type. The source order has no
// comparison: the merge then keeps provinces in canonical order.
func compareOf[T any](pl plan) ordering.Compare[T] {
	if pl.order.Field == connectors.OrderSource {
		return nil
	}
	c, err := orderOf(pl.kind, pl.order, pl.filter)
	if err != nil {
		return nil // refused by plan already
	}
	cmp, _ := c.(ordering.Compare[T])
	return cmp
}

// pushesOrder reports whether src sorts by o itself for kind, as its
// Capabilities declare; any other order is sorted by the federation.
func pushesOrder(src connectors.Source, kind Kind, o connectors.Order) bool {
	if o.Field == connectors.OrderSource {
		return true
	}
	orders := src.Capabilities().Orders
	declared := map[Kind][]connectors.OrderField{KindMeeting: orders.Meetings, KindPolicyDocument: orders.PolicyDocuments,
		KindTask: orders.Tasks, KindServiceSite: orders.ServiceSites}[kind]
	return slices.Contains(declared, o.Field)
}
