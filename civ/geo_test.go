package civ_test

import (
	"math"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/civ"
)

// Known points in the four provinces' capitals. want is the haversine on
// the mean sphere computed by hand with the spherical law of cosines (an
// independent formula); ellipsoid is Vincenty's distance on the WGS-84
// ellipsoid, which the sphere must stay within 0.5% of.
var knownDistances = []struct {
	name            string
	a, b            civ.GeoPoint
	want, ellipsoid float64 // metres
}{
	{"Shanghai: People's Square to the Oriental Pearl Tower", civ.GeoPoint{Lat: 31.2304, Lng: 121.4737}, civ.GeoPoint{Lat: 31.2397, Lng: 121.4998}, 2688.4, 2691.8},
	{"Wuhan: Yellow Crane Tower to Wuhan station", civ.GeoPoint{Lat: 30.5446, Lng: 114.3022}, civ.GeoPoint{Lat: 30.6072, Lng: 114.4245}, 13621.2, 13630.6},
	{"Nanjing: Xinjiekou to Nanjing South station", civ.GeoPoint{Lat: 32.0416, Lng: 118.7784}, civ.GeoPoint{Lat: 31.9706, Lng: 118.7976}, 8099.8, 8079.3},
	{"Shijiazhuang: city centre to the station", civ.GeoPoint{Lat: 38.0428, Lng: 114.5149}, civ.GeoPoint{Lat: 38.0103, Lng: 114.4793}, 4773.2, 4773.2},
}

func TestDistanceToKnownPoints(t *testing.T) {
	for _, c := range knownDistances {
		got := c.a.DistanceTo(c.b)
		if math.Abs(got-c.want) > 0.1 {
			t.Errorf("%s: %.1f m, want %.1f m", c.name, got, c.want)
		}
		if rel := math.Abs(got-c.ellipsoid) / c.ellipsoid; rel > 0.005 {
			t.Errorf("%s: %.1f m is %.2f%% off the ellipsoid's %.1f m", c.name, got, rel*100, c.ellipsoid)
		}
	}
}

func TestGeoFilter(t *testing.T) {
	square := civ.GeoPoint{Lat: 31.2304, Lng: 121.4737}
	tower := civ.GeoPoint{Lat: 31.2397, Lng: 121.4998} // 2.6884 km away
	site := func(p *civ.GeoPoint) civ.ServiceSite { return civ.ServiceSite{Location: p} }
	cases := []struct {
		name string
		f    civ.Filter
		s    civ.ServiceSite
		want bool
	}{
		{"inside the circle", civ.Filter{Near: &civ.GeoCircle{Center: square, RadiusKm: 2.7}}, site(&tower), true},
		{"outside the circle", civ.Filter{Near: &civ.GeoCircle{Center: square, RadiusKm: 2.68}}, site(&tower), false},
		{"no location", civ.Filter{Near: &civ.GeoCircle{Center: square, RadiusKm: 100}}, site(nil), false},
		{"inside the box", civ.Filter{Box: &civ.GeoBox{SouthWest: square, NorthEast: tower}}, site(&tower), true},
		{"outside the box", civ.Filter{Box: &civ.GeoBox{SouthWest: tower, NorthEast: civ.GeoPoint{Lat: 32, Lng: 122}}}, site(&square), false},
		{"circle and box", civ.Filter{Near: &civ.GeoCircle{Center: square, RadiusKm: 5}, Box: &civ.GeoBox{SouthWest: tower, NorthEast: tower}}, site(&square), false},
	}
	for _, c := range cases {
		if got := c.f.MatchServiceSite(c.s); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	// Other rows have no location: a geo filter does not restrict them.
	if !(civ.Filter{Near: &civ.GeoCircle{Center: square, RadiusKm: 1}}).MatchMeeting(civ.Meeting{}) {
		t.Error("near restricted a meeting")
	}
}

func TestCheckGeo(t *testing.T) {
	p := civ.GeoPoint{Lat: 31, Lng: 121}
	for name, c := range map[string]struct {
		f    civ.Filter
		want string // "" for valid
	}{
		"valid circle":     {civ.Filter{Near: &civ.GeoCircle{Center: p, RadiusKm: civ.MaxNearRadiusKm}}, ""},
		"valid box":        {civ.Filter{Box: &civ.GeoBox{SouthWest: p, NorthEast: civ.GeoPoint{Lat: 32, Lng: 122}}}, ""},
		"radius too large": {civ.Filter{Near: &civ.GeoCircle{Center: p, RadiusKm: civ.MaxNearRadiusKm + 0.1}}, "radiusKm"},
		"zero radius":      {civ.Filter{Near: &civ.GeoCircle{Center: p}}, "radiusKm"},
		"NaN radius":       {civ.Filter{Near: &civ.GeoCircle{Center: p, RadiusKm: math.NaN()}}, "radiusKm"},
		"latitude 91":      {civ.Filter{Near: &civ.GeoCircle{Center: civ.GeoPoint{Lat: 91, Lng: 0}, RadiusKm: 1}}, "not a coordinate"},
		"NaN longitude":    {civ.Filter{Near: &civ.GeoCircle{Center: civ.GeoPoint{Lat: 0, Lng: math.NaN()}, RadiusKm: 1}}, "not a coordinate"},
		"box reversed":     {civ.Filter{Box: &civ.GeoBox{SouthWest: civ.GeoPoint{Lat: 32, Lng: 122}, NorthEast: p}}, "south-west"},
		"box corner -181":  {civ.Filter{Box: &civ.GeoBox{SouthWest: civ.GeoPoint{Lat: 0, Lng: -181}, NorthEast: p}}, "not coordinates"},
	} {
		err := c.f.CheckValues()
		if (err == nil) != (c.want == "") || err != nil && !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: CheckValues() = %v, want an error containing %q", name, err, c.want)
		}
	}
}
