package sourcetest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/geo"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
)

// Harness is what the suite needs of a connector.
type Harness struct {
	// Upstream serves the province's sample upstream over ds through wrap
	// (which records every exchange) until the test ends, and returns the
	// base URL a connector is configured with.
	Upstream func(t *testing.T, ds *dataset.Dataset, wrap func(http.Handler) http.Handler) string
	// Connect builds a connector for baseURL with the upstream's demo
	// credentials, the cache policy and the options given (see Source). A
	// zero policy does not cache, so every call reaches the upstream.
	Connect func(baseURL string, policy cache.Policy, opts ...kit.Option) (connectors.Source, error)
	// Credential is the secret Connect's connector holds; no cache key
	// may carry it.
	Credential string
	// Fixture is a generated dataset with every wire form of the
	// province's rows and a few hundred of each, so windows cross many
	// upstream pages.
	Fixture *dataset.Dataset
	// Filters are the province's own cases over Fixture (ids, region
	// codes, codes its upstream maps). Each must match some row, unless
	// its name starts with "no match" or "other".
	Filters map[string]civ.Filter
	// PageSize is the upstream page of the paged API; a window of tasks
	// must cost exactly the pages that cover it.
	PageSize int
	// Same compares rows; nil means equal within a millionth of a degree.
	Same cmp.Options
	// SortParams, when set, is what every upstream request of a list in
	// order o carries (parameter names and values in the upstream's own
	// spelling), proving from the request log that a declared order
	// reaches the upstream as a parameter. Leave it nil for a source that
	// sorts a local snapshot itself (its declared orders are then checked
	// for their rows only).
	SortParams func(o connectors.Order) []string
}

// ExactPoints compares domain values with nil and empty slices alike and
// coordinates within a millionth of a degree (about 0.1 m).
var ExactPoints = cmp.Options{cmpopts.EquateEmpty(), cmp.Comparer(func(a, b civ.GeoPoint) bool {
	return abs(a.Lat-b.Lat) < 1e-6 && abs(a.Lng-b.Lng) < 1e-6
})}

// WithinAMetre is ExactPoints for a connector that converts coordinates
// (GCJ-02 → WGS-84) and may lose a little precision.
var WithinAMetre = cmp.Options{cmpopts.EquateEmpty(), cmp.Comparer(func(a, b civ.GeoPoint) bool { return geo.Distance(a, b) < 1 })}

func abs(f float64) float64 { return max(f, -f) }

