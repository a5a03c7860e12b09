package gateway_test

import (
	"strings"
	"testing"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/federation"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
)

const provinceSitesQuery = `query($p: ProvinceCode!, $after: String) {
  serviceSites(filter: { provinces: [$p] }, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      id sample source typeText phone openingHours
      location { lat lng }
      capacityInfo { value approximate text }
      provenance { kind factDate { text } confidence notes facts }
    } }
  }
}`

type siteNode struct {
	ID           string
	Sample       bool
	Source       *string
	TypeText     *string
	Phone        *string
	OpeningHours *string
	Location     *struct{ Lat, Lng float64 }
	CapacityInfo *struct {
		Value       int
		Approximate bool
		Text        *string
	}
	Provenance struct {
		Kind       *string
		FactDate   *struct{ Text string }
		Confidence *string
		Notes      *string
		Facts      *string
	}
}

// provinceSites walks one province's service sites through the gateway.
func provinceSites(t *testing.T, url string, p civ.ProvinceCode) []siteNode {
	t.Helper()
	return walkConnection[siteNode](t, url, provinceSitesQuery, "serviceSites", map[string]any{"p": p})
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// TestRealSitesReachClients checks, province by province through the
// whole gateway (sample upstream, its protocol, connector, federation,
// GraphQL), that every real record of the data files is served as a real
// row with its provenance, that no other row claims to be real, and that
// generated rows say they are samples wherever a reader looks.
func TestRealSitesReachClients(t *testing.T) {
	srv := startGateway(t, nil)
	rows, err := dataset.RealSiteRecords()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 200 {
		t.Fatalf("%d rows in the data files, want 200", len(rows))
	}
	want := map[civ.ProvinceCode]map[string]map[string]string{}
	for _, row := range rows {
		info, ok := civ.ProvinceByAdminCode(row["province_code"])
		if !ok {
			t.Fatalf("row %s: province %s", row["site_id"], row["province_code"])
		}
		if want[info.Code] == nil {
			want[info.Code] = map[string]map[string]string{}
		}
		want[info.Code][federation.EncodeID(federation.KindServiceSite, info.Code, row["site_id"])] = row
	}
	counts := map[civ.ProvinceCode]int{}
	for _, p := range civ.AllProvinces {
		t.Run(string(p), func(t *testing.T) {
			for _, n := range provinceSites(t, srv.URL, p) {
				if n.Sample {
					checkSampleRow(t, n)
					continue
				}
				counts[p]++
				row, ok := want[p][n.ID]
				if !ok {
					t.Errorf("real row %s is in no data file", n.ID)
					continue
				}
				delete(want[p], n.ID)
				id := row["site_id"]
				pv := n.Provenance
				if str(n.Source) != row["source_url"] || str(pv.Kind) != row["source_kind"] || str(pv.Notes) != row["notes"] ||
					str(pv.Facts) != row["facts"] || str(n.TypeText) != row["site_type"] {
					t.Errorf("%s: source %q kind %q notes %q facts %q type %q", id, str(n.Source), str(pv.Kind), str(pv.Notes), str(pv.Facts), str(n.TypeText))
				}
				if conf := strings.ToUpper(strings.ReplaceAll(row["confidence"], "-", "_")); str(pv.Confidence) != conf {
					t.Errorf("%s: confidence %q, want %s", id, str(pv.Confidence), conf)
				}
				if row["fact_date"] == "" && pv.FactDate != nil || row["fact_date"] != "" && (pv.FactDate == nil || pv.FactDate.Text != row["fact_date"]) {
					t.Errorf("%s: factDate %+v, want the wording %q", id, pv.FactDate, row["fact_date"])
				}
				if (n.Location != nil) != (row["lat"] != "") {
					t.Errorf("%s: location %+v where the source gives %q", id, n.Location, row["lat"])
				}
			}
			for gid, row := range want[p] {
				t.Errorf("row %s (%s) of %s is not served", row["site_id"], gid, row["province_code"])
			}
		})
	}
	wantCounts := map[civ.ProvinceCode]int{civ.Hebei: 35, civ.Hubei: 62, civ.Jiangsu: 32, civ.Shanghai: 71}
	for p, n := range wantCounts {
		if counts[p] != n {
			t.Errorf("%s: %d real rows served, want %d", p, counts[p], n)
		}
	}
}

// checkSampleRow: every generated text a reader sees ends in the sample
// marker, and the row's provenance says it is generated.
func checkSampleRow(t *testing.T, n siteNode) {
	t.Helper()
	const marker = "（示例）"
	for field, v := range map[string]*string{"phone": n.Phone, "openingHours": n.OpeningHours} {
		if v == nil || !strings.HasSuffix(*v, marker) {
			t.Errorf("sample %s: %s %q lacks %s", n.ID, field, str(v), marker)
		}
	}
	if c := n.CapacityInfo; c != nil && (c.Text == nil || !strings.HasSuffix(*c.Text, marker) || c.Approximate) {
		t.Errorf("sample %s: capacity %+v", n.ID, c)
	}
	if pv := n.Provenance; pv.Confidence != nil || pv.FactDate != nil || !strings.Contains(str(pv.Notes), "示例数据") {
		t.Errorf("sample %s: provenance %+v", n.ID, pv)
	}
}
