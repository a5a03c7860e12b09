package shanghai_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/sourcetest"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/geo"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	sampleshanghai "github.com/civgraph/civgraph/internal/sampleapi/shanghai"
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

// TestGeoFilterOnTheWire: a circle and a box reach the platform as its
// own GCJ-02 parameters (read back from its request log), and the
// platform answers with exactly the sites inside — the ones whose WGS-84
// truth lies within the circle and the box.
func TestGeoFilterOnTheWire(t *testing.T) {
	points := grid(15, 30.9, 121.2, 31.5, 121.8)
	p := &dataset.Province{}
	for i, pt := range points {
		p.ServiceSites = append(p.ServiceSites, civ.ServiceSite{ID: fmt.Sprintf("SH-GEO-%04d", i), Province: civ.Shanghai, Type: civ.SiteMealPoint, Name: "助餐点", Location: &pt})
	}
	log := &sourcetest.Log{}
	url := sourcetest.Mount(t, "/shanghai", log.Wrap(sampleshanghai.New(dataset.New(map[civ.ProvinceCode]*dataset.Province{civ.Shanghai: p}), sampleshanghai.Options{})), nil)
	c := newClient(t, url, sampleshanghai.DemoToken, cache.Policy{})
	centre := civ.GeoPoint{Lat: 31.2304, Lng: 121.4737}
	box := civ.GeoBox{SouthWest: civ.GeoPoint{Lat: 31.1, Lng: 121.3}, NorthEast: civ.GeoPoint{Lat: 31.3, Lng: 121.5}}
	f := civ.Filter{Near: &civ.GeoCircle{Center: centre, RadiusKm: 15}, Box: &box}
	want := 0
	for _, pt := range points {
		if geo.Distance(centre, pt) <= 15000 && box.Contains(pt) {
			want++
		}
	}
	got := sourcetest.Walk(t, c.ServiceSites, f, 100)
	if len(got) != want || want < 5 || want == len(points) {
		t.Fatalf("%d sites, want %d of %d", len(got), want, len(points))
	}
	exchanges := log.Since(0)
	if len(exchanges) != 1 {
		t.Fatalf("%d requests, want 1 (every match fits a page)", len(exchanges))
	}
	var body struct {
		CenterLng, CenterLat, Radius float64
		Rectangle                    string
	}
	x := exchanges[0]
	if err := json.Unmarshal([]byte(x.Request[strings.Index(x.Request, "\n")+1:]), &body); err != nil {
		t.Fatal(err)
	}
	gcj, sw, ne := geo.WGS84ToGCJ02(centre), geo.WGS84ToGCJ02(box.SouthWest), geo.WGS84ToGCJ02(box.NorthEast)
	wantRect := fmt.Sprintf("%v,%v;%v,%v", sw.Lng, sw.Lat, ne.Lng, ne.Lat)
	if body.CenterLng != gcj.Lng || body.CenterLat != gcj.Lat || body.Radius != 15000 || body.Rectangle != wantRect {
		t.Fatalf("request %s; want centre %v, radius 15000 m and rectangle %s, in GCJ-02", x.Request, gcj, wantRect)
	}
	if n := strings.Count(string(x.Response), "SH-GEO-"); n != want {
		t.Fatalf("the platform answered with %d sites, want only the %d inside", n, want)
	}
}
