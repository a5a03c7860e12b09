package geo

import (
	"math"

	"github.com/civgraph/civgraph/civ"
)

// earthRadius is the IUGG mean radius, in metres, used by the haversine.
const earthRadius = 6371008.8

// Distance is the great-circle (haversine) distance between a and b in
// metres, on a sphere of the mean Earth radius; its error against the
// ellipsoid is under 0.5%.
func Distance(a, b civ.GeoPoint) float64 {
	lat1, lat2 := a.Lat*math.Pi/180, b.Lat*math.Pi/180
	dLat := lat2 - lat1
	dLng := (b.Lng - a.Lng) * math.Pi / 180
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1)*math.Cos(lat2)*math.Sin(dLng/2)*math.Sin(dLng/2)
	return 2 * earthRadius * math.Asin(math.Min(1, math.Sqrt(h)))
}