// Run runs the conformance suite.
func Run(t *testing.T, h Harness) {
	if h.Same == nil {
		h.Same = ExactPoints
	}
	sample, err := dataset.Load(dataset.Options{SampleSitesPerProvince: 230, Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("sample dataset", func(t *testing.T) { runDataset(t, h, sample, nil) })
	if h.Fixture != nil {
		t.Run("fixture", func(t *testing.T) { runDataset(t, h, h.Fixture, h.Filters) })
	}
	if h.PageSize > 0 {
		t.Run("cache", func(t *testing.T) {
			ds := h.Fixture
			if ds == nil {
				ds = sample
			}
			checkCache(t, h, ds)
		})
	}
	t.Run("base URL", func(t *testing.T) { checkBaseURL(t, h.Connect) })
	t.Run("context end", func(t *testing.T) { checkContextEnd(t, h) })
}

// connect is Connect failing t on error.
func (h Harness) connect(t *testing.T, baseURL string, policy cache.Policy, opts ...kit.Option) connectors.Source {
	t.Helper()
	src, err := h.Connect(baseURL, policy, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// Source adapts a connector's New for Harness.Connect: a failed New is a
// nil Source, not a Source holding a nil pointer.
func Source[C connectors.Source](c C, err error) (connectors.Source, error) {
	if err != nil {
		return nil, err
	}
	return c, nil
}

func runDataset(t *testing.T, h Harness, ds *dataset.Dataset, own map[string]civ.Filter) {
	log := &Log{}
	src := h.connect(t, h.Upstream(t, ds, log.Wrap), cache.Policy{})
	p := ds.Province(src.Province())
	caps := src.Capabilities()
	filters := commonFilters()
	for name, f := range own {
		filters[name] = f
	}
	checkFiltersHaveMatches(t, p, own)
	s := suite{h: h, log: log, filters: filters}
	t.Run("meetings", func(t *testing.T) {
		run(t, s, entity[civ.Meeting]{p.Meetings, src.Meetings, civ.Filter.MatchMeeting, func(m civ.Meeting) string { return m.ID }, caps.Meetings,
			orderable[civ.Meeting]{caps.Orders.Meetings, connectors.OrderFields().Meetings, meetingOrder}})
	})
	t.Run("policy documents", func(t *testing.T) {
		run(t, s, entity[civ.PolicyDocument]{p.PolicyDocuments, src.PolicyDocuments, civ.Filter.MatchPolicyDocument, func(d civ.PolicyDocument) string { return d.ID }, caps.PolicyDocuments,
			orderable[civ.PolicyDocument]{caps.Orders.PolicyDocuments, connectors.OrderFields().PolicyDocuments, documentOrder}})
	})
	t.Run("tasks", func(t *testing.T) {
		e := entity[civ.Task]{p.Tasks, src.Tasks, civ.Filter.MatchTask, func(x civ.Task) string { return x.ID }, caps.Tasks,
			orderable[civ.Task]{caps.Orders.Tasks, connectors.OrderFields().Tasks, taskOrder}}
		run(t, s, e)
		if h.PageSize > 0 {
			t.Run("windows cost their covering pages", func(t *testing.T) { checkPageCost(t, s, e) })
		}
		t.Run("filter origin ids", func(t *testing.T) {
			f := civ.Filter{OriginIDs: originIDs(p.Tasks)}
			checkWalk(t, e, f, 37, Matching(p.Tasks, func(x civ.Task) bool { return f.MatchTask(x) }), s.h.Same)
		})
	})
	t.Run("service sites", func(t *testing.T) {
		run(t, s, entity[civ.ServiceSite]{p.ServiceSites, src.ServiceSites, civ.Filter.MatchServiceSite, func(x civ.ServiceSite) string { return x.ID }, caps.ServiceSites,
			orderable[civ.ServiceSite]{caps.Orders.ServiceSites, connectors.OrderFields().ServiceSites, siteOrder}})
	})
}

type suite struct {
	h       Harness
	log     *Log
	filters map[string]civ.Filter
}

// entity is one list of a source with what the suite needs to check it.
type entity[T any] struct {
	rows   []T
	list   ListFunc[T]
	match  func(civ.Filter, T) bool
	id     func(T) string
	pushed connectors.Fields
	orders orderable[T]
}

// ListFunc is a connector's list method.
type ListFunc[T any] func(context.Context, connectors.Query) (connectors.Result[T], error)

func run[T any](t *testing.T, s suite, e entity[T]) {
	ctx := context.Background()
	for _, window := range []int{7, 100, 101, 250} {
		t.Run(fmt.Sprintf("walk window %d", window), func(t *testing.T) {
			checkWalk(t, e, civ.Filter{}, window, e.rows, s.h.Same)
		})
	}
	t.Run("total only", func(t *testing.T) {
		res, err := e.list(ctx, connectors.Query{Offset: len(e.rows) / 2, Limit: 0})
		if err != nil || res.Total != len(e.rows) || len(res.Items) != 0 {
			t.Fatalf("Limit 0: total %d, %d items, err %v; want total %d and no items", res.Total, len(res.Items), err, len(e.rows))
		}
	})
	t.Run("window across pages", func(t *testing.T) {
		res, err := e.list(ctx, connectors.Query{Offset: 95, Limit: 110})
		if err != nil || res.Total != len(e.rows) {
			t.Fatalf("total %d, err %v", res.Total, err)
		}
		want := e.rows[min(95, len(e.rows)):min(205, len(e.rows))]
		if diff := cmp.Diff(want, res.Items, s.h.Same); diff != "" {
			t.Fatalf("window 95+110 (-want +got):\n%s", diff)
		}
	})
	t.Run("past the end", func(t *testing.T) {
		res, err := e.list(ctx, connectors.Query{Offset: len(e.rows) + 5, Limit: 10})
		if err != nil || res.Total != len(e.rows) || len(res.Items) != 0 {
			t.Fatalf("offset past the end: total %d, %d items, err %v", res.Total, len(res.Items), err)
		}
	})
	t.Run("refused before asking", func(t *testing.T) {
		mark := s.log.Len()
		for name, q := range map[string]connectors.Query{
			"unknown domain":    {Filter: civ.Filter{Domain: "ASTROLOGY"}, Limit: 5},
			"unknown site type": {Filter: civ.Filter{SiteType: "SPACEPORT"}, Limit: 5},
			"negative offset":   {Offset: -1, Limit: 5},
			"negative limit":    {Limit: -5},
		} {
			if _, err := e.list(ctx, q); Code(err) != connectors.CodeInvalidQuery {
				t.Errorf("%s: err = %v, want %s", name, err, connectors.CodeInvalidQuery)
			}
		}
		if n := len(s.log.Since(mark)); n != 0 {
			t.Fatalf("%d upstream requests for queries no upstream can answer, want 0", n)
		}
	})
	filters := s.filters
	if len(e.rows) > 0 {
		filters = withID(filters, e.id(e.rows[len(e.rows)/2]))
		filters["ids"] = civ.Filter{IDs: []string{e.id(e.rows[0]), "NO-SUCH-ID", e.id(e.rows[len(e.rows)-1])}}
	}
	// Filters walk in windows of 37, which cross the upstream's page
	// boundaries at varying offsets at a fifth of the cost of 7.
	for name, f := range filters {
		t.Run("filter "+name, func(t *testing.T) {
			checkWalk(t, e, f, 37, Matching(e.rows, func(r T) bool { return e.match(f, r) }), s.h.Same)
		})
	}
	unfiltered := requestsOf(t, s.log, func() { Walk(t, e.list, civ.Filter{}, 100) })
	for _, field := range connectors.AllFilterFields() {
		t.Run(fmt.Sprintf("push-down of %s", field), func(t *testing.T) { checkPushDown(t, s, e, field, unfiltered) })
	}
	checkOrders(t, s, e, unfiltered)
}

func withID(fs map[string]civ.Filter, id string) map[string]civ.Filter {
	out := map[string]civ.Filter{"id": {ID: id}}
	for k, v := range fs {
		out[k] = v
	}
	return out
}

// originIDs picks the origins of the first and last tasks plus one that
// sets nothing: a batch of origins as the gateway's loaders ask for them.
func originIDs(tasks []civ.Task) []string {
	ids := []string{"NO-SUCH-ORIGIN"}
	if len(tasks) > 0 {
		ids = append(ids, tasks[0].OriginID, tasks[len(tasks)-1].OriginID)
	}
	return ids
}

// commonFilters has one filter of each kind, for every province.
func commonFilters() map[string]civ.Filter {
	return map[string]civ.Filter{
		"date range":      {From: day(2024, 3, 1), To: day(2024, 6, 30)},
		"domain":          {Domain: civ.DomainElderlyMeals},
		"funeral domain":  {Domain: civ.DomainFuneralManagement},
		"site type":       {SiteType: civ.SiteCommunityCanteen},
		"keyword":         {Keyword: "社区"},
		"no match":        {Keyword: "不存在的关键词"},
		"combined":        {Keyword: "示例", SiteType: civ.SiteMealPoint},
		"shanghai region": {RegionCode: "310100"},
		"county region":   {RegionCode: "130408"},
		"hubei region":    {RegionCode: "420100"},
		"jiangsu region":  {RegionCode: "320400"},
		// Text as people type it: the sample upstreams and the connectors'
		// local matching must agree on every form (textmatch).
		"keyword phrase":     {Keyword: "长者食堂"},
		"keyword spaced":     {Keyword: "长者 食堂"},
		"keyword words":      {Keyword: "婚姻　登记"},
		"keyword funeral":    {Keyword: "殡葬"},
		"keyword meals":      {Keyword: "助餐"},
		"keyword full-width": {Keyword: "ＳＨＩ　例"},
		// Places: each province's capital, and a box over central Shanghai.
		"near shanghai":     {Near: &civ.GeoCircle{Center: civ.GeoPoint{Lat: 31.2304, Lng: 121.4737}, RadiusKm: 15}},
		"near wuhan":        {Near: &civ.GeoCircle{Center: civ.GeoPoint{Lat: 30.5928, Lng: 114.3055}, RadiusKm: 30}},
		"near nanjing":      {Near: &civ.GeoCircle{Center: civ.GeoPoint{Lat: 32.0603, Lng: 118.7969}, RadiusKm: 30}},
		"near shijiazhuang": {Near: &civ.GeoCircle{Center: civ.GeoPoint{Lat: 38.0428, Lng: 114.5149}, RadiusKm: 30}},
		"box shanghai":      {Box: &civ.GeoBox{SouthWest: civ.GeoPoint{Lat: 31.1, Lng: 121.3}, NorthEast: civ.GeoPoint{Lat: 31.35, Lng: 121.6}}},
		"near and box":      {Near: &civ.GeoCircle{Center: civ.GeoPoint{Lat: 31.2304, Lng: 121.4737}, RadiusKm: 40}, Box: &civ.GeoBox{SouthWest: civ.GeoPoint{Lat: 31.2, Lng: 121.2}, NorthEast: civ.GeoPoint{Lat: 31.5, Lng: 121.5}}},
		"near with keyword": {Near: &civ.GeoCircle{Center: civ.GeoPoint{Lat: 31.2304, Lng: 121.4737}, RadiusKm: 50}, Keyword: "食堂"},
	}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// checkFiltersHaveMatches guards the fixture: a filter over no matching
// rows cannot tell a right answer from a wrong one.
func checkFiltersHaveMatches(t *testing.T, p *dataset.Province, filters map[string]civ.Filter) {
	t.Helper()
	for name, f := range filters {
		n := len(Matching(p.Meetings, f.MatchMeeting)) + len(Matching(p.PolicyDocuments, f.MatchPolicyDocument)) +
			len(Matching(p.Tasks, f.MatchTask)) + len(Matching(p.ServiceSites, f.MatchServiceSite))
		empty := strings.HasPrefix(name, "no match") || strings.HasPrefix(name, "other")
		if (n == 0) != empty {
			t.Errorf("filter %q matches %d fixture rows; only one named \"no match…\" or \"other…\" may match none", name, n)
		}
	}
}

// checkWalk walks list with f and compares the rows with want, in order,
// each once.
func checkWalk[T any](t *testing.T, e entity[T], f civ.Filter, window int, want []T, same cmp.Options) {
	t.Helper()
	got := Walk(t, e.list, f, window)
	seen := map[string]bool{}
	for _, r := range got {
		if seen[e.id(r)] {
			t.Fatalf("row %s visited twice", e.id(r))
		}
		seen[e.id(r)] = true
	}
	if diff := cmp.Diff(want, got, same); diff != "" {
		t.Fatalf("filter %+v, window %d: rows differ from the reference semantics (-want +got):\n%s", f, window, diff)
	}
}

// checkPageCost: a window costs at most the upstream pages it names, asked
// at once (the total is not known before): those that cover it, and one
// past the data's end only when the window crosses a page boundary there.
// An uncached connector may size its pages to the window and ask fewer.
func checkPageCost[T any](t *testing.T, s suite, e entity[T]) {
	size, total := s.h.PageSize, len(e.rows)
	for _, w := range []struct{ offset, limit int }{
		{0, 0}, {10, 20}, {size - 5, 10}, {size / 2, 2*size + size/2}, {total - 3, 10}, {total + 50, 10},
	} {
		first := w.offset/size + 1
		last := (w.offset+w.limit-1)/size + 1
		want := max(1, last-first+1)
		if w.limit == 0 {
			want = 1
		}
		mark := s.log.Len()
		res, err := e.list(context.Background(), connectors.Query{Offset: w.offset, Limit: w.limit})
		if err != nil {
			t.Fatal(err)
		}
		rows := max(0, min(w.limit, total-w.offset))
		if res.Total != total || len(res.Items) != rows {
			t.Fatalf("window %d+%d: total %d, %d rows; want %d, %d", w.offset, w.limit, res.Total, len(res.Items), total, rows)
		}
		if rows > 0 {
			if diff := cmp.Diff(e.rows[w.offset:w.offset+rows], res.Items, s.h.Same); diff != "" {
				t.Fatalf("window %d+%d differs (-want +got):\n%s", w.offset, w.limit, diff)
			}
		}
		if got := len(s.log.Since(mark)); got < 1 || got > want {
			t.Fatalf("window %d+%d: %d upstream requests, want 1 to %d (pages of %d)", w.offset, w.limit, got, want, size)
		}
	}
}

// Walk reads every row matching f in successive windows of the given size,
// failing t if the total changes between windows, a window before the end
// is not full, or the rows read differ in number from the total.
func Walk[T any](t *testing.T, list ListFunc[T], f civ.Filter, window int) []T {
	t.Helper()
	return walkIn(t, list, f, connectors.Order{}, window)
}

// walkIn is Walk in order o.
func walkIn[T any](t *testing.T, list ListFunc[T], f civ.Filter, o connectors.Order, window int) []T {
	t.Helper()
	var got []T
	total := -1
	for offset := 0; ; offset += window {
		res, err := list(context.Background(), connectors.Query{Filter: f, Order: o, Offset: offset, Limit: window})
		if err != nil {
			t.Fatalf("offset %d: %v", offset, err)
		}
		if total >= 0 && res.Total != total {
			t.Fatalf("total changed from %d to %d", total, res.Total)
		}
		total = res.Total
		got = append(got, res.Items...)
		if offset+window >= total {
			break
		}
		if len(res.Items) != window {
			t.Fatalf("offset %d: %d items of a %d window before the end (total %d)", offset, len(res.Items), window, total)
		}
	}
	if len(got) != total {
		t.Fatalf("walked %d rows, total %d", len(got), total)
	}
	return got
}

// Matching returns the rows for which match holds, in order.
func Matching[T any](rows []T, match func(T) bool) []T {
	var out []T
	for _, r := range rows {
		if match(r) {
			out = append(out, r)
		}
	}
	return out
}

// checkBaseURL: New accepts an absolute http(s) base URL and refuses
// anything baseurl.Parse refuses, naming the field.
func checkBaseURL(t *testing.T, connect func(string, cache.Policy, ...kit.Option) (connectors.Source, error)) {
	newSource := func(u string) error { _, err := connect(u, cache.Policy{}); return err }
	for _, ok := range []string{"http://127.0.0.1:9090/x", "https://portal.example/x/"} {
		if err := newSource(ok); err != nil {
			t.Errorf("New(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"", "relative/api", "/x", "ftp://127.0.0.1/x", "http://127.0.0.1/x?appKey=k",
		"http://u:p@127.0.0.1/x", "ftp://u:p@127.0.0.1/x", "http://u:p@[::1", "http://[::1"} {
		err := newSource(bad)
		if err == nil || !strings.Contains(err.Error(), "BaseURL") {
			t.Errorf("New(%q): err = %v, want one naming BaseURL", bad, err)
		} else if strings.Contains(err.Error(), "u:p") {
			t.Errorf("New(%q): err = %v repeats the user info", bad, err)
		}
	}
}

// Serve serves h on loopback until the test ends and returns its URL.
func Serve(t testing.TB, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// Counting counts the requests h serves in n.
func Counting(h http.Handler, n *atomic.Int32) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { n.Add(1); h.ServeHTTP(w, r) })
}

// Code is err's extensions.code, or "" when err is not an UpstreamError.
func Code(err error) connectors.Code {
	if ue, ok := connectors.AsUpstreamError(err); ok {
		return ue.Code
	}
	return ""
}

// WantCode fails t unless err is an UpstreamError of code for province p.
func WantCode(t *testing.T, err error, p civ.ProvinceCode, code connectors.Code) *connectors.UpstreamError {
	t.Helper()
	ue, ok := connectors.AsUpstreamError(err)
	if !ok || ue.Code != code || ue.Province != p {
		t.Fatalf("err = %v, want a %s %s", err, p, code)
	}
	return ue
}

// Mount serves h under prefix, as the embedded sample upstreams are
// mounted, counting its requests in n when n is not nil, and returns the
// base URL of the mount.
func Mount(t *testing.T, prefix string, h http.Handler, n *atomic.Int32) string {
	t.Helper()
	h = http.StripPrefix(prefix, h)
	if n != nil {
		h = Counting(h, n)
	}
	return Serve(t, h) + prefix
}
