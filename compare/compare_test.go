package compare_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/compare"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/errcode"
	"github.com/civgraph/civgraph/federation"
	"github.com/civgraph/civgraph/population"
	"github.com/civgraph/civgraph/regions"
)

// fakeSource answers counts and reads from in-memory rows with the civ
// filter's reference semantics, failing the provinces in down.
type fakeSource struct {
	sites    []civ.ServiceSite
	meetings []civ.Meeting
	tasks    []civ.Task
	down     map[civ.ProvinceCode]bool
	stale    map[civ.ProvinceCode]bool
	calls    atomic.Int64
	inFlight atomic.Int64
	peak     atomic.Int64
	mu       sync.Mutex
}

func (s *fakeSource) Provinces() []civ.ProvinceCode { return civ.AllProvinces }

func (s *fakeSource) enter(p civ.ProvinceCode) federation.Tally {
	s.calls.Add(1)
	n := s.inFlight.Add(1)
	for {
		old := s.peak.Load()
		if n <= old || s.peak.CompareAndSwap(old, n) {
			break
		}
	}
	time.Sleep(time.Millisecond)
	s.inFlight.Add(-1)
	t := federation.Tally{Calls: 1, Age: &civ.DataAge{FetchedAt: time.Unix(1700000000, 0).UTC(), Stale: s.stale[p]}}
	if s.down[p] {
		t.Err = connectors.NewError(p, errcode.SourceUnavailable, "list", "down", nil)
	}
	return t
}

func (s *fakeSource) Count(_ context.Context, kind federation.Kind, p civ.ProvinceCode, f civ.Filter) federation.Tally {
	t := s.enter(p)
	if t.Err != nil {
		return t
	}
	switch kind {
	case federation.KindServiceSite:
		for _, x := range s.sites {
			if x.Province == p && f.MatchServiceSite(x) {
				t.Total++
			}
		}
	case federation.KindMeeting:
		for _, x := range s.meetings {
			if x.Province == p && f.MatchMeeting(x) {
				t.Total++
			}
		}
	case federation.KindTask:
		for _, x := range s.tasks {
			if x.Province == p && f.MatchTask(x) {
				t.Total++
			}
		}
	}
	return t
}

func (s *fakeSource) ReadSites(_ context.Context, p civ.ProvinceCode, f civ.Filter, limit int) ([]civ.ServiceSite, federation.Tally) {
	return readRows(s.enter(p), s.sites, limit, func(x civ.ServiceSite) bool { return x.Province == p && f.MatchServiceSite(x) })
}

func (s *fakeSource) ReadTasks(_ context.Context, p civ.ProvinceCode, f civ.Filter, limit int) ([]civ.Task, federation.Tally) {
	return readRows(s.enter(p), s.tasks, limit, func(x civ.Task) bool { return x.Province == p && f.MatchTask(x) })
}

// readRows answers a bounded read as federation does: every matching row,
// or COMPARISON_TOO_LARGE past limit.
func readRows[T any](t federation.Tally, rows []T, limit int, match func(T) bool) ([]T, federation.Tally) {
	if t.Err != nil {
		return nil, t
	}
	var out []T
	for _, x := range rows {
		if match(x) {
			out = append(out, x)
		}
	}
	if len(out) > limit {
		t.Err = connectors.NewError("", errcode.ComparisonTooLarge, "list", "too many", nil)
		return nil, t
	}
	t.Total, t.Rows = len(out), len(out)
	return out, t
}

func site(p civ.ProvinceCode, region string, typ civ.SiteType, sample bool, capacity int, unit civ.CapacityUnit) civ.ServiceSite {
	s := civ.ServiceSite{Province: p, RegionCode: region, Type: typ, Sample: sample, UpdatedAt: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)}
	if capacity > 0 {
		s.Capacity, s.CapacityUnit = &capacity, unit
	}
	return s
}

