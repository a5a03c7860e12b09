package kit_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/panics"
)

// pager serves rows 0..total-1 in pages of size, optionally dropping a
// row from one page as a misbehaving upstream would.
func pager(total, size, shortPage int) func(context.Context, int) (connectors.Result[int], error) {
	return func(_ context.Context, page int) (connectors.Result[int], error) {
		var items []int
		for i := (page - 1) * size; i < min(page*size, total); i++ {
			items = append(items, i)
		}
		if page == shortPage && len(items) > 0 {
			items = items[1:]
		}
		return connectors.Result[int]{Items: items, Total: total}, nil
	}
}

func TestPagedWindow(t *testing.T) {
	for _, c := range []struct{ offset, limit, total int }{
		{0, 10, 250}, {95, 10, 250}, {0, 250, 250}, {240, 100, 250}, {250, 10, 250}, {300, 10, 250}, {0, 0, 250}, {0, 10, 0},
	} {
		t.Run(fmt.Sprintf("%d+%d of %d", c.offset, c.limit, c.total), func(t *testing.T) {
			res, err := kit.PagedWindow(context.Background(), civ.Hebei, "list", connectors.Query{Offset: c.offset, Limit: c.limit}, 100, pager(c.total, 100, 0))
			if err != nil {
				t.Fatal(err)
			}
			want := max(0, min(c.limit, c.total-c.offset))
			if res.Total != c.total || len(res.Items) != want {
				t.Fatalf("total %d, %d items; want %d, %d", res.Total, len(res.Items), c.total, want)
			}
			for i, v := range res.Items {
				if v != c.offset+i {
					t.Fatalf("item %d = %d, want %d", i, v, c.offset+i)
				}
			}
		})
	}
}

func TestPagedWindowRejectsShortPages(t *testing.T) {
	_, err := kit.PagedWindow(context.Background(), civ.Hubei, "list", connectors.Query{Offset: 50, Limit: 100}, 100, pager(250, 100, 2))
	ue, ok := connectors.AsUpstreamError(err)
	if !ok || ue.Code != connectors.CodeBadResponse || ue.Province != civ.Hubei {
		t.Fatalf("err = %v; a page shorter than its total implies must fail, not shift rows", err)
	}
}

// A page fetched in the window's own goroutine that panics fails the
// window with the panic as its cause, instead of ending the process.
func TestPagedWindowRecoversAPagePanic(t *testing.T) {
	fetch := func(ctx context.Context, page int) (connectors.Result[int], error) {
		if page == 2 {
			panic("decoder bug")
		}
		return pager(250, 100, 0)(ctx, page)
	}
	_, err := kit.PagedWindow(context.Background(), civ.Hebei, "list", connectors.Query{Offset: 0, Limit: 250}, 100, fetch)
	var pe *panics.Error
	if !errors.As(err, &pe) || pe.Value != "decoder bug" {
		t.Fatalf("err = %v, want the recovered panic in its chain", err)
	}
}

// A window across a page boundary asks for both pages at once: the second
// does not wait for the first.
func TestPagedWindowFetchesCoveringPagesTogether(t *testing.T) {
	both := make(chan struct{})
	var started atomic.Int32
	fetch := func(ctx context.Context, page int) (connectors.Result[int], error) {
		if started.Add(1) == 2 {
			close(both)
		}
		select {
		case <-both:
		case <-time.After(5 * time.Second):
			return connectors.Result[int]{}, errors.New("the pages were fetched one after the other")
		}
		return pager(250, 100, 0)(ctx, page)
	}
	res, err := kit.PagedWindow(context.Background(), civ.Hebei, "list", connectors.Query{Offset: 90, Limit: 20}, 100, fetch)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Items) != 20 || res.Items[0] != 90 || res.Items[19] != 109 {
		t.Fatalf("items = %v", res.Items)
	}
}

// Pages past the end that the window named are ignored, even failing.
func TestPagedWindowIgnoresPagesPastTheTotal(t *testing.T) {
	fetch := func(ctx context.Context, page int) (connectors.Result[int], error) {
		if page > 3 {
			return connectors.Result[int]{}, errors.New("no such page")
		}
		return pager(250, 100, 0)(ctx, page)
	}
	res, err := kit.PagedWindow(context.Background(), civ.Hebei, "list", connectors.Query{Offset: 240, Limit: 100}, 100, fetch)
	if err != nil || len(res.Items) != 10 || res.Items[0] != 240 {
		t.Fatalf("items %v, err %v", res.Items, err)
	}
}

// A window inside one page shares the page's rows but cannot grow into them.
func TestPagedWindowSliceCannotOverwriteThePage(t *testing.T) {
	page := connectors.Result[int]{Items: make([]int, 100), Total: 100}
	for i := range page.Items {
		page.Items[i] = i
	}
	res, err := kit.PagedWindow(context.Background(), civ.Hebei, "list", connectors.Query{Offset: 10, Limit: 5}, 100,
		func(context.Context, int) (connectors.Result[int], error) { return page, nil })
	if err != nil {
		t.Fatal(err)
	}
	_ = append(res.Items, -1)
	if page.Items[15] != 15 {
		t.Fatalf("appending to the window overwrote the page: %d", page.Items[15])
	}
}

func TestWindowPageSize(t *testing.T) {
	uncached, cached := cache.Policy{}, cache.Policy{TTL: time.Minute}
	for _, c := range []struct{ offset, limit, want int }{
		{0, 20, 20}, {20, 20, 20}, {90, 20, 22}, {95, 10, 15}, {0, 0, 1}, {0, 100, 100}, {5, 100, 100}, {0, 150, 100}, {97, 3, 4},
	} {
		q := connectors.Query{Offset: c.offset, Limit: c.limit}
		got := kit.WindowPageSize(q, 100, uncached)
		if got != c.want {
			t.Errorf("%d+%d: size %d, want %d", c.offset, c.limit, got, c.want)
		}
		if c.limit > 0 && got < 100 && c.offset/got != (c.offset+c.limit-1)/got {
			t.Errorf("%d+%d: size %d does not hold the window in one page", c.offset, c.limit, got)
		}
		if got := kit.WindowPageSize(q, 100, cached); got != 100 {
			t.Errorf("%d+%d cached: size %d, want the fixed 100", c.offset, c.limit, got)
		}
	}
}
