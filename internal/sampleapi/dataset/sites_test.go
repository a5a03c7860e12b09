package dataset_test

import (
	"strings"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	"github.com/civgraph/civgraph/regions"
)

func realSites(t *testing.T) map[string]civ.ServiceSite {
	t.Helper()
	ds := load(t, dataset.Options{SampleSitesPerProvince: -1})
	out := map[string]civ.ServiceSite{}
	for _, p := range civ.AllProvinces {
		for _, s := range ds.Province(p).ServiceSites {
			if s.Province != p {
				t.Errorf("site %s of %s listed under %s", s.ID, s.Province, p)
			}
			out[s.ID] = s
		}
	}
	return out
}

// csvSites keys the real-record rows by site_id.
func csvSites(t *testing.T) map[string]map[string]string {
	t.Helper()
	rows, err := dataset.RealSiteRecords()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	for _, r := range rows {
		out[r["site_id"]] = r
	}
	return out
}

// TestRealSitesAllRows checks that every row of the three files becomes a
// real site of its province, with its provenance, and nothing else does.
func TestRealSitesAllRows(t *testing.T) {
	sites := realSites(t)
	rows := csvSites(t)
	if len(rows) != 35+92+73 {
		t.Fatalf("%d rows in the files, want 200", len(rows))
	}
	if len(sites) != len(rows) {
		t.Fatalf("%d real sites, want all %d rows", len(sites), len(rows))
	}
	perProvince := map[civ.ProvinceCode]int{}
	for id, row := range rows {
		s, ok := sites[id]
		if !ok {
			t.Errorf("row %s of %s is not served", id, row["file"])
			continue
		}
		perProvince[s.Province]++
		if p, _ := civ.ProvinceInfo(s.Province); p.AdminCode != row["province_code"] {
			t.Errorf("%s: province %s, row says %s", id, s.Province, row["province_code"])
		}
		collected := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
		if row["file"] == "service_sites_found.csv" {
			collected = time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
		}
		pv := s.Provenance
		if s.Sample || s.Source != row["source_url"] || pv.Kind != row["source_kind"] || pv.Notes != row["notes"] ||
			pv.Facts != row["facts"] || pv.FactDate.Text != row["fact_date"] || !s.UpdatedAt.Equal(collected) {
			t.Errorf("%s: sample %v, source %q, provenance %+v, updated %v", id, s.Sample, s.Source, pv, s.UpdatedAt)
		}
		if want := strings.ToUpper(strings.ReplaceAll(row["confidence"], "-", "_")); string(pv.Confidence) != want {
			t.Errorf("%s: confidence %s, want %s", id, pv.Confidence, want)
		}
		if s.TypeText != row["site_type"] || s.Name != row["name"] || s.Address != row["address"] {
			t.Errorf("%s: type %q name %q address %q", id, s.TypeText, s.Name, s.Address)
		}
		if want := firstOf(row["town_code9"], row["county_code"], row["province_code"]); s.RegionCode != want {
			t.Errorf("%s: region %s, want %s", id, s.RegionCode, want)
		}
		if p, ok := regions.Default().Province(s.RegionCode); !ok || p != s.Province {
			t.Errorf("%s: region %s is not a known division of %s", id, s.RegionCode, s.Province)
		}
		// A position only where the source gives one.
		if (s.Location != nil) != (row["lat"] != "") {
			t.Errorf("%s: location %v, source gives %q,%q", id, s.Location, row["lat"], row["lng"])
		}
	}
	want := map[civ.ProvinceCode]int{civ.Hebei: 35, civ.Hubei: 62, civ.Jiangsu: 32, civ.Shanghai: 71}
	for p, n := range want {
		if perProvince[p] != n {
			t.Errorf("%s: %d real sites, want %d", p, perProvince[p], n)
		}
	}
	// The only coordinates in the files (a 天地图 response, WGS-84 grade)
	// are kept as given; rounding is the gateway's edge's job.
	if loc := sites["HB-RES-201"].Location; loc == nil || loc.Lat != 39.53044410529642 || loc.Lng != 116.76362618851508 {
		t.Errorf("HB-RES-201 location %v", loc)
	}
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func TestRealSiteFields(t *testing.T) {
	sites := realSites(t)
	cases := []struct {
		id, region, address, hours string
		typ                        civ.SiteType
		capacity                   int // 0: none stated
	}{
		{"SH-MEAL-001", "310101015", "瞿溪新村120弄4号", "7:00-9:30,10:30-12:30,14:30-20:00 during holiday", civ.SiteCommunityCanteen, 0},
		{"SH-MEAL-002", "310101002", "重庆北路180号三楼", "", civ.SiteCommunityCanteen, 80},
		{"SH-MEAL-004", "310000", "古北市民中心", "", civ.SiteMealPoint, 0},
		{"SH-MEAL-005", "310107", "", "", civ.SiteCommunityCanteen, 0},
		{"SH-MEAL-006", "310120106", "", "", civ.SiteCommunityCanteen, 0}, // "300+ diners" is not seats
		{"SH-MH-002", "310000", "", "", civ.SiteMealPoint, 0},
		{"SH-MH-022", "310112501", "", "", civ.SiteMealPoint, 0},
		{"SH-FUN-001", "310104", "漕溪路210号", "", civ.SiteFuneralHome, 0},
		{"SH-FUN-003", "310000", "上海市虹口区宝兴路499号 (as stated by source; UNVERIFIED)", "", civ.SiteFuneralHome, 0},
		{"JS-CEM-001", "320412106", "", "", civ.SiteCemetery, 0},
		{"JS-MAR-001", "320981", "", "", civ.SiteMarriageRegistry, 0},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			s, ok := sites[c.id]
			if !ok {
				t.Fatal("missing")
			}
			if s.RegionCode != c.region || s.Address != c.address || s.OpeningHours != c.hours || s.Type != c.typ {
				t.Errorf("got region %s address %q hours %q type %s", s.RegionCode, s.Address, s.OpeningHours, s.Type)
			}
			if got := 0; s.Capacity != nil && *s.Capacity != c.capacity || s.Capacity == nil && c.capacity != 0 {
				if s.Capacity != nil {
					got = *s.Capacity
				}
				t.Errorf("capacity %d, want %d", got, c.capacity)
			}
		})
	}
}

