package geo_test

import (
	"math/rand/v2"
	"testing"

	"civgraph/civ"
	"civgraph/geo"
)

// Published WGS-84 → GCJ-02 pairs: the test vectors of the eviltransform
// libraries (googollee/eviltransform and its PHP port larryli/eviltransform,
// EvilTransformTest) and of hujiulong/gcoord (test/unit/crs/GCJ02.spec.js).
var knownPairs = []struct {
	name     string
	wgs, gcj civ.GeoPoint
}{
	{"shanghai", civ.GeoPoint{Lat: 31.1774276, Lng: 121.5272106}, civ.GeoPoint{Lat: 31.17530398364597, Lng: 121.531541859215}},
	{"shenzhen", civ.GeoPoint{Lat: 22.543847, Lng: 113.912316}, civ.GeoPoint{Lat: 22.540796131694766, Lng: 113.9171764808363}},
	{"beijing", civ.GeoPoint{Lat: 39.911954, Lng: 116.377817}, civ.GeoPoint{Lat: 39.91334545536069, Lng: 116.38404722455657}},
	{"gcoord", civ.GeoPoint{Lat: 44.99804071, Lng: 122.99395597}, civ.GeoPoint{Lat: 45, Lng: 123}},
}

func TestKnownPairs(t *testing.T) {
	for _, c := range knownPairs {
		t.Run(c.name, func(t *testing.T) {
			if d := geo.Distance(geo.WGS84ToGCJ02(c.wgs), c.gcj); d > 1 {
				t.Errorf("WGS84ToGCJ02 is %.2f m off the published point", d)
			}
			if d := geo.Distance(geo.GCJ02ToWGS84(c.gcj), c.wgs); d > 1 {
				t.Errorf("GCJ02ToWGS84 is %.2f m off the published point (the requirement is under 10 m)", d)
			}
			if d := geo.Distance(c.wgs, c.gcj); d < 100 {
				t.Errorf("the pair is only %.0f m apart; the test would not notice a missing conversion", d)
			}
		})
	}
}

func TestRoundTripInsideChina(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	worst := 0.0
	for range 5000 {
		p := civ.GeoPoint{Lat: 18 + r.Float64()*35, Lng: 75 + r.Float64()*60}
		back := geo.GCJ02ToWGS84(geo.WGS84ToGCJ02(p))
		worst = max(worst, geo.Distance(p, back))
	}
	if worst > 0.01 {
		t.Fatalf("worst round-trip error %.4f m, want under 1 cm", worst)
	}
}

func TestOutOfChinaIsUnchanged(t *testing.T) {
	for _, p := range []civ.GeoPoint{{Lat: 51.5, Lng: -0.12}, {Lat: 45, Lng: 183}, {Lat: -33.9, Lng: 151.2}} {
		if geo.WGS84ToGCJ02(p) != p || geo.GCJ02ToWGS84(p) != p {
			t.Errorf("%v changed although it is outside China", p)
		}
	}
}

func TestDistance(t *testing.T) {
	// One degree of latitude is about 111.2 km.
	d := geo.Distance(civ.GeoPoint{Lat: 30, Lng: 114}, civ.GeoPoint{Lat: 31, Lng: 114})
	if d < 111000 || d > 111400 {
		t.Fatalf("one degree of latitude = %.0f m", d)
	}
}
