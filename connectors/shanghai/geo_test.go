package shanghai_test

import (
	"fmt"
	"testing"

	"github.com/civgraph/civgraph/connectors/sourcetest"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/geo"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
)

// grid is n×n WGS-84 points, six decimals each, over a box.
func grid(n int, south, west, north, east float64) []civ.GeoPoint {
	var out []civ.GeoPoint
	for i := range n {
		for j := range n {
			lat := south + (north-south)*float64(i)/float64(n-1)
			lng := west + (east-west)*float64(j)/float64(n-1)
			out = append(out, civ.GeoPoint{Lat: round6(lat), Lng: round6(lng)})
		}
	}
	return out
}

func round6(v float64) float64 { return float64(int64(v*1e6+0.5)) / 1e6 }

// TestGCJ02RoundTrip checks the conversion the connector relies on: every
// point of a grid over China comes back within a metre.
func TestGCJ02RoundTrip(t *testing.T) {
	for _, p := range grid(40, 18.5, 73.7, 53.3, 134.8) {
		if d := geo.Distance(geo.GCJ02ToWGS84(geo.WGS84ToGCJ02(p)), p); d > 1 {
			t.Fatalf("%v came back %.2f m away", p, d)
		}
	}
}

// TestLocations serves sites at points over Shanghai and beyond: the wire
// carries them in GCJ-02 (hundreds of metres off), and the connector must
// return them within 10 m of the dataset's WGS-84 truth — within a metre,
// in fact, since the conversion is exact to well under that.
func TestLocations(t *testing.T) {
	points := append(grid(15, 30.68, 120.85, 31.87, 122.0), grid(5, 22, 100, 45, 125)...)
	p := &dataset.Province{}
	for i, pt := range points {
		p.ServiceSites = append(p.ServiceSites, civ.ServiceSite{
			ID: fmt.Sprintf("SH-GEO-%04d", i), Province: civ.Shanghai, Type: civ.SiteMealPoint, Name: "助餐点",
			Location: &pt,
		})
	}
	c := demoClient(t, dataset.New(map[civ.ProvinceCode]*dataset.Province{civ.Shanghai: p}))
	got := sourcetest.Walk(t, c.ServiceSites, civ.Filter{}, 100)
	total := len(got)
	if total != len(points) {
		t.Fatalf("total %d, want %d", total, len(points))
	}
	worst := 0.0
	for i, s := range got {
		truth := points[i]
		if s.Location == nil {
			t.Fatalf("site %s lost its location", s.ID)
		}
		d := geo.Distance(*s.Location, truth)
		if d > 10 {
			t.Fatalf("site %s at %v, %.1f m from the truth %v", s.ID, *s.Location, d, truth)
		}
		worst = max(worst, d)
		// A point the connector did not convert would be the GCJ-02 one;
		// the test only proves anything where that is far off.
		if shift := geo.Distance(geo.WGS84ToGCJ02(truth), truth); shift < 100 {
			t.Fatalf("test point %v is shifted only %.0f m by GCJ-02", truth, shift)
		}
	}
	if worst > 1 {
		t.Fatalf("worst error %.2f m; the conversion should be sub-metre", worst)
	}
}
