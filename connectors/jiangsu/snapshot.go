package jiangsu

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/civgraph/civgraph/civ"
)

// rows is the bulk file's register held column by column, so that a
// million sites cost tens of megabytes rather than the hundreds a slice of
// civ.ServiceSite would: many-valued strings go to a strtab, few-valued
// ones (opening hours, source, provenance) to a table of profiles, and
// numbers to fixed-width columns. Row i is the file's i-th data row; it is
// read-only once built and shared by every request until revalidation.
type rows struct {
	slab     *slab // holds the columns below and the index's arrays
	strs     *strtab
	off      []uint32 // row → its strings in strs: id, name, address, phone, capacity text
	typ      []uint8  // index into civ.AllSiteTypes
	flags    []uint8
	region   []uint32 // index into regionCodes, which is sorted
	updated  []int64  // Unix nanoseconds; noTime when unknown
	lat, lng []int32  // micro-degrees, when flagLocation and the value is exact in them
	capacity []int32  // when flagCapacity
	profile  []uint32 // index into profiles

	regionCodes []string
	profiles    []profile
	oddPoints   map[int32]civ.GeoPoint // rows whose coordinates micro-degrees do not hold exactly
}

// Row flags.
const (
	flagSample uint8 = 1 << iota
	flagCapacityApprox
	flagLocation
	flagCapacity
	flagOddPoint // the location is in oddPoints
)

const noTime = math.MinInt64

// profile is what many rows share: the few-valued columns.
type profile struct {
	hours, source, typeText string
	unit                    civ.CapacityUnit
	prov                    *civ.SiteProvenance
}

func (r *rows) len() int { return len(r.off) }

// builder collects rows in file order.
type builder struct {
	r        *rows
	regions  map[string]uint32 // code → provisional index (first seen)
	profiles map[profileKey]uint32
}

// profileKey is profile with its provenance by value, so equal ones merge.
type profileKey struct {
	hours, source, typeText string
	unit                    civ.CapacityUnit
	prov                    civ.SiteProvenance
	hasProv                 bool
}

func newBuilder() *builder {
	s := newSlab()
	return &builder{r: &rows{slab: s, strs: newStrtab(s), oddPoints: map[int32]civ.GeoPoint{}},
		regions: map[string]uint32{}, profiles: map[profileKey]uint32{}}
}

// add appends s; the row count must stay within int32 (the indexes' width).
func (b *builder) add(s civ.ServiceSite) error {
	r := b.r
	if r.len() >= math.MaxInt32 {
		return fmt.Errorf("more than %d rows", math.MaxInt32)
	}
	row := int32(r.len())
	if len(r.strs.arena) > math.MaxUint32 {
		return fmt.Errorf("the register's text exceeds %d bytes", uint64(math.MaxUint32))
	}
	mem := r.slab
	r.off = append(slabGrow(mem, r.off, 1), uint32(len(r.strs.arena)))
	for _, v := range []string{s.ID, s.Name, s.Address, s.Phone, s.CapacityText} {
		r.strs.add(v)
	}
	r.typ = append(slabGrow(mem, r.typ, 1), uint8(slices.Index(civ.AllSiteTypes, s.Type)))
	var flags uint8
	set := func(f uint8, on bool) {
		if on {
			flags |= f
		}
	}
	set(flagSample, s.Sample)
	set(flagCapacityApprox, s.CapacityApproximate)
	var lat, lng int32
	if s.Location != nil {
		flags |= flagLocation
		var ok bool
		if lat, lng, ok = microDegrees(*s.Location); !ok {
			flags |= flagOddPoint
			r.oddPoints[row] = *s.Location
		}
	}
	r.lat, r.lng = append(slabGrow(mem, r.lat, 1), lat), append(slabGrow(mem, r.lng, 1), lng)
	var capacity int32
	if s.Capacity != nil {
		if *s.Capacity > math.MaxInt32 {
			return fmt.Errorf("capacity %d is too large", *s.Capacity)
		}
		flags |= flagCapacity
		capacity = int32(*s.Capacity)
	}
	r.capacity = append(slabGrow(mem, r.capacity, 1), capacity)
	r.flags = append(slabGrow(mem, r.flags, 1), flags)
	updated := int64(noTime)
	if !s.UpdatedAt.IsZero() {
		updated = s.UpdatedAt.UnixNano()
	}
	r.updated = append(slabGrow(mem, r.updated, 1), updated)
	r.region = append(slabGrow(mem, r.region, 1), b.regionIndex(s.RegionCode))
	r.profile = append(slabGrow(mem, r.profile, 1), b.profileIndex(s))
	return nil
}

func (b *builder) regionIndex(code string) uint32 {
	if i, ok := b.regions[code]; ok {
		return i
	}
	i := uint32(len(b.r.regionCodes))
	b.regions[code] = i
	b.r.regionCodes = append(b.r.regionCodes, code)
	return i
}

