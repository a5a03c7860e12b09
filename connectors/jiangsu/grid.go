package jiangsu

import (
	"math"

	"github.com/civgraph/civgraph/civ"
)

// grid buckets located rows into cells of a fixed size in degrees, so
// that a box or circle looks only at the rows of the cells it overlaps.
type grid struct {
	lat0, lng0 float64 // south-west corner of cell (0, 0)
	cell       float64 // degrees a side
	rows, cols int
	cells      postings // cell (row-major) → rows located in it
}

// Cells are a tenth of a degree (about 11 km) unless the register spreads
// so wide that more than maxCells would be needed.
const (
	gridCell = 0.1
	maxCells = 1 << 16
)

func newGrid(r *rows) grid {
	g := grid{cell: gridCell}
	minLat, minLng, maxLat, maxLng := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i := range int32(r.len()) {
		if p, ok := r.point(i); ok {
			minLat, maxLat = min(minLat, p.Lat), max(maxLat, p.Lat)
			minLng, maxLng = min(minLng, p.Lng), max(maxLng, p.Lng)
		}
	}
	if math.IsInf(minLat, 1) {
		g.cells = postings{start: []int32{0, 0}}
		return g
	}
	for (maxLat-minLat)/g.cell*(maxLng-minLng)/g.cell > maxCells {
		g.cell *= 2
	}
	g.lat0, g.lng0 = minLat, minLng
	g.rows, g.cols = int((maxLat-minLat)/g.cell)+1, int((maxLng-minLng)/g.cell)+1
	g.cells.start = make([]int32, g.rows*g.cols+1)
	for i := range int32(r.len()) {
		if p, ok := r.point(i); ok {
			g.cells.start[g.cellOf(p)+1]++
		}
	}
	for k := range g.rows * g.cols {
		g.cells.start[k+1] += g.cells.start[k]
	}
	g.cells.rows = slabMake[int32](r.slab, int(g.cells.start[g.rows*g.cols]))
	fill := append([]int32(nil), g.cells.start...)
	for i := range int32(r.len()) {
		if p, ok := r.point(i); ok {
			c := g.cellOf(p)
			g.cells.rows[fill[c]] = i
			fill[c]++
		}
	}
	return g
}

func (g grid) cellOf(p civ.GeoPoint) int {
	y := min(int((p.Lat-g.lat0)/g.cell), g.rows-1)
	x := min(int((p.Lng-g.lng0)/g.cell), g.cols-1)
	return y*g.cols + x
}

// within calls f with the rows of every cell overlapping the box
// [south, north] × [west, east]; they may lie outside it.
func (g grid) within(south, west, north, east float64, f func(rows []int32)) {
	if g.rows == 0 {
		return
	}
	clamp := func(v float64, n int) int { return max(0, min(n-1, int(math.Floor(v)))) }
	if north < g.lat0 || east < g.lng0 || south > g.lat0+float64(g.rows)*g.cell || west > g.lng0+float64(g.cols)*g.cell {
		return
	}
	y0, y1 := clamp((south-g.lat0)/g.cell, g.rows), clamp((north-g.lat0)/g.cell, g.rows)
	x0, x1 := clamp((west-g.lng0)/g.cell, g.cols), clamp((east-g.lng0)/g.cell, g.cols)
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			f(g.cells.of(uint32(y*g.cols + x)))
		}
	}
}

// circleBox is a box holding every point within radiusKm of c on
// geo.Distance's sphere (a degree of latitude is 111.19 km there, one of
// longitude that times the cosine of the latitude): the margins are
// rounded outwards, and a circle reaching near a pole, or wider than
// 2,000 km, takes every longitude.
func circleBox(c civ.GeoPoint, radiusKm float64) (south, west, north, east float64) {
	dLat := radiusKm / 111.0
	south, north = c.Lat-dLat, c.Lat+dLat
	far := math.Max(math.Abs(south), math.Abs(north))
	if far >= 85 || radiusKm > 2000 {
		return south, -180, north, 180
	}
	dLng := radiusKm / (111.0 * math.Cos(far*math.Pi/180))
	return south, c.Lng - dLng, north, c.Lng + dLng
}
