package gateway_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// realSitesFromCSV counts the real service-site rows of the dataset's CSV
// files per province code and collects their IDs and site-type wording,
// reading the files directly rather than through the dataset package, so
// the sample filter is checked against an independent count.
func realSitesFromCSV(t *testing.T) (perProvince map[string]int, typeText map[string]string) {
	t.Helper()
	files, _ := filepath.Glob("../internal/sampleapi/dataset/data/service_sites_*.csv")
	if len(files) == 0 {
		t.Fatal("no service-site CSV files found")
	}
	perProvince, typeText = map[string]int{}, map[string]string{}
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		col := map[string]int{}
		for i, name := range rows[0] {
			col[name] = i
		}
		for _, r := range rows[1:] {
			perProvince[r[col["province_code"]]]++
			typeText[r[col["site_id"]]] = r[col["site_type"]]
		}
	}
	return perProvince, typeText
}

// TestSampleFilterCountsRealRows proves that with samples excluded the
// embedded default's counts are the dataset's real rows: per province
// every real row and nothing else, and the canteens among them are real
// canteen rows.
func TestSampleFilterCountsRealRows(t *testing.T) {
	srv := startGateway(t, nil)
	perProvince, typeText := realSitesFromCSV(t)
	provinces := map[string]string{"HEBEI": "130000", "HUBEI": "420000", "JIANGSU": "320000", "SHANGHAI": "310000"}
	for province, code := range provinces {
		t.Run(province, func(t *testing.T) {
			query := fmt.Sprintf(`{
  real: serviceSites(filter: { provinces: [%[1]s], sample: false }) { totalCount }
  canteens: serviceSites(filter: { provinces: [%[1]s], siteType: COMMUNITY_CANTEEN }) { totalCount }
  realCanteens: serviceSites(filter: { provinces: [%[1]s], siteType: COMMUNITY_CANTEEN, sample: false }, first: 100) {
    totalCount edges { node { id sample typeText } }
  }
  sampleCanteens: serviceSites(filter: { provinces: [%[1]s], siteType: COMMUNITY_CANTEEN, sample: true }, first: 1) {
    totalCount edges { node { sample } }
  }
}`, province)
			resp := post(t, srv.URL, query, nil)
			if len(resp.Errors) > 0 {
				t.Fatalf("errors: %v", resp.Errors)
			}
			type node struct {
				ID       string `json:"id"`
				Sample   bool   `json:"sample"`
				TypeText string `json:"typeText"`
			}
			type conn struct {
				TotalCount int                   `json:"totalCount"`
				Edges      []struct{ Node node } `json:"edges"`
			}
			var data struct{ Real, Canteens, RealCanteens, SampleCanteens conn }
			if err := json.Unmarshal(resp.Data, &data); err != nil {
				t.Fatal(err)
			}
			if data.Real.TotalCount != perProvince[code] {
				t.Errorf("real sites: %d, the CSV files hold %d", data.Real.TotalCount, perProvince[code])
			}
			if data.RealCanteens.TotalCount+data.SampleCanteens.TotalCount != data.Canteens.TotalCount {
				t.Errorf("real canteens %d + sample canteens %d != all canteens %d",
					data.RealCanteens.TotalCount, data.SampleCanteens.TotalCount, data.Canteens.TotalCount)
			}
			if data.SampleCanteens.TotalCount == 0 || !data.SampleCanteens.Edges[0].Node.Sample {
				t.Errorf("sample: true found no sample canteen: %+v", data.SampleCanteens)
			}
			if len(data.RealCanteens.Edges) != data.RealCanteens.TotalCount {
				t.Fatalf("real canteens: %d edges of %d", len(data.RealCanteens.Edges), data.RealCanteens.TotalCount)
			}
			wordings := map[string]bool{}
			for _, w := range typeText {
				wordings[w] = true
			}
			for _, e := range data.RealCanteens.Edges {
				if e.Node.Sample {
					t.Errorf("sample: false returned a sample row")
				}
				if !wordings[e.Node.TypeText] || !strings.Contains(e.Node.TypeText, "食") && !strings.Contains(e.Node.TypeText, "餐") {
					t.Errorf("real canteen with wording %q, not a canteen wording of the CSV files", e.Node.TypeText)
				}
			}
		})
	}
}

