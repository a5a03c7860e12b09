package resolvers

import (
	"math"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/graph/model"
)

// geoFilter maps the near and bbox inputs onto the filter's circle and
// box; federation checks them (civ.Filter.CheckValues) before any source
// is asked.
func geoFilter(near *model.NearInput, bbox *model.BoundingBoxInput) (*civ.GeoCircle, *civ.GeoBox) {
	var c *civ.GeoCircle
	var b *civ.GeoBox
	if near != nil {
		c = &civ.GeoCircle{Center: civ.GeoPoint{Lat: near.Lat, Lng: near.Lng}, RadiusKm: near.RadiusKm}
	}
	if bbox != nil {
		b = &civ.GeoBox{SouthWest: civ.GeoPoint{Lat: bbox.South, Lng: bbox.West}, NorthEast: civ.GeoPoint{Lat: bbox.North, Lng: bbox.East}}
	}
	return c, b
}

// setDistances gives every site of a near query its distance from the
// circle's centre, in kilometres to the metre, on the WGS-84 coordinates
// the connectors hand over (GCJ-02 sources already converted). The edges
// hold copies of the sites, so the sources' rows are not changed.
func setDistances(edges []model.ServiceSiteEdge, near *civ.GeoCircle) {
	if near == nil {
		return
	}
	for i := range edges {
		if loc := edges[i].Node.Location; loc != nil {
			km := math.Round(near.Center.DistanceTo(*loc)) / 1000
			edges[i].Node.DistanceKm = &km
		}
	}
}