// Every capacity says what it counts: a real row as its wording does, a
// generated row by its site type, so figures are never summed across units.
func TestCapacityUnits(t *testing.T) {
	ds := load(t, dataset.Options{SampleSitesPerProvince: 50})
	byType := map[civ.SiteType]civ.CapacityUnit{civ.SiteMealPoint: civ.UnitMealsPerDay, civ.SiteCommunityCanteen: civ.UnitSeats,
		civ.SiteElderlyServiceCenter: civ.UnitBeds, civ.SiteRescueStation: civ.UnitBeds}
	wording := map[civ.CapacityUnit]string{civ.UnitSeats: "seats", civ.UnitBeds: "beds"}
	seen := map[civ.CapacityUnit]bool{}
	for _, p := range civ.AllProvinces {
		for _, s := range ds.Province(p).ServiceSites {
			if s.Capacity == nil {
				if s.CapacityUnit != "" {
					t.Errorf("site %s has a unit %s but no capacity", s.ID, s.CapacityUnit)
				}
				continue
			}
			seen[s.CapacityUnit] = true
			switch {
			case s.CapacityUnit == "":
				t.Errorf("site %s states a capacity %q with no unit", s.ID, s.CapacityText)
			case s.Sample && s.CapacityUnit != byType[s.Type]:
				t.Errorf("sample site %s (%s): unit %q, want %q", s.ID, s.Type, s.CapacityUnit, byType[s.Type])
			case !s.Sample && !strings.Contains(s.CapacityText, wording[s.CapacityUnit]):
				t.Errorf("real site %s: unit %q, but its wording is %q", s.ID, s.CapacityUnit, s.CapacityText)
			}
		}
	}
	for _, u := range civ.AllCapacityUnits {
		if !seen[u] {
			t.Errorf("no site counts %s", u)
		}
	}
}
