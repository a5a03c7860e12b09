package geo

import (
	"math"

	"civgraph/civ"
)

// Krasovsky 1940 ellipsoid, as the GCJ-02 algorithm uses it.
const (
	semiMajor    = 6378245.0
	eccentricity = 0.00669342162296594323
	earthRadius  = 6371008.8 // mean radius for haversine, metres
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

// GCJ02ToWGS84 inverts WGS84ToGCJ02 by fixed-point iteration: the offset
// varies slowly, so each step shrinks the error by orders of magnitude
// and a few steps reach well under a millimetre.
func GCJ02ToWGS84(p civ.GeoPoint) civ.GeoPoint {
	if OutOfChina(p) {
		return p
	}
	w := p
	for range 10 {
		g := WGS84ToGCJ02(w)
		dLat, dLng := g.Lat-p.Lat, g.Lng-p.Lng
		w = civ.GeoPoint{Lat: w.Lat - dLat, Lng: w.Lng - dLng}
		if math.Abs(dLat) < 1e-10 && math.Abs(dLng) < 1e-10 {
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
	magic = 1 - eccentricity*magic*magic
	sqrtMagic := math.Sqrt(magic)
	dLat = (dLat * 180.0) / ((semiMajor * (1 - eccentricity)) / (magic * sqrtMagic) * math.Pi)
	dLng = (dLng * 180.0) / (semiMajor / sqrtMagic * math.Cos(radLat) * math.Pi)
	return dLat, dLng
}

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

// Distance is the great-circle distance between a and b in metres.
func Distance(a, b civ.GeoPoint) float64 {
	lat1, lat2 := a.Lat*math.Pi/180, b.Lat*math.Pi/180
	dLat := lat2 - lat1
	dLng := (b.Lng - a.Lng) * math.Pi / 180
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1)*math.Cos(lat2)*math.Sin(dLng/2)*math.Sin(dLng/2)
	return 2 * earthRadius * math.Asin(math.Min(1, math.Sqrt(h)))
}
