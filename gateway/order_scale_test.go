package gateway_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/hebei"
	"github.com/civgraph/civgraph/connectors/httpclient"
	"github.com/civgraph/civgraph/connectors/hubei"
	"github.com/civgraph/civgraph/connectors/shanghai"
	"github.com/civgraph/civgraph/federation"
	"github.com/civgraph/civgraph/internal/sampleapi"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	samplehebei "github.com/civgraph/civgraph/internal/sampleapi/hebei"
	samplehubei "github.com/civgraph/civgraph/internal/sampleapi/hubei"
	sampleshanghai "github.com/civgraph/civgraph/internal/sampleapi/shanghai"
)

// siteKey is a field every service-site row of a province's sample API
// answer has exactly once, in the province's own spelling: counting it
// counts the rows an answer carried.
var siteKey = map[civ.ProvinceCode]string{civ.Hebei: `"csmc"`, civ.Hubei: `"siteName"`, civ.Shanghai: `orgName`}

// rowCounter counts what each province delivers: the rows its sample
// API sends (upstream) and the rows its connector hands the federation
// (source).
type rowCounter struct {
	mu       sync.Mutex
	upstream map[civ.ProvinceCode]int
	source   map[civ.ProvinceCode]int
	h        http.Handler
}

func (c *rowCounter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, r)
	for p, key := range siteKey {
		if strings.HasPrefix(r.URL.Path, sampleapi.Prefix[p]+"/") {
			c.add(c.upstream, p, bytes.Count(rec.Body.Bytes(), []byte(key)))
		}
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

func (c *rowCounter) add(m map[civ.ProvinceCode]int, p civ.ProvinceCode, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	m[p] += n
}

// take returns the counts so far and starts again.
func (c *rowCounter) take() (upstream, source map[civ.ProvinceCode]int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	upstream, source = c.upstream, c.source
	c.upstream, c.source = map[civ.ProvinceCode]int{}, map[civ.ProvinceCode]int{}
	return upstream, source
}

// countedSource counts the service-site rows its Source returns.
type countedSource struct {
	connectors.Source
	c *rowCounter
}

func (s countedSource) ServiceSites(ctx context.Context, q connectors.Query) (connectors.Result[civ.ServiceSite], error) {
	res, err := s.Source.ServiceSites(ctx, q)
	s.c.add(s.c.source, s.Province(), len(res.Items))
	return res, err
}

// pageReads is what one page cost each province.
type pageReads struct{ upstream, source map[civ.ProvinceCode]int }

// rowsReadPerPage serves sitesPerProvince generated sites a province to
// the Hebei, Hubei and Shanghai connectors, uncached so every page reads
// its rows upstream, and returns, for the first and the tenth page of 10
// sites in a few orders and both directions, the rows each province read.
func rowsReadPerPage(t *testing.T, sitesPerProvince int) map[string]pageReads {
	t.Helper()
	ds, err := dataset.Load(dataset.Options{SampleSitesPerProvince: sitesPerProvince})
	if err != nil {
		t.Fatal(err)
	}
	counter := &rowCounter{h: sampleapi.NewHandler(ds)}
	counter.take()
	upstream := httptest.NewServer(counter)
	t.Cleanup(upstream.Close)
	base := func(p civ.ProvinceCode) string { return upstream.URL + sampleapi.Prefix[p] }
	// A sample upstream sorts its rows on the first request in an order:
	// at a million rows that takes seconds, longer than the default
	// per-attempt timeout.
	slow := httpclient.Config{Timeout: 5 * time.Minute}
	var srcs []connectors.Source
	for _, connect := range []func() (connectors.Source, error){
		func() (connectors.Source, error) {
			return hebei.New(hebei.Config{BaseURL: base(civ.Hebei), AppKey: samplehebei.DemoAppKey, HTTP: slow})
		},
		func() (connectors.Source, error) {
			return hubei.New(hubei.Config{BaseURL: base(civ.Hubei), PaasID: samplehubei.DemoPaasID, Token: samplehubei.DemoToken, HTTP: slow})
		},
		func() (connectors.Source, error) {
			return shanghai.New(shanghai.Config{BaseURL: base(civ.Shanghai), Token: sampleshanghai.DemoToken, HTTP: slow})
		},
	} {
		src, err := connect()
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, countedSource{Source: src, c: counter})
	}
	f, err := federation.New(srcs, []byte("test cursor secret"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]pageReads{}
	ten := 10
	for _, order := range []connectors.Order{{}, {Field: connectors.OrderName}, {Field: connectors.OrderUpdatedAt, Desc: true}} {
		for _, backwards := range []bool{false, true} {
			r := federation.Request{Order: order, First: &ten}
			if backwards {
				r.First, r.Last = nil, &ten
			}
			for page := 1; page <= 10; page++ {
				counter.take()
				res, err := f.ServiceSites(context.Background(), r)
				if err != nil || len(res.Errors) > 0 || len(res.Edges) != 10 {
					t.Fatalf("page %d: %d edges, %v %v", page, len(res.Edges), err, res.Errors)
				}
				up, src := counter.take()
				if page == 1 || page == 10 {
					out[fmt.Sprintf("%-22s backwards=%-5v page %2d", fmt.Sprint(order), backwards, page)] = pageReads{up, src}
				}
				if backwards {
					r.Before = res.Edges[0].Cursor
				} else {
					r.After = res.Edges[9].Cursor
				}
			}
		}
	}
	return out
}

// checkRowsReadDoNotGrow compares the rows read per province and page at
// two dataset sizes: the rows each connector hands the federation are
// equal (the page's own 10), and the rows its upstream sends are at most
// two of its pages of 100 (the window lies within two; paging backwards
// from the end, the first page also learns the total) at either size.
// Which pages a window crosses depends on where the province's rows fall
// in the merged order, so the upstream figure is bounded, not fixed.
func checkRowsReadDoNotGrow(t *testing.T, small, large int) {
	a, b := rowsReadPerPage(t, small), rowsReadPerPage(t, large)
	for key, readSmall := range a {
		readLarge := b[key]
		t.Logf("%s at %d / %d sites a province: source rows %v / %v, upstream rows %v / %v",
			key, small, large, readSmall.source, readLarge.source, readSmall.upstream, readLarge.upstream)
		for p := range siteKey {
			if readSmall.source[p] != readLarge.source[p] || readLarge.source[p] > 10 {
				t.Errorf("%s: %s handed the federation %d rows at %d sites and %d at %d; want equal and at most 10",
					key, p, readSmall.source[p], small, readLarge.source[p], large)
			}
			for _, n := range []int{readSmall.upstream[p], readLarge.upstream[p]} {
				if n == 0 || n > 200 {
					t.Errorf("%s: %s's upstream sent %d rows; want at most two pages of 100", key, p, n)
				}
			}
		}
	}
}

// TestRowsReadPerPageDoNotGrowWithTheDataset: the first and the tenth page
// of a list in several orders, both ways, cost each province the same rows
// at 1,000 and 10,000 sites a province (the scale build tag runs 10,000
// against 1,000,000).
func TestRowsReadPerPageDoNotGrowWithTheDataset(t *testing.T) {
	checkRowsReadDoNotGrow(t, 1_000, 10_000)
}
