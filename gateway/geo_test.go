package gateway_test

import (
	"encoding/json"
	"maps"
	"math"
	"sort"
	"testing"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/federation"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
)

const nearQuery = `query($filter: ServiceSiteFilter, $after: String) {
  serviceSites(filter: $filter, first: 100, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id distanceKm location { lat lng } } }
  }
}`

type geoSite struct {
	ID         string
	DistanceKm *float64
	Location   *struct{ Lat, Lng float64 }
}

func walkSites(t *testing.T, url string, filter map[string]any) []geoSite {
	t.Helper()
	return walkConnection[geoSite](t, url, nearQuery, "serviceSites", map[string]any{"filter": filter})
}

// walkConnection pages through the connection field of query (which takes
// $after and selects pageInfo { hasNextPage endCursor } and edges { node })
// to its end and returns the nodes.
func walkConnection[N any](t *testing.T, url, query, field string, vars map[string]any) []N {
	t.Helper()
	var out []N
	vars = maps.Clone(vars)
	for pages := 0; ; pages++ {
		if pages > 100 {
			t.Fatal("walk did not end")
		}
		resp := post(t, url, query, vars)
		if len(resp.Errors) > 0 {
			t.Fatalf("errors: %v", resp.Errors)
		}
		var data map[string]struct {
			PageInfo struct {
				HasNextPage bool
				EndCursor   string
			}
			Edges []struct{ Node N }
		}
		if err := json.Unmarshal(resp.Data, &data); err != nil {
			t.Fatal(err)
		}
		conn := data[field]
		for _, e := range conn.Edges {
			out = append(out, e.Node)
		}
		if !conn.PageInfo.HasNextPage {
			return out
		}
		vars["after"] = conn.PageInfo.EndCursor
	}
}

// cosineMetres is the great-circle distance by the spherical law of
// cosines: a formula independent of the gateway's haversine.
func cosineMetres(a, b civ.GeoPoint) float64 {
	rad := math.Pi / 180
	c := math.Sin(a.Lat*rad)*math.Sin(b.Lat*rad) + math.Cos(a.Lat*rad)*math.Cos(b.Lat*rad)*math.Cos((b.Lng-a.Lng)*rad)
	return 6371008.8 * math.Acos(math.Min(1, c))
}

// TestNearReturnsExactlyTheSitesWithinTheRadius asks, around a point in
// each province's capital, for the sites within a radius, and checks the
// answer against the dataset the sample upstreams serve: exactly the sites
// whose WGS-84 location lies within it, each with its distance within
// 0.5% (and 2 m) of the distance computed from the dataset — across
// Shanghai's GCJ-02 wire coordinates too.
func TestNearReturnsExactlyTheSitesWithinTheRadius(t *testing.T) {
	srv := startGateway(t, nil)
	ds, err := dataset.Load(dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]civ.ServiceSite{}
	for _, p := range civ.AllProvinces {
		for _, s := range ds.Province(p).ServiceSites {
			byID[federation.EncodeID(federation.KindServiceSite, p, s.ID)] = s
		}
	}
	for _, c := range []struct {
		name   string
		centre civ.GeoPoint
		km     float64
	}{
		{"Shanghai People's Square", civ.GeoPoint{Lat: 31.2304, Lng: 121.4737}, 12},
		{"Wuhan Yellow Crane Tower", civ.GeoPoint{Lat: 30.5446, Lng: 114.3022}, 25},
		{"Nanjing Xinjiekou", civ.GeoPoint{Lat: 32.0416, Lng: 118.7784}, 25},
		{"Shijiazhuang centre", civ.GeoPoint{Lat: 38.0428, Lng: 114.5149}, 30},
	} {
		t.Run(c.name, func(t *testing.T) {
			var want []string
			for id, s := range byID {
				if s.Location != nil && cosineMetres(c.centre, *s.Location) <= c.km*1000 {
					want = append(want, id)
				}
			}
			if len(want) < 3 {
				t.Fatalf("only %d dataset sites within %v km: too few to tell", len(want), c.km)
			}
			got := walkSites(t, srv.URL, map[string]any{"near": map[string]any{"lat": c.centre.Lat, "lng": c.centre.Lng, "radiusKm": c.km}})
			var ids []string
			for _, s := range got {
				ids = append(ids, s.ID)
				truth := cosineMetres(c.centre, *byID[s.ID].Location)
				if s.DistanceKm == nil {
					t.Fatalf("%s has no distanceKm", s.ID)
				}
				if d := math.Abs(*s.DistanceKm*1000 - truth); d > 2 || d > 0.005*truth {
					t.Errorf("%s: distanceKm %v, the dataset's location is %.1f m away", s.ID, *s.DistanceKm, truth)
				}
			}
			sort.Strings(ids)
			sort.Strings(want)
			if len(ids) != len(want) {
				t.Fatalf("%d sites within %v km, want %d", len(ids), c.km, len(want))
			}
			for i := range ids {
				if ids[i] != want[i] {
					t.Fatalf("site %s, want %s", ids[i], want[i])
				}
			}
		})
	}
}

