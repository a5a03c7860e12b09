package dataset_test

import (
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

func TestRealSitesAllRows(t *testing.T) {
	sites := realSites(t)
	if len(sites) != 35 {
		t.Fatalf("%d real sites, want all 35 rows", len(sites))
	}
	types := map[civ.SiteType]int{}
	collected := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	for id, s := range sites {
		types[s.Type]++
		if s.Sample || s.Source == "" || s.Location != nil || !s.UpdatedAt.Equal(collected) {
			t.Errorf("%s: sample %v, source %q, location %v, updated %v", id, s.Sample, s.Source, s.Location, s.UpdatedAt)
		}
		if p, ok := regions.Default().Province(s.RegionCode); !ok || p != s.Province {
			t.Errorf("%s: region %s is not a known division of %s", id, s.RegionCode, s.Province)
		}
	}
	want := map[civ.SiteType]int{civ.SiteCommunityCanteen: 6, civ.SiteMealPoint: 23, civ.SiteFuneralHome: 3, civ.SiteCemetery: 2, civ.SiteMarriageRegistry: 1}
	for typ, n := range want {
		if types[typ] != n {
			t.Errorf("%d sites of type %s, want %d (all: %v)", types[typ], typ, n, types)
		}
	}
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
