package geo_test

import (
	"math/rand/v2"
	"testing"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/geo"
)

// forwardPairs are published WGS-84 → GCJ-02 outputs of the standard
// algorithm, so the forward conversion must reproduce them to the
// millimetre and the inverse must lead back from the GCJ-02 point.
var forwardPairs = []struct {
	name     string
	wgs, gcj civ.GeoPoint
}{
	// googollee/eviltransform, python/test.py TESTS (also the PHP port
	// larryli/eviltransform, EvilTransformTest).
	{"eviltransform shanghai", civ.GeoPoint{Lat: 31.1774276, Lng: 121.5272106}, civ.GeoPoint{Lat: 31.17530398364597, Lng: 121.531541859215}},
	{"eviltransform shenzhen", civ.GeoPoint{Lat: 22.543847, Lng: 113.912316}, civ.GeoPoint{Lat: 22.540796131694766, Lng: 113.9171764808363}},
	{"eviltransform beijing", civ.GeoPoint{Lat: 39.911954, Lng: 116.377817}, civ.GeoPoint{Lat: 39.91334545536069, Lng: 116.38404722455657}},
	// wandergis/coordtransform, test/app.js: wgs84togcj02(116.404, 39.915).
	{"coordtransform beijing", civ.GeoPoint{Lat: 39.915, Lng: 116.404}, civ.GeoPoint{Lat: 39.91640428150164, Lng: 116.41024449916938}},
}

func TestForwardMatchesPublishedPairs(t *testing.T) {
	for _, c := range forwardPairs {
		t.Run(c.name, func(t *testing.T) {
			if d := geo.Distance(c.wgs, c.gcj); d < 100 {
				t.Fatalf("the pair is only %.0f m apart; it would not notice a missing conversion", d)
			}
			if d := geo.Distance(geo.WGS84ToGCJ02(c.wgs), c.gcj); d > 0.001 {
				t.Errorf("WGS84ToGCJ02 is %.4f m off the published point", d)
			}
			if d := geo.Distance(geo.GCJ02ToWGS84(c.gcj), c.wgs); d > 0.1 {
				t.Errorf("GCJ02ToWGS84 is %.4f m off the published WGS-84 point", d)
			}
		})
	}
}

func TestInverseMatchesPublishedPairs(t *testing.T) {
	cases := []struct {
		name     string
		gcj, wgs civ.GeoPoint
		within   float64 // metres; the published figure's own rounding
	}{
		// hujiulong/gcoord, README and test/unit/crs/GCJ02.spec.js:
		// transform([123, 45], GCJ02, WGS84) = [122.99395597, 44.99804071].
		{"gcoord", civ.GeoPoint{Lat: 45, Lng: 123}, civ.GeoPoint{Lat: 44.99804071, Lng: 122.99395597}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if d := geo.Distance(geo.GCJ02ToWGS84(c.gcj), c.wgs); d > c.within {
				t.Errorf("GCJ02ToWGS84 is %.3f m off the published point", d)
			}
		})
	}
}

// randomChina returns n points spread over the mainland box.
func randomChina(n int) []civ.GeoPoint {
	r := rand.New(rand.NewPCG(1, 2))
	out := make([]civ.GeoPoint, n)
	for i := range out {
		out[i] = civ.GeoPoint{Lat: 18 + r.Float64()*35, Lng: 75 + r.Float64()*60}
	}
	return out
}

func TestRoundTrip(t *testing.T) {
	// A round trip within 0.5 m would do; the iteration does far better, and 1 cm
	// also rejects the one-step approximation (off by centimetres to metres).
	const limit = 0.01
	cases := []struct {
		name string
		trip func(civ.GeoPoint) civ.GeoPoint
	}{
		{"wgs→gcj→wgs", func(p civ.GeoPoint) civ.GeoPoint { return geo.GCJ02ToWGS84(geo.WGS84ToGCJ02(p)) }},
		{"gcj→wgs→gcj (inverse accuracy)", func(p civ.GeoPoint) civ.GeoPoint { return geo.WGS84ToGCJ02(geo.GCJ02ToWGS84(p)) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			worst := 0.0
			for _, p := range randomChina(5000) {
				worst = max(worst, geo.Distance(p, c.trip(p)))
			}
			if worst > limit {
				t.Fatalf("worst round-trip error %.4f m, want under %.2f m", worst, limit)
			}
		})
	}
}

func TestConversionMovesPointsInsideChina(t *testing.T) {
	// The offset is between tens of metres and about a kilometre across
	// China; a conversion that does nothing would pass the round trip.
	for _, p := range randomChina(1000) {
		if d := geo.Distance(p, geo.WGS84ToGCJ02(p)); d < 1 || d > 1500 {
			t.Fatalf("%v moved %.1f m, want the GCJ-02 offset", p, d)
		}
	}
}

func TestOutOfChinaIsUnchanged(t *testing.T) {
	cases := []struct {
		name string
		p    civ.GeoPoint
		out  bool
	}{
		{"london", civ.GeoPoint{Lat: 51.5, Lng: -0.12}, true},
		{"east of the box", civ.GeoPoint{Lat: 45, Lng: 183}, true},
		{"sydney", civ.GeoPoint{Lat: -33.9, Lng: 151.2}, true},
		{"north of the box", civ.GeoPoint{Lat: 56, Lng: 120}, true},
		{"wuhan", civ.GeoPoint{Lat: 30.59, Lng: 114.31}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := geo.OutOfChina(c.p); got != c.out {
				t.Fatalf("OutOfChina = %v, want %v", got, c.out)
			}
			unchanged := geo.WGS84ToGCJ02(c.p) == c.p && geo.GCJ02ToWGS84(c.p) == c.p
			if unchanged != c.out {
				t.Fatalf("unchanged by conversion = %v, want %v", unchanged, c.out)
			}
		})
	}
}