func TestBoundingBox(t *testing.T) {
	srv := startGateway(t, nil)
	ds, err := dataset.Load(dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	box := civ.GeoBox{SouthWest: civ.GeoPoint{Lat: 31.1, Lng: 121.3}, NorthEast: civ.GeoPoint{Lat: 31.35, Lng: 121.6}}
	want := 0
	for _, p := range civ.AllProvinces {
		for _, s := range ds.Province(p).ServiceSites {
			if l := s.Location; l != nil && l.Lat >= 31.1 && l.Lat <= 31.35 && l.Lng >= 121.3 && l.Lng <= 121.6 {
				want++
			}
		}
	}
	got := walkSites(t, srv.URL, map[string]any{"bbox": map[string]any{"south": box.SouthWest.Lat, "west": box.SouthWest.Lng, "north": box.NorthEast.Lat, "east": box.NorthEast.Lng}})
	if len(got) != want || want == 0 {
		t.Fatalf("%d sites in the box, want %d", len(got), want)
	}
	for _, s := range got {
		if s.DistanceKm != nil {
			t.Fatalf("%s has distanceKm without near", s.ID)
		}
		if l := s.Location; l == nil || !box.Contains(civ.GeoPoint{Lat: l.Lat, Lng: l.Lng}) {
			t.Fatalf("%s at %v is outside the box", s.ID, l)
		}
	}
}

func TestGeoInputIsValidated(t *testing.T) {
	srv := startGateway(t, nil)
	for name, filter := range map[string]map[string]any{
		"radius 0":        {"near": map[string]any{"lat": 31.2, "lng": 121.4, "radiusKm": 0}},
		"radius 101":      {"near": map[string]any{"lat": 31.2, "lng": 121.4, "radiusKm": 101}},
		"negative radius": {"near": map[string]any{"lat": 31.2, "lng": 121.4, "radiusKm": -1}},
		"latitude 91":     {"near": map[string]any{"lat": 91, "lng": 121.4, "radiusKm": 1}},
		"longitude 181":   {"near": map[string]any{"lat": 31, "lng": 181, "radiusKm": 1}},
		"box reversed":    {"bbox": map[string]any{"south": 32, "west": 121, "north": 31, "east": 122}},
		"box corner":      {"bbox": map[string]any{"south": -91, "west": 121, "north": 31, "east": 122}},
	} {
		resp := post(t, srv.URL, nearQuery, map[string]any{"filter": filter})
		if c := codes(resp.Errors)[""]; c != "BAD_USER_INPUT" || len(resp.Errors) != 1 {
			t.Errorf("%s: errors %v, want one BAD_USER_INPUT", name, resp.Errors)
		}
	}
}
