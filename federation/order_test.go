package federation_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/federation"
	"github.com/civgraph/civgraph/ordering"
)

// sortingSource is a memorySource whose upstream sorts service sites by
// every order (declared in its Capabilities), recording the windows it is
// asked for.
type sortingSource struct {
	*memorySource
	mu   sync.Mutex
	asks []connectors.Query
}

func (s *sortingSource) Capabilities() connectors.Capabilities {
	return connectors.Capabilities{Orders: connectors.OrderFields()}
}

func (s *sortingSource) ServiceSites(ctx context.Context, q connectors.Query) (connectors.Result[civ.ServiceSite], error) {
	s.mu.Lock()
	s.asks = append(s.asks, q)
	s.mu.Unlock()
	if q.Order.Field == connectors.OrderSource {
		return s.memorySource.ServiceSites(ctx, q)
	}
	cmp, err := ordering.Sites(string(q.Order.Field), q.Order.Desc, center(q.Filter))
	if err != nil {
		return connectors.Result[civ.ServiceSite]{}, err
	}
	sorted := &memorySource{province: s.province, sites: slices.Clone(s.sites)}
	slices.SortFunc(sorted.sites, cmp)
	return sorted.ServiceSites(ctx, q)
}

func (s *sortingSource) reset() []connectors.Query {
	s.mu.Lock()
	defer s.mu.Unlock()
	asks := s.asks
	s.asks = nil
	return asks
}

func center(f civ.Filter) *civ.GeoPoint {
	if f.Near == nil {
		return nil
	}
	return &f.Near.Center
}

// orderedSites are sites whose names and update times repeat within and
// across provinces, so ties are broken by ID, and a few have no location.
func orderedSites(p civ.ProvinceCode, n int) []civ.ServiceSite {
	out := sites(p, n)
	base := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	for i := range out {
		out[i].Name = fmt.Sprintf("长者食堂 %d", (i*7)%5)
		out[i].UpdatedAt = base.Add(time.Duration((i*13)%9) * time.Hour)
		if i%6 != 5 {
			out[i].Location = &civ.GeoPoint{Lat: 30 + float64((i*11)%17)/10, Lng: 114 + float64((i*5)%13)/10}
		}
	}
	return out
}

// nearWuhan takes in most of orderedSites' locations but not all.
var nearWuhan = &civ.GeoCircle{Center: civ.GeoPoint{Lat: 30.8, Lng: 114.6}, RadiusKm: 100}

// orders is every service-site order in both directions, with the filter
// it needs.
func siteOrders() map[string]federation.Request {
	out := map[string]federation.Request{"source": {}}
	for _, field := range []connectors.OrderField{connectors.OrderName, connectors.OrderUpdatedAt, connectors.OrderDistance} {
		for _, desc := range []bool{false, true} {
			r := federation.Request{Order: connectors.Order{Field: field, Desc: desc}}
			if field == connectors.OrderDistance {
				r.Filter.Near = nearWuhan
			}
			out[fmt.Sprintf("%s desc=%v", field, desc)] = r
		}
	}
	return out
}

// reference sorts every province's rows into the one global order: by the
// order (ties by ID), then canonical province order.
func reference(t *testing.T, srcs []*memorySource, r federation.Request) []civ.ServiceSite {
	t.Helper()
	var all []civ.ServiceSite
	rank := map[civ.ProvinceCode]int{}
	for i, s := range srcs {
		rank[s.province] = i
		for _, site := range s.sites {
			if r.Filter.MatchServiceSite(site) {
				all = append(all, site)
			}
		}
	}
	if r.Order.Field == connectors.OrderSource {
		return all
	}
	cmp, err := ordering.Sites(string(r.Order.Field), r.Order.Desc, center(r.Filter))
	if err != nil {
		t.Fatal(err)
	}
	slices.SortStableFunc(all, func(a, b civ.ServiceSite) int {
		if c := cmp(a, b); c != 0 {
			return c
		}
		return rank[a.Province] - rank[b.Province]
	})
	return all
}

