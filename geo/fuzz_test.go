package geo_test

import (
	"math"
	"testing"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/geo"
)

// FuzzGCJ02: every coordinate converts without panicking; inside China
// the conversion moves a point by at most a kilometre and converting back
// lands within a metre; outside China (and for NaN or infinities) the
// point is left alone.
func FuzzGCJ02(f *testing.F) {
	for _, p := range [][2]float64{
		{31.2304, 121.4737}, {38.0428, 114.5149}, {30.5928, 114.3055}, {32.0603, 118.7969},
		{0, 0}, {90, 180}, {-90, -180}, {55.8271, 137.8347}, {0.8293, 72.004}, {math.NaN(), 121}, {31, math.Inf(1)}, {1e308, -1e308},
	} {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, lat, lng float64) {
		p := civ.GeoPoint{Lat: lat, Lng: lng}
		wgs := geo.GCJ02ToWGS84(p)
		gcj := geo.WGS84ToGCJ02(p)
		valid := !math.IsNaN(lat) && !math.IsNaN(lng) && math.Abs(lat) <= 90 && math.Abs(lng) <= 180
		if !valid || geo.OutOfChina(p) {
			if !valid {
				return // no contract for values that are not coordinates, beyond not panicking
			}
			if wgs != p || gcj != p {
				t.Fatalf("point outside China moved: %v → %v, %v", p, wgs, gcj)
			}
			return
		}
		if d := geo.Distance(p, wgs); !(d < 1000) {
			t.Fatalf("GCJ02ToWGS84(%v) moved %v m", p, d)
		}
		// Round trip only where the WGS-84 point is inside China too: at the
		// edge of the box the forward transform no longer applies.
		if d := geo.Distance(geo.WGS84ToGCJ02(wgs), p); !geo.OutOfChina(wgs) && !(d < 1) {
			t.Fatalf("round trip of %v is off by %v m", p, d)
		}
	})
}
