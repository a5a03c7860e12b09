package civ

import (
	"fmt"
	"math"
)

// MaxNearRadiusKm bounds a Near circle: wide enough for "within a city"
// (Shanghai is about 100 km across), narrow enough that a near query
// stays a local question; a wider area is a Box or a region code.
const MaxNearRadiusKm = 100

// earthRadius is the IUGG mean radius, in metres, used by the haversine.
const earthRadius = 6371008.8

// DistanceTo is the great-circle (haversine) distance from p to q in
// metres, on a sphere of the mean Earth radius; its error against the
// ellipsoid is under 0.5%.
func (p GeoPoint) DistanceTo(q GeoPoint) float64 {
	lat1, lat2 := p.Lat*math.Pi/180, q.Lat*math.Pi/180
	dLat := lat2 - lat1
	dLng := (q.Lng - p.Lng) * math.Pi / 180
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1)*math.Cos(lat2)*math.Sin(dLng/2)*math.Sin(dLng/2)
	return 2 * earthRadius * math.Asin(math.Min(1, math.Sqrt(h)))
}

// Valid reports whether p is a coordinate: finite, latitude within ±90°,
// longitude within ±180°.
func (p GeoPoint) Valid() bool {
	return !math.IsNaN(p.Lat) && !math.IsNaN(p.Lng) && math.Abs(p.Lat) <= 90 && math.Abs(p.Lng) <= 180
}

// Contains reports whether p lies within the circle (its edge included).
func (c GeoCircle) Contains(p GeoPoint) bool { return c.Center.DistanceTo(p) <= c.RadiusKm*1000 }

// Contains reports whether p lies within the box (its edges included).
// A box does not cross the antimeridian.
func (b GeoBox) Contains(p GeoPoint) bool {
	return p.Lat >= b.SouthWest.Lat && p.Lat <= b.NorthEast.Lat && p.Lng >= b.SouthWest.Lng && p.Lng <= b.NorthEast.Lng
}

// hasGeo reports whether the filter restricts locations.
func (f Filter) hasGeo() bool { return f.Near != nil || f.Box != nil }

// matchGeo reports whether a site at loc (nil: unknown) passes Near and
// Box.
func (f Filter) matchGeo(loc *GeoPoint) bool {
	if !f.hasGeo() {
		return true
	}
	return loc != nil && (f.Near == nil || f.Near.Contains(*loc)) && (f.Box == nil || f.Box.Contains(*loc))
}

// checkGeo refuses a circle or box that is not one: coordinates out of
// range, a radius not in (0, MaxNearRadiusKm], corners the wrong way round.
func (f Filter) checkGeo() error {
	if c := f.Near; c != nil {
		if !c.Center.Valid() {
			return fmt.Errorf("near: centre (%v, %v) is not a coordinate (lat within ±90, lng within ±180)", c.Center.Lat, c.Center.Lng)
		}
		if !(c.RadiusKm > 0 && c.RadiusKm <= MaxNearRadiusKm) {
			return fmt.Errorf("near: radiusKm must be above 0 and at most %d, got %v", MaxNearRadiusKm, c.RadiusKm)
		}
	}
	if b := f.Box; b != nil {
		if !b.SouthWest.Valid() || !b.NorthEast.Valid() {
			return fmt.Errorf("bbox: corners (%v, %v) and (%v, %v) are not coordinates", b.SouthWest.Lat, b.SouthWest.Lng, b.NorthEast.Lat, b.NorthEast.Lng)
		}
		if b.SouthWest.Lat > b.NorthEast.Lat || b.SouthWest.Lng > b.NorthEast.Lng {
			return fmt.Errorf("bbox: the south-west corner (%v, %v) must be south and west of the north-east one (%v, %v)", b.SouthWest.Lat, b.SouthWest.Lng, b.NorthEast.Lat, b.NorthEast.Lng)
		}
	}
	return nil
}
