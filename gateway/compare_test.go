package gateway_test

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/internal/sampleapi"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	"github.com/civgraph/civgraph/internal/sampleapi/faults"
)

// comparisonAnswer is the part of a Comparison these tests read.
type comparisonAnswer struct {
	Sample            *bool
	SourceCalls       int
	RowsRead          int
	ExcludedProvinces []string
	Totals            []struct {
		Unit      *string
		Value     float64
		Provinces []string
	}
	Rows []struct {
		Province    struct{ Code string }
		Key         string
		Value       *float64
		Share       *float64
		SampleCount *int
		State       string
		ErrorCode   *string
	}
}

const comparisonFields = `sample sourceCalls rowsRead excludedProvinces totals { unit value provinces }
  rows { province { code } key value share sampleCount state errorCode }`

// startSampleGateway runs the gateway over sample upstreams serving ds
// behind a fault injector (which also counts each upstream's requests),
// with one quick retry so that an injected outage fails fast.
func startSampleGateway(t testing.TB, ds *dataset.Dataset, mutate ...func(*config.Config)) (string, *faults.Injector) {
	t.Helper()
	in := sampleapi.NewInjector(1)
	up := httptest.NewServer(sampleapi.NewHandler(ds, sampleapi.WithFaults(in, "")))
	t.Cleanup(up.Close)
	srv := startGateway(t, func(c *config.Config) {
		for _, p := range civ.AllProvinces {
			pointAtSamples(t, c, p, up.URL)
		}
		for _, s := range []*config.SourceConfig{&c.Sources.Hebei.SourceConfig, &c.Sources.Hubei.SourceConfig, &c.Sources.Jiangsu.SourceConfig, &c.Sources.Shanghai.SourceConfig} {
			s.RetryMax, s.RetryWaitMin, s.RetryWaitMax = 1, time.Millisecond, time.Millisecond
		}
		for _, m := range mutate {
			m(c)
		}
	})
	return srv.URL, in
}

// comparisons posts query and decodes each aliased comparison it asks for
// (found at the given paths of data, e.g. "a" or "region.stats").
func comparisons(t *testing.T, url, query string, paths ...string) (map[string]comparisonAnswer, []map[string]any) {
	t.Helper()
	resp := post(t, url, query, nil)
	var data map[string]any
	if err := json.Unmarshal(resp.Data, &data); err != nil {
		t.Fatalf("data %s: %v", resp.Data, err)
	}
	out := map[string]comparisonAnswer{}
	for _, path := range paths {
		var v any = data
		for _, key := range strings.Split(path, ".") {
			m, _ := v.(map[string]any)
			v = m[key]
		}
		raw, _ := json.Marshal(v)
		var c comparisonAnswer
		if err := json.Unmarshal(raw, &c); err != nil || v == nil {
			t.Fatalf("%s: %s (errors %v)", path, raw, resp.Errors)
		}
		out[path] = c
	}
	return out, resp.Errors
}

// within reports whether a division code lies in region: the region's
// code with its trailing "00" pairs cut off is a prefix of it. Written
// here, apart from civ.Filter, so the gateway is checked against an
// independent rule.
func within(code, region string) bool {
	prefix := region
	for len(prefix) > 2 && strings.HasSuffix(prefix, "00") {
		prefix = prefix[:len(prefix)-2]
	}
	return code != "" && strings.HasPrefix(code, prefix)
}

// expected counts the dataset's service sites of province p within region
// ("" for the whole province) that keep passes, and how many of them are
// samples.
func expected(ds *dataset.Dataset, p civ.ProvinceCode, region string, keep func(civ.ServiceSite) bool) (n, samples int) {
	for _, s := range ds.Province(p).ServiceSites {
		if (region == "" || within(s.RegionCode, region)) && (keep == nil || keep(s)) {
			n++
			if s.Sample {
				samples++
			}
		}
	}
	return n, samples
}

