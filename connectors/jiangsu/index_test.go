package jiangsu

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/geo"
)

// Pieces the generated registers draw from: names and addresses repeat
// places and kinds around serial numbers, as the sample data does, with
// Latin letters in both cases and numbers with leading zeros.
var (
	testRegions = []string{"320102", "320102001", "320115", "320381005", "321181", "320412106", ""}
	testPlaces  = []string{"玄武区", "新沂市钟吾街道", "Nanjing 江宁", "武进区前黄镇", "丹阳"}
	testKinds   = []string{"社区长者食堂", "助餐点", "婚姻登记处", "Elder CARE", "殡仪馆"}
)

// register generates n sites deterministically.
func register(n int, seed uint64) []civ.ServiceSite {
	r := rand.New(rand.NewPCG(seed, 7))
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, chinaTime)
	sites := make([]civ.ServiceSite, n)
	for i := range sites {
		place, kind := testPlaces[r.IntN(len(testPlaces))], testKinds[r.IntN(len(testKinds))]
		s := civ.ServiceSite{
			ID: fmt.Sprintf("JS-%07d", i), Province: civ.Jiangsu, Type: civ.AllSiteTypes[r.IntN(len(civ.AllSiteTypes))],
			Name:       fmt.Sprintf("%s第%d%s", place, 1+r.IntN(n), kind),
			Address:    fmt.Sprintf("江苏省%s示例路%03d号", place, r.IntN(1000)),
			RegionCode: testRegions[r.IntN(len(testRegions))], Phone: fmt.Sprintf("025-%08d", r.IntN(10000)),
			Sample: r.IntN(10) != 0, OpeningHours: "8:30-17:00",
		}
		if r.IntN(8) != 0 {
			s.UpdatedAt = base.Add(time.Duration(r.IntN(30*24)) * time.Hour) // many ties
		}
		if r.IntN(5) != 0 {
			s.Location = &civ.GeoPoint{Lat: 31 + float64(r.IntN(2_000_000))/1e6, Lng: 118.5 + float64(r.IntN(2_000_000))/1e6}
		}
		if r.IntN(3) == 0 {
			c := r.IntN(500)
			s.Capacity, s.CapacityText = &c, fmt.Sprintf("%d座", c)
		}
		sites[i] = s
	}
	// Not in id order, so that the source order and the id order differ.
	r.Shuffle(len(sites), func(a, b int) { sites[a], sites[b] = sites[b], sites[a] })
	return sites
}

