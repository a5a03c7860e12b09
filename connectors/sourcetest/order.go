package sourcetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/ordering"
)

// orderable is what the suite knows of an entity's orders: those the
// connector declares its upstream sorts by, every order the entity has,
// and the reference comparison of each.
type orderable[T any] struct {
	declared []connectors.OrderField
	all      []connectors.OrderField
	compare  func(connectors.Order, civ.Filter) (ordering.Compare[T], error)
}

func meetingOrder(o connectors.Order, _ civ.Filter) (ordering.Compare[civ.Meeting], error) {
	return ordering.Meetings(string(o.Field), o.Desc)
}

func documentOrder(o connectors.Order, _ civ.Filter) (ordering.Compare[civ.PolicyDocument], error) {
	return ordering.PolicyDocuments(string(o.Field), o.Desc)
}

func taskOrder(o connectors.Order, _ civ.Filter) (ordering.Compare[civ.Task], error) {
	return ordering.Tasks(string(o.Field), o.Desc)
}

func siteOrder(o connectors.Order, f civ.Filter) (ordering.Compare[civ.ServiceSite], error) {
	var center *civ.GeoPoint
	if f.Near != nil {
		center = &f.Near.Center
	}
	return ordering.Sites(string(o.Field), o.Desc, center)
}

// nearFirstSite is a circle of the largest radius around the first of
// rows that has a location, so distances vary and some rows may fall
// outside; around Wuhan when no row has one.
func nearFirstSite[T any](rows []T) *civ.GeoCircle {
	for _, r := range rows {
		if s, ok := any(r).(civ.ServiceSite); ok && s.Location != nil {
			return &civ.GeoCircle{Center: *s.Location, RadiusKm: civ.MaxNearRadiusKm}
		}
	}
	return &civ.GeoCircle{Center: civ.GeoPoint{Lat: 30.5928, Lng: 114.3055}, RadiusKm: civ.MaxNearRadiusKm}
}

// checkOrders walks e in every order, both ways, unfiltered (and
// ascending with a filter), and compares the rows with the reference order (ties by ID). An
// order the connector declares is asked of it directly; when the harness
// names the upstream's SortParams, the order must reach the upstream:
// every request differs from the unordered walk's and carries them, and a
// window at the end of the list costs the pages that cover it, not the
// whole list. An undeclared order is
// asked as the federation asks it, sorted by kit.OrderedWindow over the
// connector's own order.
func checkOrders[T any](t *testing.T, s suite, e entity[T], unfiltered map[string]bool) {
	for _, field := range e.orders.all {
		for _, desc := range []bool{false, true} {
			o := connectors.Order{Field: field, Desc: desc}
			t.Run(fmt.Sprintf("order %s desc=%v", field, desc), func(t *testing.T) {
				declared := slices.Contains(e.orders.declared, field)
				// A source whose upstream takes sort parameters must send
				// them; one that sorts its own snapshot has none to send.
				upstreamSorts := declared && s.h.SortParams != nil
				list := e.list
				if !declared {
					list = sortedLocally(e, o)
				}
				filters := []civ.Filter{{}}
				if !desc { // with a filter too, once an order: it costs a walk
					filters = append(filters, civ.Filter{Domain: civ.DomainElderlyMeals})
				}
				for _, f := range filters {
					if field == connectors.OrderDistance {
						f.Near = nearFirstSite(e.rows)
					}
					mark := s.log.Len()
					checkOrderedWalk(t, e, list, f, o, s.h.Same)
					if upstreamSorts {
						checkSortReachesUpstream(t, s, o, s.log.Since(mark), unfiltered)
					}
				}
				if upstreamSorts && s.h.PageSize > 0 && len(e.rows) > 2*s.h.PageSize {
					checkDeepWindowCost(t, s, e, o)
				}
			})
		}
	}
}

// sortedLocally is e's list in order o as the federation asks for an
// order the connector does not declare.
func sortedLocally[T any](e entity[T], o connectors.Order) ListFunc[T] {
	return func(ctx context.Context, q connectors.Query) (connectors.Result[T], error) {
		cmp, err := e.orders.compare(o, q.Filter)
		if err != nil {
			return connectors.Result[T]{}, err
		}
		q.Order = connectors.Order{}
		return kit.OrderedWindow(ctx, "", "list", q, cmp, e.list)
	}
}

// checkOrderedWalk walks list with f in order o and compares the rows with
// the reference order of the matching rows, each once.
func checkOrderedWalk[T any](t *testing.T, e entity[T], list ListFunc[T], f civ.Filter, o connectors.Order, same cmp.Options) {
	t.Helper()
	cmpFn, err := e.orders.compare(o, f)
	if err != nil {
		t.Fatal(err)
	}
	want := Matching(e.rows, func(r T) bool { return e.match(f, r) })
	want = slices.Clone(want)
	slices.SortStableFunc(want, cmpFn)
	got := walkIn(t, list, f, o, 37)
	if diff := cmp.Diff(ids(e, want), ids(e, got)); diff != "" {
		t.Fatalf("order %+v, filter %+v: ids differ from the reference order (-want +got):\n%s", o, f, diff)
	}
	if diff := cmp.Diff(want, got, same); diff != "" {
		t.Fatalf("order %+v, filter %+v: rows differ (-want +got):\n%s", o, f, diff)
	}
}

func ids[T any](e entity[T], rows []T) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = e.id(r)
	}
	return out
}

// checkSortReachesUpstream proves from the request log that an ordered
// walk asked the upstream to sort: no request is one of the unordered
// walk's, and each carries the harness's SortParams.
func checkSortReachesUpstream(t *testing.T, s suite, o connectors.Order, exchanges []Exchange, unfiltered map[string]bool) {
	t.Helper()
	if len(exchanges) == 0 {
		t.Fatalf("order %+v is declared, but the walk reached no upstream", o)
	}
	for _, x := range exchanges {
		if unfiltered[x.Request] {
			t.Fatalf("order %+v is declared, but a request does not carry it:\n%s", o, x.Request)
		}
		if s.h.SortParams == nil {
			continue
		}
		for _, p := range s.h.SortParams(o) {
			if !strings.Contains(x.Request, p) {
				t.Fatalf("order %+v: request lacks %q:\n%s", o, p, x.Request)
			}
		}
	}
}

// checkDeepWindowCost: the last rows of a declared order cost the pages
// that cover them, as in the source's own order; a connector that sorted
// locally would read every page.
func checkDeepWindowCost[T any](t *testing.T, s suite, e entity[T], o connectors.Order) {
	t.Helper()
	f := civ.Filter{}
	rows := len(e.rows)
	if o.Field == connectors.OrderDistance {
		f.Near = nearFirstSite(e.rows)
		rows = len(Matching(e.rows, func(r T) bool { return e.match(f, r) }))
		if rows < 3 {
			return
		}
	}
	mark := s.log.Len()
	res, err := e.list(context.Background(), connectors.Query{Filter: f, Order: o, Offset: rows - 3, Limit: 3})
	if err != nil || len(res.Items) != 3 {
		t.Fatalf("last 3 rows in order %+v: %d rows, %v", o, len(res.Items), err)
	}
	if n := len(s.log.Since(mark)); n > 2 {
		t.Fatalf("the last 3 rows in order %+v cost %d upstream requests, want at most 2 (pages of %d)", o, n, s.h.PageSize)
	}
}