// walkBack pages backwards from the end with last/before and returns
// every row in list order.
func walkBack(t *testing.T, f *federation.Federation, req federation.Request) []civ.ServiceSite {
	t.Helper()
	var pages [][]civ.ServiceSite
	for range 10000 {
		page, err := f.ServiceSites(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if req.Before != "" && !page.HasNextPage {
			t.Fatal("a page before a cursor says no rows follow it")
		}
		var rows []civ.ServiceSite
		for _, e := range page.Edges {
			rows = append(rows, e.Node)
		}
		pages = append(pages, rows)
		if !page.HasPreviousPage {
			break
		}
		if len(page.Edges) == 0 {
			t.Fatal("hasPreviousPage with an empty page")
		}
		req.Before = page.Edges[0].Cursor
	}
	slices.Reverse(pages)
	return slices.Concat(pages...)
}

func ids(rows []civ.ServiceSite) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.ID
	}
	return out
}

func orderedProvinces(sorting bool) ([]*memorySource, []connectors.Source) {
	sizes := [4]int{23, 0, 61, 17}
	var mem []*memorySource
	var srcs []connectors.Source
	for i, p := range civ.AllProvinces {
		m := &memorySource{province: p, sites: orderedSites(p, sizes[i])}
		mem = append(mem, m)
		if sorting {
			srcs = append(srcs, &sortingSource{memorySource: m})
		} else {
			srcs = append(srcs, m)
		}
	}
	return mem, srcs
}

// TestWalkEveryOrderBothWays walks every order to the end forwards and
// back, over sources that sort upstream and sources the federation sorts
// for, at several page sizes: the rows are the reference order's, each
// once.
func TestWalkEveryOrderBothWays(t *testing.T) {
	for _, sorting := range []bool{true, false} {
		mem, srcs := orderedProvinces(sorting)
		f := federationOver(t, srcs)
		for name, r := range siteOrders() {
			want := ids(reference(t, mem, r))
			for _, size := range []int{1, 7, 100} {
				t.Run(fmt.Sprintf("upstream sorts=%v/%s/size=%d", sorting, name, size), func(t *testing.T) {
					fwd := r
					fwd.First = ptr(size)
					rows, total := walk(t, f, fwd)
					if got := ids(rows); !slices.Equal(got, want) || total != len(want) {
						t.Fatalf("forwards: total %d, rows\n%v\nwant %d rows\n%v", total, got, len(want), want)
					}
					back := r
					back.Last = ptr(size)
					if got := ids(walkBack(t, f, back)); !slices.Equal(got, want) {
						t.Fatalf("backwards: rows\n%v\nwant\n%v", got, want)
					}
				})
			}
		}
	}
}