// sampleCount costs one total-only request per province, and only when it
// is asked for: none when the filter already fixes the sample flag.
func TestSampleCountCostsOneRequestPerProvinceWhenAsked(t *testing.T) {
	url, upstream := startCounted(t, nil)
	ask := func(selection, filter string) (map[string]int, int64) {
		t.Helper()
		before := upstream.Load()
		status, body := exchange(t, url, "application/json", map[string]any{
			"query": `{ serviceSites(filter: {` + filter + `}, first: 1) { ` + selection + ` } }`})
		if status != http.StatusOK || body["errors"] != nil {
			t.Fatalf("status %d, errors %s", status, body["errors"])
		}
		var data struct{ ServiceSites map[string]int }
		if err := json.Unmarshal(body["data"], &data); err != nil {
			t.Fatal(err)
		}
		return data.ServiceSites, upstream.Load() - before
	}
	ask("totalCount", `keyword: "中心"`) // loads Jiangsu's bulk snapshot, which later lists reuse
	_, plain := ask("totalCount", `keyword: "街道"`)
	got, counted := ask("totalCount sampleCount", `keyword: "道"`)
	t.Logf("upstream requests: %d without sampleCount, %d with it", plain, counted)
	// Hebei, Hubei and Shanghai answer a count request; Jiangsu's sites
	// are counted from its bulk snapshot, at most one conditional GET.
	if extra := counted - plain; extra < 3 || extra > 4 {
		t.Errorf("sampleCount made %d extra upstream requests, want one per province (3 or 4)", extra)
	}
	samples, _ := ask("totalCount", `keyword: "道", sample: true`)
	if got["sampleCount"] != samples["totalCount"] || got["sampleCount"] == 0 || got["sampleCount"] >= got["totalCount"] {
		t.Errorf("sampleCount %d of %d, but sample: true counts %d", got["sampleCount"], got["totalCount"], samples["totalCount"])
	}
	_, plainReal := ask("totalCount", `keyword: "区", sample: false`)
	real, countedReal := ask("totalCount sampleCount", `keyword: "路", sample: false`)
	if countedReal != plainReal || real["sampleCount"] != 0 {
		t.Errorf("with sample: false, sampleCount %d made %d requests against %d without it; want 0 and none extra",
			real["sampleCount"], countedReal, plainReal)
	}
}

// A multi-value filter field over civ.MaxFilterValues is refused as bad
// input before any upstream is asked.
func TestMultiValueFilterBound(t *testing.T) {
	url, upstream := startCounted(t, nil)
	codes := make([]string, 101)
	for i := range codes {
		codes[i] = fmt.Sprintf("%d", 310000+i)
	}
	before := upstream.Load()
	status, body := exchange(t, url, "application/json", map[string]any{
		"query":     `query($codes: [String!]) { serviceSites(filter: {regionCodes: $codes}) { totalCount } }`,
		"variables": map[string]any{"codes": codes}})
	ext := firstErrorExtensions(t, body)
	if status != http.StatusOK || ext["code"] != "BAD_USER_INPUT" {
		t.Fatalf("101 region codes: status %d, extensions %v; want BAD_USER_INPUT", status, ext)
	}
	if n := upstream.Load() - before; n != 0 {
		t.Errorf("101 region codes made %d upstream requests", n)
	}
	status, body = exchange(t, url, "application/json", map[string]any{
		"query":     `query($codes: [String!]) { serviceSites(filter: {regionCodes: $codes}) { totalCount } }`,
		"variables": map[string]any{"codes": codes[:100]}})
	if status != http.StatusOK || body["errors"] != nil {
		t.Fatalf("100 region codes: status %d, errors %s", status, body["errors"])
	}
}

// undatedExcluded costs one total-only request per province only when it
// is asked for with a date range; without a range it is 0 and free.
func TestUndatedExcludedCostsRequestsOnlyWhenAsked(t *testing.T) {
	url, upstream := startCounted(t, nil)
	ask := func(query string) (json.RawMessage, int64) {
		t.Helper()
		before := upstream.Load()
		status, body := exchange(t, url, "application/json", map[string]any{"query": query})
		if status != http.StatusOK || body["errors"] != nil {
			t.Fatalf("status %d, errors %s", status, body["errors"])
		}
		return body["data"], upstream.Load() - before
	}
	_, plain := ask(`{ meetings(filter: {from: "2024-03-01", to: "2024-03-31", keyword: "会"}) { totalCount } }`)
	data, counted := ask(`{ meetings(filter: {from: "2024-03-01", to: "2024-03-31", keyword: "议"}) { totalCount undatedExcluded } }`)
	if extra := counted - plain; extra != 4 {
		t.Errorf("undatedExcluded made %d extra upstream requests, want one per province (4)", extra)
	}
	if !strings.Contains(string(data), `"undatedExcluded":1`) {
		t.Errorf("March 2024 leaves out Hebei's undated meeting, yet: %s", data)
	}
	_, noRange := ask(`{ meetings(filter: {keyword: "工作"}) { totalCount } }`)
	_, noRangeCounted := ask(`{ meetings(filter: {keyword: "作"}) { totalCount undatedExcluded } }`)
	if noRangeCounted != noRange {
		t.Errorf("without a date range undatedExcluded made %d requests against %d", noRangeCounted, noRange)
	}
}
