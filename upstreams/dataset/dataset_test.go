package dataset_test

import (
	"fmt"
	"reflect"
	"testing"

	"civgraph/civ"
	"civgraph/geo"
	"civgraph/regions"
	"civgraph/upstreams/dataset"
)

func load(t *testing.T, opts dataset.Options) *dataset.Dataset {
	t.Helper()
	ds, err := dataset.Load(opts)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func TestSeedFacts(t *testing.T) {
	ds := load(t, dataset.Options{})
	hebei := ds.Province(civ.Hebei).Meetings
	if len(hebei) != 1 || hebei[0].Date.Precision != civ.PrecisionUnknown || hebei[0].Date.Text != "日前" || hebei[0].Organizer != "" {
		t.Errorf("Hebei meeting = %+v; want one meeting with an unknown date worded 日前 and no organizer", hebei)
	}
	for p, want := range map[civ.ProvinceCode]string{civ.Hubei: "2024-03-20", civ.Jiangsu: "2024-03-21"} {
		m := ds.Province(p).Meetings
		if len(m) != 1 || m[0].Date.Precision != civ.PrecisionDay || m[0].Date.Date.Format("2006-01-02") != want {
			t.Errorf("%s meeting date = %+v, want %s", p, m, want)
		}
	}
	targets := map[float64]civ.Target{}
	for _, task := range ds.Province(civ.Shanghai).Tasks {
		for _, tg := range task.Targets {
			targets[tg.Value] = tg
		}
	}
	for value, base := range map[float64]float64{400: 350, 2000: 1500, 250000: 200000} {
		tg, ok := targets[value]
		if !ok || tg.Due.Date.Format("2006-01-02") != "2025-12-31" || tg.Baseline == nil || tg.Baseline.Value != base {
			t.Errorf("Shanghai target %v = %+v; want due 2025-12-31 with baseline %v", value, tg, base)
		}
	}
	if len(targets) != 3 {
		t.Errorf("Shanghai has %d targets, want the article's 3", len(targets))
	}
}

func TestTaskOriginsResolve(t *testing.T) {
	ds := load(t, dataset.Options{})
	for _, p := range civ.AllProvinces {
		pd := ds.Province(p)
		origins := map[string]bool{}
		for _, m := range pd.Meetings {
			origins[m.ID] = true
		}
		for _, d := range pd.PolicyDocuments {
			origins[d.ID] = true
		}
		if len(pd.Tasks) == 0 {
			t.Errorf("%s has no tasks", p)
		}
		for _, task := range pd.Tasks {
			if !origins[task.OriginID] || task.Province != p {
				t.Errorf("%s task %s: origin %q not found in its province", p, task.ID, task.OriginID)
			}
		}
	}
}

func TestRealSites(t *testing.T) {
	ds := load(t, dataset.Options{SampleSitesPerProvince: -1})
	n := 0
	types := map[civ.SiteType]int{}
	for _, p := range civ.AllProvinces {
		for _, s := range ds.Province(p).ServiceSites {
			n++
			types[s.Type]++
			if s.Sample || s.Source == "" || s.Location != nil {
				t.Errorf("real site %s: sample %v, source %q, location %v", s.ID, s.Sample, s.Source, s.Location)
			}
			if _, ok := regions.Default().Lookup(s.RegionCode); !ok {
				t.Errorf("real site %s: unknown region %s", s.ID, s.RegionCode)
			}
		}
	}
	if n != 35 {
		t.Fatalf("%d real sites, want all 35 rows", n)
	}
	want := map[civ.SiteType]int{civ.SiteCommunityCanteen: 6, civ.SiteMealPoint: 23, civ.SiteFuneralHome: 3, civ.SiteCemetery: 2, civ.SiteMarriageRegistry: 1}
	if !reflect.DeepEqual(types, want) {
		t.Fatalf("types = %v, want %v", types, want)
	}
}

func TestGeneratorIsDeterministicAndMarked(t *testing.T) {
	a := load(t, dataset.Options{SampleSitesPerProvince: 300, Seed: 7})
	b := load(t, dataset.Options{SampleSitesPerProvince: 300, Seed: 7})
	c := load(t, dataset.Options{SampleSitesPerProvince: 300, Seed: 8})
	if !reflect.DeepEqual(a.Province(civ.Hubei), b.Province(civ.Hubei)) {
		t.Fatal("same seed gave different data")
	}
	if reflect.DeepEqual(a.Province(civ.Hubei).ServiceSites, c.Province(civ.Hubei).ServiceSites) {
		t.Fatal("different seeds gave the same sites")
	}
	ix := regions.Default()
	for _, p := range civ.AllProvinces {
		sample := 0
		for _, s := range a.Province(p).ServiceSites {
			if !s.Sample {
				continue
			}
			sample++
			r, ok := ix.Lookup(s.RegionCode)
			if !ok {
				t.Fatalf("%s: unknown region %s", s.ID, s.RegionCode)
			}
			if prov, _ := civ.ProvinceByAdminCode(r.Code); prov.Code != p {
				t.Fatalf("%s: region %s is not in %s", s.ID, r.Code, p)
			}
			county := r
			if r.Level == civ.LevelTown {
				county, _ = ix.Parent(r.Code)
			}
			if county.Seat != nil && (s.Location == nil || geo.Distance(*county.Seat, *s.Location) > 10000) {
				t.Fatalf("%s: location %v is not within 10 km of %s's seat", s.ID, s.Location, county.Name)
			}
		}
		if sample != 300 {
			t.Fatalf("%s: %d sample sites, want 300", p, sample)
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{1000, 100000} {
		b.Run(fmt.Sprintf("sites=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := dataset.Load(dataset.Options{SampleSitesPerProvince: n}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