// TestTurningBackReturnsThePreviousPage pages forwards twice, then back
// from the second page's start: the answer is the first page, with
// hasPreviousPage false and hasNextPage true; and forwards from the first
// page's end is the second page again.
func TestTurningBackReturnsThePreviousPage(t *testing.T) {
	_, srcs := orderedProvinces(true)
	f := federationOver(t, srcs)
	r := siteOrders()["NAME desc=true"]
	r.First = ptr(5)
	p1, err := f.ServiceSites(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	r.After = p1.Edges[4].Cursor
	p2, err := f.ServiceSites(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	if !p2.HasPreviousPage || !p2.HasNextPage {
		t.Fatalf("second page: previous %v, next %v; want true, true", p2.HasPreviousPage, p2.HasNextPage)
	}
	back := federation.Request{Order: r.Order, Last: ptr(5), Before: p2.Edges[0].Cursor}
	again, err := f.ServiceSites(context.Background(), back)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := edgeIDs(again), edgeIDs(p1); !slices.Equal(got, want) || again.HasPreviousPage || !again.HasNextPage {
		t.Fatalf("back from page 2: %v (previous %v, next %v), want %v (false, true)", got, again.HasPreviousPage, again.HasNextPage, want)
	}
	if again.Edges[4].Cursor != "" {
		r.After = again.Edges[4].Cursor
		p2again, err := f.ServiceSites(context.Background(), r)
		if err != nil || !slices.Equal(edgeIDs(p2again), edgeIDs(p2)) {
			t.Fatalf("forwards from the page paged back to: %v, %v; want %v", edgeIDs(p2again), err, edgeIDs(p2))
		}
	}
	// Between two cursors of the same list: only the rows between them.
	between := federation.Request{Order: r.Order, After: p1.Edges[1].Cursor, Before: p2.Edges[1].Cursor, First: ptr(100)}
	page, err := f.ServiceSites(context.Background(), between)
	want := append(edgeIDs(p1)[2:], edgeIDs(p2)[0])
	if err != nil || !slices.Equal(edgeIDs(page), want) || page.HasNextPage || !page.HasPreviousPage {
		t.Fatalf("between: %v (next %v, previous %v), %v; want %v (false, true)", edgeIDs(page), page.HasNextPage, page.HasPreviousPage, err, want)
	}
}

func edgeIDs(p federation.Page[civ.ServiceSite]) []string {
	out := make([]string, len(p.Edges))
	for i, e := range p.Edges {
		out[i] = e.Node.ID
	}
	return out
}

// TestRowsAskedPerProvinceStayWithinThePage: whatever page of an ordered
// list, no province is asked for more rows than the page holds.
func TestRowsAskedPerProvinceStayWithinThePage(t *testing.T) {
	_, srcs := orderedProvinces(true)
	f := federationOver(t, srcs)
	r := siteOrders()["UPDATED_AT desc=false"]
	r.First = ptr(4)
	for page := 0; ; page++ {
		p, err := f.ServiceSites(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range srcs {
			for _, q := range s.(*sortingSource).reset() {
				if q.Limit > 4 || q.Order != r.Order {
					t.Fatalf("page %d: %s asked for %+v, want at most 4 rows in the list's order", page, s.Province(), q)
				}
			}
		}
		if !p.HasNextPage {
			break
		}
		r.After = p.Edges[len(p.Edges)-1].Cursor
	}
}

// TestOrderAndPagingArgumentsAreChecked: cursors altered, truncated or
// from another list, filter or order, first with last, DISTANCE without a
// centre and an order the list has no field for are refused as bad input.
func TestOrderAndPagingArgumentsAreChecked(t *testing.T) {
	_, srcs := orderedProvinces(true)
	f := federationOver(t, srcs)
	byName := connectors.Order{Field: connectors.OrderName}
	page, err := f.ServiceSites(context.Background(), federation.Request{Order: byName, First: ptr(3)})
	if err != nil {
		t.Fatal(err)
	}
	cursor := page.Edges[1].Cursor
	if page.Edges[0].Cursor == cursor {
		t.Fatal("two edges share a cursor")
	}
	forged := []byte(cursor)
	forged[len(forged)/2] ^= 2
	cases := map[string]federation.Request{
		"forged":              {Order: byName, After: string(forged)},
		"index forged":        {Order: byName, After: "99" + cursor[2:]},
		"truncated end":       {Order: byName, After: cursor[:len(cursor)-1]},
		"truncated start":     {Order: byName, After: cursor[1:]},
		"other order":         {Order: connectors.Order{Field: connectors.OrderName, Desc: true}, After: cursor},
		"source order":        {After: cursor},
		"other filter":        {Order: byName, Before: cursor, Filter: civ.Filter{Keyword: "食堂"}},
		"first and last":      {Order: byName, First: ptr(2), Last: ptr(2)},
		"last out of bounds":  {Order: byName, Last: ptr(federation.MaxPageSize + 1)},
		"distance unmeasured": {Order: connectors.Order{Field: connectors.OrderDistance}},
		"site by due":         {Order: connectors.Order{Field: connectors.OrderDue}},
	}
	for name, r := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := f.ServiceSites(context.Background(), r)
			if !errors.Is(err, federation.ErrInvalidInput) {
				t.Fatalf("err = %v, want ErrInvalidInput", err)
			}
		})
	}
	// A cursor of one list is refused by another.
	if _, err := f.Meetings(context.Background(), federation.Request{After: cursor}); !errors.Is(err, federation.ErrInvalidInput) {
		t.Fatalf("a site cursor on meetings: err = %v", err)
	}
	if !strings.HasPrefix(cursor, "01") {
		t.Fatalf("edge 1's cursor %q does not start with its index", cursor)
	}
}