func fixture() *fakeSource {
	return &fakeSource{sites: []civ.ServiceSite{
		site(civ.Hebei, "130102", civ.SiteCommunityCanteen, false, 60, civ.UnitSeats),     // 石家庄 长安区
		site(civ.Hebei, "130102", civ.SiteCommunityCanteen, true, 40, civ.UnitSeats),      // sample
		site(civ.Hebei, "130202", civ.SiteMealPoint, true, 300, civ.UnitMealsPerDay),      // 唐山
		site(civ.Hebei, "130000", civ.SiteCommunityCanteen, false, 0, ""),                 // region known only to the province
		site(civ.Shanghai, "310101", civ.SiteCommunityCanteen, false, 100, civ.UnitSeats), // 黄浦区
		site(civ.Jiangsu, "320102", civ.SiteMarriageRegistry, false, 0, ""),
	}, down: map[civ.ProvinceCode]bool{}, stale: map[civ.ProvinceCode]bool{}}
}

func newComparer(src *fakeSource) *compare.Comparer {
	return compare.New(src, regions.Default(), population.Default())
}

func rowOf(t *testing.T, res compare.Result, p civ.ProvinceCode, key, unit string) compare.Row {
	t.Helper()
	for _, r := range res.Rows {
		if r.Province == p && r.Key == key && r.Unit == unit {
			return r
		}
	}
	t.Fatalf("no row %s/%s/%s in %+v", p, key, unit, res.Rows)
	return compare.Row{}
}

func value(r compare.Row) float64 {
	if r.Value == nil {
		return -1
	}
	return *r.Value
}

func TestSiteCountByProvince(t *testing.T) {
	src := fixture()
	src.down[civ.Hubei] = true
	src.stale[civ.Shanghai] = true
	res, err := newComparer(src).Compare(context.Background(), compare.Request{Metric: compare.SiteCount, GroupBy: compare.ByProvince})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 4 {
		t.Fatalf("%d rows, want one per province: %+v", len(res.Rows), res.Rows)
	}
	hebei := rowOf(t, res, civ.Hebei, "130000", "")
	if value(hebei) != 4 || *hebei.SampleCount != 2 || *hebei.Rank != 1 || *hebei.Share != 4.0/6 {
		t.Errorf("Hebei: value %v samples %v rank %v share %v", value(hebei), *hebei.SampleCount, *hebei.Rank, *hebei.Share)
	}
	if hebei.Elderly == nil || hebei.PerTenThousandElderly == nil || *hebei.PerTenThousandElderly != 4*10000/float64(hebei.Elderly.Elderly) {
		t.Errorf("Hebei per 10,000 elderly: %+v %v", hebei.Elderly, hebei.PerTenThousandElderly)
	}
	hubei := rowOf(t, res, civ.Hubei, "420000", "")
	if hubei.Value != nil || hubei.State != compare.Failed || hubei.Err == nil || hubei.Err.Code != errcode.SourceUnavailable || hubei.Share != nil {
		t.Errorf("failed Hubei row: %+v", hubei)
	}
	if sh := rowOf(t, res, civ.Shanghai, "310000", ""); sh.State != compare.Stale || sh.Age == nil || *sh.Rank != 2 {
		t.Errorf("stale Shanghai row: %+v", sh)
	}
	if len(res.Excluded) != 1 || res.Excluded[0] != civ.Hubei {
		t.Errorf("excluded %v, want [HUBEI]", res.Excluded)
	}
	if len(res.Totals) != 1 || res.Totals[0].Value != 6 || len(res.Totals[0].Provinces) != 3 {
		t.Errorf("totals %+v", res.Totals)
	}
	// One value and one sample count per province, failed ones included.
	if res.SourceCalls != 8 || src.calls.Load() != 8 {
		t.Errorf("source calls: reported %d, made %d; want 8", res.SourceCalls, src.calls.Load())
	}
}

