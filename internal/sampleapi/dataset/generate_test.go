package dataset_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/geo"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	"github.com/civgraph/civgraph/regions"
)

// samples returns p's generated sites, checking that every row after the
// first generated one is generated too.
func samples(t *testing.T, ds *dataset.Dataset, p civ.ProvinceCode) []civ.ServiceSite {
	t.Helper()
	sites := ds.Province(p).ServiceSites
	for i, s := range sites {
		if s.Sample {
			for _, r := range sites[i:] {
				if !r.Sample {
					t.Fatalf("%s: real site %s sorts after generated ones", p, r.ID)
				}
			}
			return sites[i:]
		}
	}
	return nil
}

func TestGeneratorDeterminism(t *testing.T) {
	a := load(t, dataset.Options{SampleSitesPerProvince: 300, Seed: 7})
	b := load(t, dataset.Options{SampleSitesPerProvince: 300, Seed: 7})
	c := load(t, dataset.Options{SampleSitesPerProvince: 300, Seed: 8})
	for _, p := range civ.AllProvinces {
		if !reflect.DeepEqual(a.Province(p), b.Province(p)) {
			t.Errorf("%s: same seed gave different data", p)
		}
		if reflect.DeepEqual(samples(t, a, p), samples(t, c, p)) {
			t.Errorf("%s: different seeds gave the same sites", p)
		}
	}
	if reflect.DeepEqual(samples(t, a, civ.Hebei)[0].Location, samples(t, a, civ.Hubei)[0].Location) {
		t.Error("provinces share one random sequence")
	}
}

func TestGeneratedSites(t *testing.T) {
	const n = 400
	ds := load(t, dataset.Options{SampleSitesPerProvince: n, Seed: 3})
	ix := regions.Default()
	prefix := map[civ.ProvinceCode]string{civ.Hebei: "HEB-SAMPLE-", civ.Shanghai: "SH-SAMPLE-", civ.Jiangsu: "JS-SAMPLE-", civ.Hubei: "HUB-SAMPLE-"}
	for _, p := range civ.AllProvinces {
		t.Run(string(p), func(t *testing.T) {
			gen := samples(t, ds, p)
			if len(gen) != n {
				t.Fatalf("%d sample sites, want %d", len(gen), n)
			}
			for i, s := range gen {
				if want := fmt.Sprintf("%s%07d", prefix[p], i+1); s.ID != want {
					t.Fatalf("site %d has ID %s, want %s (generation order)", i, s.ID, want)
				}
				if s.Province != p || s.Source != "generated" || !strings.HasSuffix(s.Name, "（示例）") ||
					!strings.HasSuffix(s.Address, "（示例）") || !strings.Contains(s.Phone, "-0000") || s.OpeningHours == "" || s.UpdatedAt.Year() != 2024 {
					t.Fatalf("%s not marked or filled as sample: %+v", s.ID, s)
				}
				// Every generated text a reader sees carries the marker; the
				// provenance says the rest is generated too.
				if !strings.HasSuffix(s.Phone, "（示例）") || !strings.HasSuffix(s.OpeningHours, "（示例）") ||
					(s.Capacity != nil) != strings.HasSuffix(s.CapacityText, "（示例）") || s.CapacityApproximate {
					t.Fatalf("%s: phone %q hours %q capacity %q not marked as sample", s.ID, s.Phone, s.OpeningHours, s.CapacityText)
				}
				if s.Capacity != nil && s.CapacityText != fmt.Sprintf("%d（示例）", *s.Capacity) {
					t.Fatalf("%s: capacity %d written %q", s.ID, *s.Capacity, s.CapacityText)
				}
				if pv := s.ProvenanceValue(); pv.Confidence != "" || pv.FactDate.Known() || !strings.Contains(pv.Notes, "位置和更新时间均为生成值") {
					t.Fatalf("%s: provenance %+v", s.ID, pv)
				}
				r, ok := ix.Lookup(s.RegionCode)
				if !ok {
					t.Fatalf("%s: unknown region %s", s.ID, s.RegionCode)
				}
				if rp, _ := ix.Province(r.Code); rp != p {
					t.Fatalf("%s: region %s is in %s", s.ID, r.Code, rp)
				}
				county := r
				if r.Level == civ.LevelTown {
					county, _ = ix.Parent(r.Code)
				}
				if county.Level != civ.LevelCounty {
					t.Fatalf("%s: region %s (%s) is not a county or one of its towns", s.ID, r.Code, r.Level)
				}
				if county.Seat == nil {
					if s.Location != nil {
						t.Fatalf("%s: location %v though %s has no seat", s.ID, s.Location, county.Name)
					}
				} else if s.Location == nil || geo.Distance(*county.Seat, *s.Location) > 10000 {
					t.Fatalf("%s: location %v is not within 10 km of %s's seat", s.ID, s.Location, county.Name)
				}
			}
		})
	}
}

func TestShanghaiMixIsMostlyMeals(t *testing.T) {
	gen := samples(t, load(t, dataset.Options{SampleSitesPerProvince: 2000, Seed: 5}), civ.Shanghai)
	meals := 0
	for _, s := range gen {
		if s.Type.Domain() == civ.DomainElderlyMeals {
			meals++
		}
	}
	if meals < len(gen)*7/10 {
		t.Fatalf("%d of %d Shanghai sample sites are meal sites, want most", meals, len(gen))
	}
}

func TestSampleSiteCounts(t *testing.T) {
	cases := []struct {
		name    string
		opts    dataset.Options
		want    int
		wantErr bool
	}{
		{"zero means default", dataset.Options{}, dataset.DefaultSampleSites, false},
		{"negative means none", dataset.Options{SampleSitesPerProvince: -1}, 0, false},
		{"explicit", dataset.Options{SampleSitesPerProvince: 3}, 3, false},
		{"too many for the IDs", dataset.Options{SampleSitesPerProvince: dataset.MaxSampleSites + 1}, 0, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds, err := dataset.Load(c.opts)
			if c.wantErr {
				if err == nil {
					t.Fatal("no error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range civ.AllProvinces {
				if got := len(samples(t, ds, p)); got != c.want {
					t.Errorf("%s: %d sample sites, want %d", p, got, c.want)
				}
			}
		})
	}
	if !reflect.DeepEqual(loadDefault(t), load(t, dataset.Options{SampleSitesPerProvince: dataset.DefaultSampleSites, Seed: dataset.DefaultSeed})) {
		t.Error("zero Options differ from the explicit defaults")
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
