package geo

import "github.com/civgraph/civgraph/civ"

// Distance is the great-circle (haversine) distance between a and b in
// metres, on a sphere of the mean Earth radius; its error against the
// ellipsoid is under 0.5% (see civ.GeoPoint.DistanceTo, which it is).
func Distance(a, b civ.GeoPoint) float64 { return a.DistanceTo(b) }