func TestRealRowsOnly(t *testing.T) {
	src := fixture()
	real := false
	res, err := newComparer(src).Compare(context.Background(), compare.Request{Metric: compare.SiteCount, GroupBy: compare.BySiteType,
		Provinces: []civ.ProvinceCode{civ.Hebei}, Filter: civ.Filter{Sample: &real, SiteTypes: []civ.SiteType{civ.SiteCommunityCanteen, civ.SiteMealPoint}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 2 || src.calls.Load() != 2 {
		t.Fatalf("%d rows after %d calls; want 2 and 2 (no sample counts when samples are excluded)", len(res.Rows), src.calls.Load())
	}
	if r := rowOf(t, res, civ.Hebei, "COMMUNITY_CANTEEN", ""); value(r) != 2 || *r.SampleCount != 0 {
		t.Errorf("real canteens: %v, samples %v", value(r), *r.SampleCount)
	}
	if r := rowOf(t, res, civ.Hebei, "MEAL_POINT", ""); value(r) != 0 {
		t.Errorf("real meal points: %v", value(r))
	}
}

func TestPrefecturesAndUnknownRegions(t *testing.T) {
	src := fixture()
	res, err := newComparer(src).Compare(context.Background(), compare.Request{Metric: compare.SiteCount, GroupBy: compare.ByPrefecture,
		Provinces: []civ.ProvinceCode{civ.Hebei, civ.Shanghai}})
	if err != nil {
		t.Fatal(err)
	}
	sjz := rowOf(t, res, civ.Hebei, "130100", "")
	if value(sjz) != 2 || sjz.Label != "石家庄市" || sjz.RegionUnknownExcluded == nil || *sjz.RegionUnknownExcluded != 1 {
		t.Errorf("石家庄: %+v", sjz)
	}
	if r := rowOf(t, res, civ.Shanghai, "310101", ""); value(r) != 1 || *r.RegionUnknownExcluded != 0 {
		t.Errorf("黄浦区 (Shanghai's districts are its direct divisions): %+v", r)
	}
	// Counties of one prefecture through a scope.
	res, err = newComparer(src).Compare(context.Background(), compare.Request{Metric: compare.SiteCount, GroupBy: compare.ByCounty, Scope: "130100"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Rows {
		if r.Province != civ.Hebei || r.Region == nil || r.Region.Level != civ.LevelCounty || r.Key[:4] != "1301" {
			t.Fatalf("row outside 石家庄's counties: %+v", r)
		}
	}
	if r := rowOf(t, res, civ.Hebei, "130102", ""); value(r) != 2 {
		t.Errorf("长安区: %v", value(r))
	}
}

func TestCapacityNeverSumsAcrossUnits(t *testing.T) {
	res, err := newComparer(fixture()).Compare(context.Background(), compare.Request{Metric: compare.Capacity, GroupBy: compare.ByProvince,
		Provinces: []civ.ProvinceCode{civ.Hebei, civ.Shanghai}})
	if err != nil {
		t.Fatal(err)
	}
	seats := rowOf(t, res, civ.Hebei, "130000", string(civ.UnitSeats))
	meals := rowOf(t, res, civ.Hebei, "130000", string(civ.UnitMealsPerDay))
	if value(seats) != 100 || *seats.SampleCount != 1 || value(meals) != 300 {
		t.Errorf("Hebei seats %v (samples %v), meals %v", value(seats), *seats.SampleCount, value(meals))
	}
	if *meals.Share != 1 || *seats.Share != 0.5 {
		t.Errorf("shares are within a unit: seats %v, meals %v", *seats.Share, *meals.Share)
	}
	if len(res.Totals) != 2 {
		t.Errorf("totals per unit: %+v", res.Totals)
	}
}

func TestTargetValueWithBaseline(t *testing.T) {
	src := &fakeSource{tasks: []civ.Task{{Province: civ.Shanghai, Domain: civ.DomainElderlyMeals, Due: civ.FuzzyDate{Precision: civ.PrecisionUnknown},
		Targets: []civ.Target{
			{Metric: "社区长者食堂数量", MetricEn: "community elderly canteens", Value: 400, Unit: "家", Baseline: &civ.Baseline{Value: 350, Unit: "家"}},
			{Metric: "老年助餐点", MetricEn: "meal points", Value: 2000, Unit: "个"},
		}}}}
	res, err := newComparer(src).Compare(context.Background(), compare.Request{Metric: compare.TargetValue, GroupBy: compare.ByProvince,
		Provinces: []civ.ProvinceCode{civ.Shanghai}, Filter: civ.Filter{TargetMetric: "canteen"}})
	if err != nil {
		t.Fatal(err)
	}
	r := rowOf(t, res, civ.Shanghai, "310000", "家")
	if value(r) != 400 || r.Baseline == nil || *r.Baseline != 350 || *r.Change != 50 || len(res.Rows) != 1 {
		t.Errorf("canteen target: %+v (%d rows)", r, len(res.Rows))
	}
	if r.PerTenThousandElderly != nil {
		t.Error("a target value has no per-resident figure")
	}
}

func TestMonthsCountUndated(t *testing.T) {
	day := func(m time.Month, d int) civ.FuzzyDate {
		return civ.FuzzyDate{Date: time.Date(2024, m, d, 0, 0, 0, 0, time.UTC), Precision: civ.PrecisionDay}
	}
	src := &fakeSource{meetings: []civ.Meeting{
		{Province: civ.Hebei, Date: civ.FuzzyDate{Precision: civ.PrecisionUnknown, Text: "日前"}},
		{Province: civ.Hubei, Date: day(3, 20)},
		{Province: civ.Hubei, Date: civ.FuzzyDate{Date: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Precision: civ.PrecisionYear}},
	}}
	res, err := newComparer(src).Compare(context.Background(), compare.Request{Metric: compare.MeetingCount, GroupBy: compare.ByMonth,
		Provinces: []civ.ProvinceCode{civ.Hebei, civ.Hubei}, Filter: civ.Filter{From: time.Date(2024, 2, 10, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 4 {
		t.Fatalf("%d rows, want 2 months × 2 provinces", len(res.Rows))
	}
	if r := rowOf(t, res, civ.Hebei, "2024-03", ""); value(r) != 0 || *r.UndatedExcluded != 1 {
		t.Errorf("Hebei March: %v, undated %v", value(r), *r.UndatedExcluded)
	}
	// A year-precision date overlaps every month of its year.
	if r := rowOf(t, res, civ.Hubei, "2024-03", ""); value(r) != 2 {
		t.Errorf("Hubei March: %v", value(r))
	}
	if r := rowOf(t, res, civ.Hubei, "2024-02", ""); value(r) != 1 {
		t.Errorf("Hubei February: %v", value(r))
	}
	if r := res.Rows[0]; r.PerTenThousandElderly != nil || r.Elderly != nil {
		t.Error("meeting counts carry no population figure")
	}
}

func TestRefusedBeforeAnyCall(t *testing.T) {
	from, to := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for name, tc := range map[string]struct {
		req  compare.Request
		want error
	}{
		"tasks by county":     {compare.Request{Metric: compare.TaskCount, GroupBy: compare.ByCounty}, federation.ErrInvalidInput},
		"sites by month":      {compare.Request{Metric: compare.SiteCount, GroupBy: compare.ByMonth}, federation.ErrInvalidInput},
		"month without range": {compare.Request{Metric: compare.MeetingCount, GroupBy: compare.ByMonth}, federation.ErrInvalidInput},
		"49 months":           {compare.Request{Metric: compare.MeetingCount, GroupBy: compare.ByMonth, Filter: civ.Filter{From: from, To: to}}, compare.ErrTooLarge},
		"every county":        {compare.Request{Metric: compare.SiteCount, GroupBy: compare.ByCounty}, compare.ErrTooLarge},
		"single-value field":  {compare.Request{Metric: compare.SiteCount, GroupBy: compare.ByProvince, Filter: civ.Filter{SiteType: civ.SiteCemetery}}, federation.ErrInvalidInput},
		"unknown scope":       {compare.Request{Metric: compare.SiteCount, GroupBy: compare.ByProvince, Scope: "999999"}, federation.ErrInvalidInput},
		"unknown metric":      {compare.Request{Metric: "POPULATION", GroupBy: compare.ByProvince}, federation.ErrInvalidInput},
		"long keyword":        {compare.Request{Metric: compare.SiteCount, GroupBy: compare.ByProvince, Filter: civ.Filter{Keyword: strings.Repeat("食", 101)}}, federation.ErrInvalidInput},
		"long region code":    {compare.Request{Metric: compare.SiteCount, GroupBy: compare.ByProvince, Filter: civ.Filter{RegionCodes: []string{strings.Repeat("1", 13)}}}, federation.ErrInvalidInput},
	} {
		t.Run(name, func(t *testing.T) {
			src := fixture()
			_, err := newComparer(src).Compare(context.Background(), tc.req)
			if !errors.Is(err, tc.want) {
				t.Errorf("error %v, want %v", err, tc.want)
			}
			if n := src.calls.Load(); n != 0 {
				t.Errorf("%d source calls before refusing", n)
			}
		})
	}
}

func TestConcurrencyIsBounded(t *testing.T) {
	src := fixture()
	if _, err := newComparer(src).Compare(context.Background(), compare.Request{Metric: compare.SiteCount, GroupBy: compare.ByPrefecture}); err != nil {
		t.Fatal(err)
	}
	if peak := src.peak.Load(); peak > compare.Concurrency || src.calls.Load() < 100 {
		t.Errorf("%d calls, at most %d at once; want over 100 calls and at most %d at once", src.calls.Load(), peak, compare.Concurrency)
	}
}

// The estimate the query limits rely on is the calls a count comparison
// makes, province by province.
func TestEstimateCallsIsExactForCounts(t *testing.T) {
	from, to := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
	for _, req := range []compare.Request{
		{Metric: compare.SiteCount, GroupBy: compare.ByProvince},
		{Metric: compare.SiteCount, GroupBy: compare.ByPrefecture, Filter: civ.Filter{From: from, To: to}},
		{Metric: compare.SiteCount, GroupBy: compare.ByCounty, Scope: "130100"},
		{Metric: compare.SiteCount, GroupBy: compare.BySiteType, Provinces: []civ.ProvinceCode{civ.Jiangsu}, Filter: civ.Filter{Domains: []civ.Domain{civ.DomainElderlyMeals}}},
		{Metric: compare.MeetingCount, GroupBy: compare.ByMonth, Filter: civ.Filter{From: from, To: to}},
		{Metric: compare.TaskCount, GroupBy: compare.ByDomain, Provinces: []civ.ProvinceCode{civ.Hubei}},
	} {
		src := fixture()
		if _, err := newComparer(src).Compare(context.Background(), req); err != nil {
			t.Fatal(err)
		}
		est := compare.EstimateCalls(regions.Default(), civ.AllProvinces, req)
		sum := 0
		for _, n := range est {
			sum += n
		}
		if int64(sum) != src.calls.Load() {
			t.Errorf("%+v: estimated %d calls (%v), made %d", req, sum, est, src.calls.Load())
		}
	}
	if est := compare.EstimateCalls(regions.Default(), civ.AllProvinces, compare.Request{Metric: compare.Capacity, GroupBy: compare.ByCounty, Provinces: []civ.ProvinceCode{civ.Hebei}}); est[civ.Hebei] != compare.MaxRowsRead/100 {
		t.Errorf("a bounded read is estimated at its most pages: %v", est)
	}
	if est := compare.EstimateCalls(regions.Default(), civ.AllProvinces, compare.Request{Metric: compare.TaskCount, GroupBy: compare.ByCounty}); len(est) != 0 {
		t.Errorf("a refused comparison costs nothing: %v", est)
	}
}