func checkRows(t *testing.T, name string, c comparisonAnswer, ds *dataset.Dataset, whole bool, keep func(civ.ServiceSite) bool) {
	t.Helper()
	if len(c.Rows) == 0 {
		t.Fatalf("%s: no rows", name)
	}
	for _, r := range c.Rows {
		region := r.Key
		if whole {
			region = ""
		}
		n, samples := expected(ds, civ.ProvinceCode(r.Province.Code), region, keep)
		if r.Value == nil || int(*r.Value) != n || r.SampleCount == nil {
			t.Errorf("%s %s %s: value %v, the dataset holds %d", name, r.Province.Code, r.Key, r.Value, n)
			continue
		}
		if *r.SampleCount != samples {
			t.Errorf("%s %s %s: sampleCount %d, the dataset holds %d samples (sample filter %v)", name, r.Province.Code, r.Key, *r.SampleCount, samples, c.Sample)
		}
		if r.State != "FRESH" {
			t.Errorf("%s %s %s: state %s", name, r.Province.Code, r.Key, r.State)
		}
	}
}

// Comparisons and stats at province, prefecture and county level count
// what the sample dataset holds, counted here without the gateway.
func TestComparisonCountsMatchTheDataset(t *testing.T) {
	ds, err := dataset.Load(dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	url, _ := startSampleGateway(t, ds)
	// Three queries, each within the default limit of upstream calls a
	// province.
	got := map[string]comparisonAnswer{}
	for _, q := range []struct {
		query string
		paths []string
	}{
		{`{
  provinces: compare(metric: SITE_COUNT, filter: { sample: null }) { ` + comparisonFields + ` }
  prefectures: compare(metric: SITE_COUNT, groupBy: PREFECTURE, filter: { sample: null }) { ` + comparisonFields + ` }
  region(code: "130100") { stats(metric: SITE_COUNT, groupBy: COUNTY, filter: { sample: null }) { ` + comparisonFields + ` } }
  province(code: SHANGHAI) { stats(metric: SITE_COUNT, groupBy: COUNTY, filter: { sample: true }) { ` + comparisonFields + ` } }
}`, []string{"provinces", "prefectures", "region.stats", "province.stats"}},
		{`{ canteensByPrefecture: compare(metric: SITE_COUNT, groupBy: PREFECTURE, provinces: [HEBEI, HUBEI], filter: { siteTypes: [COMMUNITY_CANTEEN], sample: null }) { ` + comparisonFields + ` } }`,
			[]string{"canteensByPrefecture"}},
		{`{ hubeiCounties: compare(metric: SITE_COUNT, groupBy: COUNTY, provinces: [HUBEI]) { ` + comparisonFields + ` } }`, []string{"hubeiCounties"}},
	} {
		answers, errs := comparisons(t, url, q.query, q.paths...)
		if len(errs) > 0 {
			t.Fatalf("errors: %v", errs)
		}
		for k, v := range answers {
			got[k] = v
		}
	}
	canteens := func(s civ.ServiceSite) bool { return s.Type == civ.SiteCommunityCanteen }
	real := func(s civ.ServiceSite) bool { return !s.Sample }
	samples := func(s civ.ServiceSite) bool { return s.Sample }
	checkRows(t, "provinces", got["provinces"], ds, true, nil)
	checkRows(t, "prefectures", got["prefectures"], ds, false, nil)
	checkRows(t, "canteensByPrefecture", got["canteensByPrefecture"], ds, false, canteens)
	checkRows(t, "hubeiCounties", got["hubeiCounties"], ds, false, real)
	checkRows(t, "region.stats", got["region.stats"], ds, false, nil)
	checkRows(t, "province.stats", got["province.stats"], ds, false, samples)
	if n := len(got["prefectures"].Rows); n != 57 {
		t.Errorf("%d prefecture rows, want 57 (11 + 16 + 13 + 17 direct divisions)", n)
	}
	if n := len(got["hubeiCounties"].Rows); n != 103 {
		t.Errorf("%d Hubei county rows, want 103", n)
	}
}

// With samples excluded (the default), the embedded default's canteen
// counts are the dataset's real canteen rows.
func TestComparisonDefaultCountsRealCanteens(t *testing.T) {
	srv := startGateway(t, nil)
	ds, err := dataset.Load(dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, errs := comparisons(t, srv.URL, `{ c: compare(metric: SITE_COUNT, filter: { siteTypes: [COMMUNITY_CANTEEN] }) { `+comparisonFields+` } }`, "c")
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	c := got["c"]
	if c.Sample == nil || *c.Sample {
		t.Fatalf("the default counted sample rows: sample = %v", c.Sample)
	}
	sum := 0
	for _, r := range c.Rows {
		n, _ := expected(ds, civ.ProvinceCode(r.Province.Code), "", func(s civ.ServiceSite) bool { return !s.Sample && s.Type == civ.SiteCommunityCanteen })
		if r.Value == nil || int(*r.Value) != n || *r.SampleCount != 0 {
			t.Errorf("%s: %v canteens (%v samples), the dataset has %d real ones", r.Province.Code, r.Value, r.SampleCount, n)
		}
		sum += n
	}
	if len(c.Rows) != 4 || len(c.Totals) != 1 || int(c.Totals[0].Value) != sum || sum == 0 {
		t.Errorf("rows %d, totals %+v, want 4 rows and a total of %d", len(c.Rows), c.Totals, sum)
	}
}

// With one province down, its row is present, has no value and carries
// its code; the others are whole, and the shares say they leave it out.
func TestComparisonWithOneProvinceDown(t *testing.T) {
	ds, err := dataset.Load(dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	url, in := startSampleGateway(t, ds)
	if err := in.Set(sampleapi.Name(civ.Hubei), faults.Profile{Outage: true}); err != nil {
		t.Fatal(err)
	}
	got, errs := comparisons(t, url, `{ c: compare(metric: SITE_COUNT, filter: { sample: null }) { `+comparisonFields+` } }`, "c")
	c := got["c"]
	if len(c.Rows) != 4 {
		t.Fatalf("%d rows, want one per province, the failed one included", len(c.Rows))
	}
	shares := 0.0
	for _, r := range c.Rows {
		if r.Province.Code == string(civ.Hubei) {
			if r.Value != nil || r.Share != nil || r.State != "FAILED" || r.ErrorCode == nil || *r.ErrorCode != "SOURCE_UNAVAILABLE" {
				t.Errorf("Hubei's row: value %v share %v state %s code %v; want null, null, FAILED, SOURCE_UNAVAILABLE", r.Value, r.Share, r.State, r.ErrorCode)
			}
			continue
		}
		n, _ := expected(ds, civ.ProvinceCode(r.Province.Code), "", nil)
		if r.Value == nil || int(*r.Value) != n || r.State != "FRESH" {
			t.Errorf("%s: value %v state %s, want %d FRESH", r.Province.Code, r.Value, r.State, n)
		}
		shares += *r.Share
	}
	if len(c.ExcludedProvinces) != 1 || c.ExcludedProvinces[0] != string(civ.Hubei) {
		t.Errorf("excludedProvinces %v, want [HUBEI]", c.ExcludedProvinces)
	}
	if len(c.Totals) != 1 || strings.Contains(strings.Join(c.Totals[0].Provinces, ","), "HUBEI") || len(c.Totals[0].Provinces) != 3 {
		t.Errorf("totals %+v, want the three provinces that answered", c.Totals)
	}
	if shares < 0.999999 || shares > 1.000001 {
		t.Errorf("the others' shares add up to %v, want 1", shares)
	}
	if len(errs) != 1 || errs[0]["extensions"].(map[string]any)["province"] != "HUBEI" {
		t.Errorf("errors %v, want Hubei's once", errs)
	}
}

// prefectureCost runs a per-prefecture comparison of the API-backed
// provinces over a dataset of n sample sites a province and returns what
// it cost: upstream requests per province (the injector's counters) and
// the comparison's own source calls and rows read.
func prefectureCost(t *testing.T, n int, mutate ...func(*config.Config)) (map[string]int64, int, int) {
	t.Helper()
	ds, err := dataset.Load(dataset.Options{SampleSitesPerProvince: n})
	if err != nil {
		t.Fatal(err)
	}
	url, in := startSampleGateway(t, ds, mutate...)
	in.ResetCounters()
	got, errs := comparisons(t, url, `{ c: compare(metric: SITE_COUNT, groupBy: PREFECTURE, provinces: [HEBEI, HUBEI, SHANGHAI], filter: { sample: null }) { `+comparisonFields+` } }`, "c")
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	requests := map[string]int64{}
	for name, c := range in.Counters() {
		if c.Requests > 0 {
			requests[name] = c.Requests
		}
	}
	total := 0.0
	for _, r := range got["c"].Rows {
		total += *r.Value
	}
	if int(total) < 3*n {
		t.Fatalf("the comparison counted %v sites of at least %d", total, 3*n)
	}
	return requests, got["c"].SourceCalls, got["c"].RowsRead
}

// A per-prefecture comparison costs the same upstream requests and rows
// whatever the number of sites: one total-only request per province and
// group, and one for its sample rows, plus one for the province's whole.
func TestPrefectureComparisonCostDoesNotGrowWithSites(t *testing.T) {
	small, smallCalls, smallRows := prefectureCost(t, 250)
	large, largeCalls, largeRows := prefectureCost(t, 10_000, patientDeadlines)
	t.Logf("250 sites a province: %v upstream requests, %d source calls, %d rows read", small, smallCalls, smallRows)
	t.Logf("10,000 sites a province: %v upstream requests, %d source calls, %d rows read", large, largeCalls, largeRows)
	assertSameCost(t, small, large, smallCalls, largeCalls, smallRows, largeRows)
	// Hebei 11 prefectures, Hubei 17 direct divisions, Shanghai 16 districts.
	for name, groups := range map[string]int64{"hebei": 11, "hubei": 17, "shanghai": 16} {
		if want := 2*groups + 1; large[name] != want {
			t.Errorf("%s: %d upstream requests, want %d (two per group and one for the whole)", name, large[name], want)
		}
	}
}

// patientDeadlines lets slow sample upstreams answer: they filter every
// row of a large dataset for each count request (their cost, not the
// gateway's), slower still under the race detector.
func patientDeadlines(c *config.Config) {
	c.GraphQL.Timeout, c.GraphQL.SourceDeadline, c.HTTP.WriteTimeout, c.Cache.LoadTimeout = 10*time.Minute, 10*time.Minute, 11*time.Minute, 10*time.Minute
	for _, s := range []*config.SourceConfig{&c.Sources.Hebei.SourceConfig, &c.Sources.Hubei.SourceConfig, &c.Sources.Shanghai.SourceConfig} {
		s.Timeout = 10 * time.Minute
	}
}

func assertSameCost(t *testing.T, a, b map[string]int64, aCalls, bCalls, aRows, bRows int) {
	t.Helper()
	if fmt.Sprint(a) != fmt.Sprint(b) || aCalls != bCalls || aRows != bRows || aRows != 0 {
		t.Errorf("cost grew with the sites: requests %v → %v, source calls %d → %d, rows read %d → %d (want equal, no rows)",
			a, b, aCalls, bCalls, aRows, bRows)
	}
}

// A comparison over more groups than the upstream-call limit allows is
// refused before any upstream is asked.
func TestComparisonOverTheCallLimitIsRefusedBeforeRunning(t *testing.T) {
	ds, err := dataset.Load(dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	url, in := startSampleGateway(t, ds)
	in.ResetCounters()
	// Every county of Hebei: 167 total-only calls and one for the whole.
	status, body := exchange(t, url, "application/json", map[string]any{
		"query": `{ compare(metric: SITE_COUNT, groupBy: COUNTY, provinces: [HEBEI]) { rows { key value } } }`})
	ext := firstErrorExtensions(t, body)
	if status != 200 || ext["code"] != "TOO_MANY_UPSTREAM_CALLS" || ext["province"] != "HEBEI" || ext["upstreamCalls"] != float64(168) {
		t.Errorf("status %d, extensions %v; want TOO_MANY_UPSTREAM_CALLS for HEBEI at 168 calls", status, ext)
	}
	for name, c := range in.Counters() {
		if c.Requests != 0 {
			t.Errorf("%s got %d requests from a refused query", name, c.Requests)
		}
	}
}

// A province whose upstream fails after its answers were cached keeps its
// rows, served stale: state STALE with the data's age, the same values.
func TestComparisonServesStaleRowsWithTheirAge(t *testing.T) {
	ds, err := dataset.Load(dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	url, in := startSampleGateway(t, ds, func(c *config.Config) {
		c.Sources.Hubei.CacheTTL = 20 * time.Millisecond
	})
	query := `{ c: compare(metric: SITE_COUNT, groupBy: SITE_TYPE, provinces: [HUBEI]) {
  excludedProvinces rows { key value state errorCode dataAge { ageSeconds stale } } } }`
	type answer struct {
		C struct {
			ExcludedProvinces []string
			Rows              []struct {
				Key     string
				Value   *float64
				State   string
				DataAge *struct {
					AgeSeconds int
					Stale      bool
				}
			}
		}
	}
	var fresh, stale answer
	if resp := post(t, url, query, nil); len(resp.Errors) > 0 || json.Unmarshal(resp.Data, &fresh) != nil {
		t.Fatalf("healthy: %v", resp.Errors)
	}
	if err := in.Set(sampleapi.Name(civ.Hubei), faults.Profile{Outage: true}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(40 * time.Millisecond) // past the cache TTL: Hubei is asked again, and fails
	if resp := post(t, url, query, nil); json.Unmarshal(resp.Data, &stale) != nil {
		t.Fatalf("during the outage: %v", resp.Errors)
	}
	if len(stale.C.Rows) != len(fresh.C.Rows) || len(stale.C.Rows) != len(civ.AllSiteTypes) || len(stale.C.ExcludedProvinces) != 0 {
		t.Fatalf("rows %d (fresh %d), excluded %v", len(stale.C.Rows), len(fresh.C.Rows), stale.C.ExcludedProvinces)
	}
	for i, r := range stale.C.Rows {
		f := fresh.C.Rows[i]
		if f.State != "FRESH" || f.DataAge == nil || f.DataAge.Stale {
			t.Errorf("%s before the outage: %s %+v", f.Key, f.State, f.DataAge)
		}
		if r.State != "STALE" || r.DataAge == nil || !r.DataAge.Stale || r.Value == nil || *r.Value != *f.Value {
			t.Errorf("%s during the outage: state %s age %+v value %v; want STALE with its age and the cached %v", r.Key, r.State, r.DataAge, r.Value, *f.Value)
		}
	}
}

// Capacity per district and unit is the sum the dataset holds, counted
// here without the gateway; units are never added together.
func TestComparisonCapacityMatchesTheDataset(t *testing.T) {
	ds, err := dataset.Load(dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	url, _ := startSampleGateway(t, ds)
	resp := post(t, url, `{ province(code: SHANGHAI) { stats(metric: CAPACITY, groupBy: COUNTY, filter: { sample: null }) {
  rowsRead rows { key unit value sampleCount } } } }`, nil)
	var got struct {
		Province struct {
			Stats struct {
				RowsRead int
				Rows     []struct {
					Key         string
					Unit        *string
					Value       float64
					SampleCount int
				}
			}
		}
	}
	if len(resp.Errors) > 0 || json.Unmarshal(resp.Data, &got) != nil {
		t.Fatalf("errors %v", resp.Errors)
	}
	type key struct{ region, unit string }
	want, samples := map[key]int{}, map[key]int{}
	for _, s := range ds.Province(civ.Shanghai).ServiceSites {
		if s.Capacity == nil || s.CapacityUnit == "" || len(s.RegionCode) < 6 {
			continue
		}
		k := key{s.RegionCode[:6], string(s.CapacityUnit)}
		want[k] += *s.Capacity
		if s.Sample {
			samples[k]++
		}
	}
	seen := 0
	for _, r := range got.Province.Stats.Rows {
		if r.Unit == nil {
			if r.Value != 0 {
				t.Errorf("%s: %v without a unit", r.Key, r.Value)
			}
			continue
		}
		k := key{r.Key, *r.Unit}
		seen++
		if int(r.Value) != want[k] || r.SampleCount != samples[k] {
			t.Errorf("%s %s: %v (%d samples), the dataset sums %d (%d samples)", r.Key, *r.Unit, r.Value, r.SampleCount, want[k], samples[k])
		}
	}
	if seen != len(want) || got.Province.Stats.RowsRead < len(ds.Province(civ.Shanghai).ServiceSites) {
		t.Errorf("%d unit rows for %d district-unit sums; %d rows read of %d sites", seen, len(want), got.Province.Stats.RowsRead, len(ds.Province(civ.Shanghai).ServiceSites))
	}
}