func build(t testing.TB, sites []civ.ServiceSite) *index {
	t.Helper()
	b := newBuilder()
	for _, s := range sites {
		if err := b.add(s); err != nil {
			t.Fatal(err)
		}
	}
	ix, err := newIndex(b.finish(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// randomFilter draws a filter from every field sites have, with values
// that match some rows and values that match none.
func randomFilter(r *rand.Rand, sites []civ.ServiceSite) civ.Filter {
	var f civ.Filter
	pick := func(p int) bool { return r.IntN(100) < p }
	if pick(30) {
		f.RegionCode = []string{"320000", "320100", "320102", "320381", "321100", "330000", "320102001"}[r.IntN(7)]
	}
	if pick(15) {
		f.RegionCodes = []string{"320115", "320400"}[:1+r.IntN(2)]
	}
	if pick(25) {
		f.SiteTypes = []civ.SiteType{civ.AllSiteTypes[r.IntN(len(civ.AllSiteTypes))], civ.AllSiteTypes[r.IntN(len(civ.AllSiteTypes))]}[:1+r.IntN(2)]
	}
	if pick(10) {
		f.SiteType = civ.AllSiteTypes[r.IntN(len(civ.AllSiteTypes))]
	}
	if pick(15) {
		f.Domains = []civ.Domain{civ.AllDomains[r.IntN(len(civ.AllDomains))]}
	}
	if pick(25) {
		sample := pick(50)
		f.Sample = &sample
	}
	if pick(35) {
		s := sites[r.IntN(len(sites))]
		runes := []rune(s.Name + " " + s.Address)
		i := r.IntN(len(runes))
		j := min(len(runes), i+1+r.IntN(5))
		f.Keyword = []string{string(runes[i:j]), "elder care", "食堂", "第1", "0号", "无此词", "NANJING", "示例路0"}[r.IntN(8)]
	}
	if pick(20) {
		f.From = time.Date(2024, 1, 1+r.IntN(30), 0, 0, 0, 0, time.UTC)
		f.IncludeUndated = pick(50)
	}
	if pick(10) {
		f.To = time.Date(2024, 1, 1+r.IntN(30), 0, 0, 0, 0, time.UTC)
	}
	if pick(10) {
		for range 1 + r.IntN(4) {
			f.IDs = append(f.IDs, sites[r.IntN(len(sites))].ID)
		}
		f.IDs = append(f.IDs, "JS-missing")
	}
	if pick(5) {
		f.ID = sites[r.IntN(len(sites))].ID
	}
	if pick(25) {
		f.Near = &civ.GeoCircle{Center: civ.GeoPoint{Lat: 31 + r.Float64()*2, Lng: 118.5 + r.Float64()*2}, RadiusKm: []float64{0.5, 5, 30, 100}[r.IntN(4)]}
	}
	if pick(15) {
		lat, lng := 31+r.Float64()*2, 118.5+r.Float64()*2
		f.Box = &civ.GeoBox{SouthWest: civ.GeoPoint{Lat: lat, Lng: lng}, NorthEast: civ.GeoPoint{Lat: lat + r.Float64(), Lng: lng + r.Float64()}}
	}
	if pick(3) {
		f.OriginID = "JS-MTG-0001"
	}
	return f
}

// reference answers q over sites by brute force: civ's match, the circle
// and box by geo.Distance and coordinates, and a plain sort.
func reference(sites []civ.ServiceSite, q connectors.Query) ([]string, int) {
	f := q.Filter
	var rows []civ.ServiceSite
	for _, s := range sites {
		if !f.MatchServiceSite(s) {
			continue
		}
		rows = append(rows, s)
	}
	key := func(a, b civ.ServiceSite) int { return 0 } // the source order: stable sort keeps it
	last := key                                        // unknown update times after the others, both ways
	switch q.Order.Field {
	case connectors.OrderName:
		key = func(a, b civ.ServiceSite) int { return strings.Compare(a.Name, b.Name) }
	case connectors.OrderUpdatedAt:
		key = func(a, b civ.ServiceSite) int { return a.UpdatedAt.Compare(b.UpdatedAt) }
		last = func(a, b civ.ServiceSite) int {
			return cmp.Compare(b2i(a.UpdatedAt.IsZero()), b2i(b.UpdatedAt.IsZero()))
		}
	case connectors.OrderDistance:
		key = func(a, b civ.ServiceSite) int {
			return cmp.Compare(geo.Distance(f.Near.Center, *a.Location), geo.Distance(f.Near.Center, *b.Location))
		}
	}
	if q.Order.Field == connectors.OrderSource && q.Order.Desc {
		slices.Reverse(rows)
	} else if q.Order.Field != connectors.OrderSource {
		slices.SortStableFunc(rows, func(a, b civ.ServiceSite) int {
			c := key(a, b)
			if l := last(a, b); l != 0 {
				return l
			}
			if q.Order.Desc {
				c = -c
			}
			return cmp.Or(c, strings.Compare(a.ID, b.ID))
		})
	}
	var ids []string
	for i := q.Offset; i < min(len(rows), q.Offset+q.Limit); i++ {
		ids = append(ids, rows[i].ID)
	}
	return ids, len(rows)
}

// TestIndexAgreesWithBruteForce: for random filters, orders and windows,
// the index's total and window equal a scan of every row.
func TestIndexAgreesWithBruteForce(t *testing.T) {
	sites := register(1500/testScale, 1)
	ix := build(t, sites)
	r := rand.New(rand.NewPCG(2, 3))
	orders := []connectors.OrderField{connectors.OrderSource, connectors.OrderName, connectors.OrderUpdatedAt, connectors.OrderDistance}
	for i := range 400 / testScale {
		q := connectors.Query{Filter: randomFilter(r, sites), Offset: []int{0, 0, 3, 20, 150, 1490}[r.IntN(6)], Limit: []int{0, 1, 10, 100}[r.IntN(4)],
			Order: connectors.Order{Field: orders[r.IntN(len(orders))], Desc: r.IntN(2) == 0}}
		if q.Order.Field == connectors.OrderDistance && q.Filter.Near == nil {
			q.Order.Field = connectors.OrderName
		}
		want, total := reference(sites, q)
		a, err := ix.query(q)
		if err != nil {
			t.Fatalf("query %d %+v: %v", i, q, err)
		}
		var got []string
		for _, row := range a.rows {
			got = append(got, ix.site(row).ID)
		}
		if a.total != total || !slices.Equal(got, want) {
			t.Fatalf("query %d: filter %+v order %+v window %d+%d:\n total %d, want %d\n got  %v\n want %v", i, q.Filter, q.Order, q.Offset, q.Limit, a.total, total, got, want)
		}
	}
}

// TestRowsReadBack: every row reads back as it was added.
func TestRowsReadBack(t *testing.T) {
	sites := register(500, 4)
	sites[0].Location = &civ.GeoPoint{Lat: 31.123456789, Lng: 118.1} // more digits than micro-degrees hold
	sites[1].Name = "编号123456789012345678901234567890号"              // a digit run too long for a number token
	sites[2].Phone = "0"
	ix := build(t, sites)
	for i, want := range sites {
		if got := ix.site(int32(i)); !same(got, want) {
			t.Fatalf("row %d: got %+v\nwant %+v", i, got, want)
		}
	}
}

func same(a, b civ.ServiceSite) bool {
	return fmt.Sprintf("%v %v %v", a.ID, a.Name, a.Address) == fmt.Sprintf("%v %v %v", b.ID, b.Name, b.Address) &&
		a.Phone == b.Phone && a.RegionCode == b.RegionCode && a.Type == b.Type && a.Sample == b.Sample &&
		a.UpdatedAt.Equal(b.UpdatedAt) && ((a.Location == nil) == (b.Location == nil)) &&
		(a.Location == nil || *a.Location == *b.Location) && ((a.Capacity == nil) == (b.Capacity == nil)) &&
		(a.Capacity == nil || *a.Capacity == *b.Capacity) && a.CapacityText == b.CapacityText && a.OpeningHours == b.OpeningHours
}

// TestPageCostDoesNotGrow: the rows a page touches (tested against the
// filter or copied out) are the same for a register of 2,000 and of
// 50,000 rows, for pages in every order, deep pages and filters whose
// share of the register does not shrink with it (a keyword once it has
// been read for the snapshot); counts of indexed filters touch no row.
func TestPageCostDoesNotGrow(t *testing.T) {
	small, large := build(t, register(2_000, 5)), build(t, register(50_000/testScale, 5))
	sample := true
	cases := map[string]connectors.Query{
		"first page":           {Limit: 20},
		"tenth page by name":   {Offset: 180, Limit: 20, Order: connectors.Order{Field: connectors.OrderName}},
		"updated descending":   {Offset: 40, Limit: 20, Order: connectors.Order{Field: connectors.OrderUpdatedAt, Desc: true}},
		"source descending":    {Offset: 100, Limit: 20, Order: connectors.Order{Desc: true}},
		"province":             {Limit: 20, Filter: civ.Filter{RegionCode: "320000"}, Order: connectors.Order{Field: connectors.OrderName}},
		"county, second page":  {Offset: 20, Limit: 20, Filter: civ.Filter{RegionCode: "321181"}, Order: connectors.Order{Field: connectors.OrderUpdatedAt, Desc: true}},
		"one type":             {Limit: 20, Filter: civ.Filter{SiteType: civ.AllSiteTypes[0]}, Order: connectors.Order{Field: connectors.OrderUpdatedAt}},
		"sample rows":          {Limit: 20, Filter: civ.Filter{Sample: &sample}},
		"kind keyword":         {Limit: 20, Filter: civ.Filter{Keyword: "食堂"}, Order: connectors.Order{Field: connectors.OrderName, Desc: true}},
		"count of a region":    {Filter: civ.Filter{RegionCode: "320100"}},
		"count of a keyword":   {Filter: civ.Filter{Keyword: "婚姻"}},
		"count of a type":      {Filter: civ.Filter{SiteTypes: civ.AllSiteTypes[:2]}},
		"count of all":         {},
		"real rows, page":      {Limit: 20, Filter: civ.Filter{Sample: new(bool)}},
		"count of a few by id": {Filter: civ.Filter{IDs: []string{"JS-0000001", "JS-0000002"}}},
		"count of a region, type and flag": {Filter: civ.Filter{RegionCodes: []string{"320100", "321181"},
			SiteTypes: civ.AllSiteTypes[:3], Domains: civ.AllDomains[:2], Sample: &sample}},
	}
	for name, q := range cases {
		t.Run(name, func(t *testing.T) {
			// A keyword is read once per snapshot and kept: the first
			// query pays that, the pages after it are measured.
			_, _ = small.query(q)
			_, _ = large.query(q)
			a, err := small.query(q)
			if err != nil {
				t.Fatal(err)
			}
			b, err := large.query(q)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("rows touched: %d at 2,000 rows, %d at 50,000", a.touched, b.touched)
			if q.Limit > 0 && (len(a.rows) != q.Limit || len(b.rows) != q.Limit) {
				t.Fatalf("windows of %d and %d rows, want %d", len(a.rows), len(b.rows), q.Limit)
			}
			if q.Limit == 0 && !q.Filter.HasDateRange() && q.Filter.Keyword == "" && len(q.Filter.IDs) == 0 && b.touched > 0 {
				t.Fatalf("a count of indexed filters touched %d rows", b.touched)
			}
			// A walk meets matches at random: allow twice the small cost.
			if b.touched > 2*a.touched+q.Limit {
				t.Fatalf("a page touched %d rows at 50,000 rows, %d at 2,000: its cost grows with the register", b.touched, a.touched)
			}
		})
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestConcurrentKeywordReadsTheRegisterOnce: first requests for one new
// keyword with digits (read row by row) arriving together share one read
// of the register, and agree.
func TestConcurrentKeywordReadsTheRegisterOnce(t *testing.T) {
	ix := build(t, register(20_000, 3))
	const callers = 8
	var wg sync.WaitGroup
	var start sync.WaitGroup
	start.Add(1)
	sets := make([]textSet, callers)
	read := make([]int, callers)
	for i := range callers {
		wg.Go(func() {
			start.Wait()
			sets[i], read[i] = ix.textRows("食堂 1号")
		})
	}
	start.Done()
	wg.Wait()
	readers := 0
	for i := range callers {
		readers += b2i(read[i] > 0)
		if sets[i] != sets[0] {
			t.Errorf("caller %d got a row set of its own", i)
		}
	}
	if readers != 1 {
		t.Errorf("%d of %d callers read rows; want one read", readers, callers)
	}
}

// TestKeywordOfWordsReadsNoRow: a keyword without ASCII digits is decided
// by the text index: its first count reads no row, and it counts what
// matchText would, including words split around serial numbers, Latin
// words in any case, full-width forms and a field's runs far apart.
func TestKeywordOfWordsReadsNoRow(t *testing.T) {
	sites := register(5_000, 11)
	ix := build(t, sites)
	for _, kw := range []string{"食堂", "长者 食堂", "长者食堂", "elder care", "ＥＬＤＥＲ", "江苏 示例路", "宁区", "号", "江宁 助餐点", "第", "无此词", "  "} {
		a, err := ix.query(connectors.Query{Filter: civ.Filter{Keyword: kw}})
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		for _, s := range sites {
			want += b2i(matchText(kw, s.Name, s.Address))
		}
		if a.total != want || a.touched != 0 {
			t.Errorf("keyword %q: total %d touching %d rows, want %d touching none", kw, a.total, a.touched, want)
		}
	}
	// A keyword with digits reads only the rows whose runs and digits
	// may match, and agrees.
	for kw, most := range map[string]int{"第1": len(sites), "第123": len(sites) / 10, "示例路12号": len(sites) / 10, "１２３": len(sites) / 10} {
		a, _ := ix.query(connectors.Query{Filter: civ.Filter{Keyword: kw}})
		want := 0
		for _, s := range sites {
			want += b2i(matchText(kw, s.Name, s.Address))
		}
		if a.total != want || a.touched > most {
			t.Errorf("keyword %s: total %d touching %d rows, want %d touching at most %d", kw, a.total, a.touched, want, most)
		}
	}
}
