package civ_test

import (
	"testing"

	"github.com/civgraph/civgraph/civ"
)

// TestGeoPointRounded: coordinates leave the gateway with
// CoordinateDecimals decimals (about 1 m), however many the source or a
// datum conversion produced.
func TestGeoPointRounded(t *testing.T) {
	cases := []struct {
		in       civ.GeoPoint
		lat, lng float64
	}{
		{civ.GeoPoint{Lat: 39.53044410529642, Lng: 116.76362618851508}, 39.53044, 116.76363}, // 天地图, 14 decimals
		{civ.GeoPoint{Lat: 31.216139, Lng: 121.534914}, 31.21614, 121.53491},
		{civ.GeoPoint{Lat: -33.856785, Lng: -151.215295}, -33.85679, -151.2153},
		{civ.GeoPoint{Lat: 30, Lng: 120}, 30, 120},
	}
	if civ.CoordinateDecimals != 5 {
		t.Fatalf("CoordinateDecimals = %d; these cases assume 5", civ.CoordinateDecimals)
	}
	for _, c := range cases {
		if got := c.in.RoundedLat(); got != c.lat {
			t.Errorf("RoundedLat(%v) = %v, want %v", c.in.Lat, got, c.lat)
		}
		if got := c.in.RoundedLng(); got != c.lng {
			t.Errorf("RoundedLng(%v) = %v, want %v", c.in.Lng, got, c.lng)
		}
	}
}