func (b *builder) profileIndex(s civ.ServiceSite) uint32 {
	k := profileKey{hours: s.OpeningHours, source: s.Source, typeText: s.TypeText, unit: s.CapacityUnit}
	if s.Provenance != nil {
		k.prov, k.hasProv = *s.Provenance, true
	}
	if i, ok := b.profiles[k]; ok {
		return i
	}
	i := uint32(len(b.r.profiles))
	b.profiles[k] = i
	b.r.profiles = append(b.r.profiles, profile{hours: k.hours, source: k.source, typeText: k.typeText, unit: k.unit, prov: s.Provenance})
	return i
}

// finish sorts the region codes (so a region prefix is a range of them),
// trims the columns and drops what only building needs.
func (b *builder) finish() *rows {
	r := b.r
	order := make([]uint32, len(r.regionCodes)) // sorted position → provisional index
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order, func(x, y uint32) int { return cmpStrings(r.regionCodes[x], r.regionCodes[y]) })
	remap := make([]uint32, len(order))
	sorted := make([]string, len(order))
	for pos, old := range order {
		remap[old] = uint32(pos)
		sorted[pos] = r.regionCodes[old]
	}
	for i, old := range r.region {
		r.region[i] = remap[old]
	}
	r.regionCodes = sorted
	r.strs.done()
	// Exact: a column that outgrew its reservation grew by doubling, and
	// up to half of it would otherwise stay allocated for the snapshot's life.
	s := r.slab
	r.off, r.typ, r.flags, r.region = slabTrim(s, r.off), slabTrim(s, r.typ), slabTrim(s, r.flags), slabTrim(s, r.region)
	r.updated, r.lat, r.lng = slabTrim(s, r.updated), slabTrim(s, r.lat), slabTrim(s, r.lng)
	r.capacity, r.profile = slabTrim(s, r.capacity), slabTrim(s, r.profile)
	b.regions, b.profiles = nil, nil
	return r
}

func cmpStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// microDegrees is p in millionths of a degree when that is exact: the
// float64 read back is the one parsed.
func microDegrees(p civ.GeoPoint) (lat, lng int32, ok bool) {
	y, x := math.Round(p.Lat*1e6), math.Round(p.Lng*1e6)
	if math.Abs(y) > math.MaxInt32 || math.Abs(x) > math.MaxInt32 || y/1e6 != p.Lat || x/1e6 != p.Lng {
		return 0, 0, false
	}
	return int32(y), int32(x), true
}

// point is row i's location; ok is false when it has none.
func (r *rows) point(i int32) (civ.GeoPoint, bool) {
	f := r.flags[i]
	switch {
	case f&flagLocation == 0:
		return civ.GeoPoint{}, false
	case f&flagOddPoint != 0:
		return r.oddPoints[i], true
	}
	return civ.GeoPoint{Lat: float64(r.lat[i]) / 1e6, Lng: float64(r.lng[i]) / 1e6}, true
}

// updatedAt is row i's update time in China Standard Time, as parsed.
func (r *rows) updatedAt(i int32) time.Time {
	if r.updated[i] == noTime {
		return time.Time{}
	}
	return time.Unix(0, r.updated[i]).In(chinaTime)
}

// id is row i's site id.
func (r *rows) id(buf []byte, i int32) []byte {
	buf, _ = r.strs.next(buf[:0], int(r.off[i]))
	return buf
}

// nameAndAddress appends row i's name and address to buf and returns
// them as views into it.
func (r *rows) nameAndAddress(buf []byte, i int32) (name, address []byte, _ []byte) {
	off := r.strs.skip(int(r.off[i]))
	buf, off = r.strs.next(buf[:0], off)
	n := len(buf)
	buf, _ = r.strs.next(buf, off)
	return buf[:n], buf[n:], buf
}

// site rebuilds row i as a civ.ServiceSite.
func (r *rows) site(i int32) civ.ServiceSite {
	var buf []byte
	text := func(off int) (string, int) {
		buf, off = r.strs.next(buf[:0], off)
		return string(buf), off
	}
	off := int(r.off[i])
	s := civ.ServiceSite{Province: civ.Jiangsu, Type: civ.AllSiteTypes[r.typ[i]], RegionCode: r.regionCodes[r.region[i]],
		UpdatedAt: r.updatedAt(i)}
	s.ID, off = text(off)
	s.Name, off = text(off)
	s.Address, off = text(off)
	s.Phone, off = text(off)
	s.CapacityText, _ = text(off)
	f := r.flags[i]
	s.Sample, s.CapacityApproximate = f&flagSample != 0, f&flagCapacityApprox != 0
	if p, ok := r.point(i); ok {
		s.Location = &p
	}
	if f&flagCapacity != 0 {
		c := int(r.capacity[i])
		s.Capacity = &c
	}
	p := r.profiles[r.profile[i]]
	s.OpeningHours, s.Source, s.TypeText, s.CapacityUnit, s.Provenance = p.hours, p.source, p.typeText, p.unit, p.prov
	return s
}
