package geo_test

import (
	"math"
	"testing"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/geo"
)

func TestDistance(t *testing.T) {
	cases := []struct {
		name   string
		a, b   civ.GeoPoint
		want   float64 // metres
		within float64
	}{
		{"same point", civ.GeoPoint{Lat: 30, Lng: 114}, civ.GeoPoint{Lat: 30, Lng: 114}, 0, 0},
		// One degree of a great circle on the mean sphere: 2πR/360.
		{"one degree of latitude", civ.GeoPoint{Lat: 30, Lng: 114}, civ.GeoPoint{Lat: 31, Lng: 114}, 2 * math.Pi * 6371008.8 / 360, 0.01},
		{"one degree of longitude on the equator", civ.GeoPoint{Lat: 0, Lng: 10}, civ.GeoPoint{Lat: 0, Lng: 11}, 2 * math.Pi * 6371008.8 / 360, 0.01},
		// People's Square, Shanghai to Tiananmen, Beijing: about 1,067 km.
		{"beijing to shanghai", civ.GeoPoint{Lat: 39.9042, Lng: 116.4074}, civ.GeoPoint{Lat: 31.2304, Lng: 121.4737}, 1067000, 2000},
		{"antipodes", civ.GeoPoint{Lat: 0, Lng: 0}, civ.GeoPoint{Lat: 0, Lng: 180}, math.Pi * 6371008.8, 0.01},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := geo.Distance(c.a, c.b)
			if math.Abs(got-c.want) > c.within {
				t.Fatalf("Distance = %.2f m, want %.2f ± %.2f", got, c.want, c.within)
			}
			if back := geo.Distance(c.b, c.a); math.Abs(back-got) > 1e-9 {
				t.Fatalf("Distance is not symmetric: %.6f vs %.6f", got, back)
			}
		})
	}
}
