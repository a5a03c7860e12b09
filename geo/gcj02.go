package geo

import (
	"math"

	"github.com/civgraph/civgraph/civ"
)

// Krasovsky 1940 ellipsoid, as the GCJ-02 algorithm uses it.
const (
	semiMajor      = 6378245.0
	eccentricitySq = 0.00669342162296594323 // e²
)

// The inverse stops once a step moves the point by less than tolerance
// degrees (about 0.01 mm); a handful of steps is typical.
const (
	maxIterations = 10
	tolerance     = 1e-10
)

// OutOfChina reports whether p lies outside the rough bounding box where
// GCJ-02 applies; such points are the same in both datums.
func OutOfChina(p civ.GeoPoint) bool {
	return p.Lng < 72.004 || p.Lng > 137.8347 || p.Lat < 0.8293 || p.Lat > 55.8271
}

// WGS84ToGCJ02 applies the GCJ-02 offset to a WGS-84 point.
func WGS84ToGCJ02(p civ.GeoPoint) civ.GeoPoint {
	if OutOfChina(p) {
		return p
	}
	dLat, dLng := offset(p)
	return civ.GeoPoint{Lat: p.Lat + dLat, Lng: p.Lng + dLng}
}

// GCJ02ToWGS84 inverts WGS84ToGCJ02 exactly (to well under a millimetre)
// by fixed-point iteration w ← p − offset(w). The offset's slope is well
// under 1%, so each step shrinks the error at least a hundredfold; the
// common one-step approximation p − offset(p) stops after the first step
// and is off by centimetres to metres.
//
// The iteration uses the offset directly rather than WGS84ToGCJ02, so a
// point near the edge of the box does not flip between datums mid-way.
func GCJ02ToWGS84(p civ.GeoPoint) civ.GeoPoint {
	if OutOfChina(p) {
		return p
	}
	w := p
	for range maxIterations {
		dLat, dLng := offset(w)
		next := civ.GeoPoint{Lat: p.Lat - dLat, Lng: p.Lng - dLng}
		done := math.Abs(next.Lat-w.Lat) < tolerance && math.Abs(next.Lng-w.Lng) < tolerance
		w = next
		if done {
			break
		}
	}
	return w
}

// offset is the GCJ-02 displacement, in degrees, at WGS-84 point p.
func offset(p civ.GeoPoint) (dLat, dLng float64) {
	x, y := p.Lng-105.0, p.Lat-35.0
	dLat = transformLat(x, y)
	dLng = transformLng(x, y)
	radLat := p.Lat / 180.0 * math.Pi
	magic := math.Sin(radLat)
	magic = 1 - eccentricitySq*magic*magic
	sqrtMagic := math.Sqrt(magic)
	dLat = (dLat * 180.0) / ((semiMajor * (1 - eccentricitySq)) / (magic * sqrtMagic) * math.Pi)
	dLng = (dLng * 180.0) / (semiMajor / sqrtMagic * math.Cos(radLat) * math.Pi)
	return dLat, dLng
}

// transformLat and transformLng are the published GCJ-02 polynomials, in
// metres on the Krasovsky ellipsoid, of the offset from (105°E, 35°N).
func transformLat(x, y float64) float64 {
	r := -100.0 + 2.0*x + 3.0*y + 0.2*y*y + 0.1*x*y + 0.2*math.Sqrt(math.Abs(x))
	r += (20.0*math.Sin(6.0*x*math.Pi) + 20.0*math.Sin(2.0*x*math.Pi)) * 2.0 / 3.0
	r += (20.0*math.Sin(y*math.Pi) + 40.0*math.Sin(y/3.0*math.Pi)) * 2.0 / 3.0
	r += (160.0*math.Sin(y/12.0*math.Pi) + 320*math.Sin(y*math.Pi/30.0)) * 2.0 / 3.0
	return r
}

func transformLng(x, y float64) float64 {
	r := 300.0 + x + 2.0*y + 0.1*x*x + 0.1*x*y + 0.1*math.Sqrt(math.Abs(x))
	r += (20.0*math.Sin(6.0*x*math.Pi) + 20.0*math.Sin(2.0*x*math.Pi)) * 2.0 / 3.0
	r += (20.0*math.Sin(x*math.Pi) + 40.0*math.Sin(x/3.0*math.Pi)) * 2.0 / 3.0
	r += (150.0*math.Sin(x/12.0*math.Pi) + 300.0*math.Sin(x/30.0*math.Pi)) * 2.0 / 3.0
	return r
}
