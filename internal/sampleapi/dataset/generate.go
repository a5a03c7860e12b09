package dataset

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/regions"
)

// MaxSampleSites is the most generated sites a province can have: their
// IDs carry seven digits so that they sort in generation order.
const MaxSampleSites = 9_999_999

// sampleMarker ends every generated text a reader sees — name, address,
// phone, opening hours and the capacity's wording — so that no one takes
// them for real places or numbers. Values that cannot carry it (the
// capacity figure, the location, the update time) are declared generated
// by the row's provenance notes and by the schema's descriptions.
const sampleMarker = "（示例）"

// generatedSource is the Source of every generated row.
const generatedSource = "generated"

// generatedProvenance is the provenance of every generated row, shared by
// all of them (a million rows a province must stay cheap).
var generatedProvenance = &civ.SiteProvenance{
	Kind: "generated sample data（示例数据）",
	Notes: "示例数据，不是真实场所：名称、地址、电话、开放时间、规模、位置和更新时间均为生成值。" +
		" / Generated sample, not a real place: its name, address, phone, opening hours, capacity, location and update time are all generated.",
}

// profile is how one province's sample sites look.
type profile struct {
	// idPrefix starts generated IDs; "SAMPLE" sorts after every real ID
	// kind (CEM, FUN, MAR, MEAL, MH), and Load checks that it does.
	idPrefix string
	// areaCode is the capital's telephone area code; the local part of a
	// generated number starts with 0000, which no real number does.
	areaCode string
	mix      []weighted
}

type weighted struct {
	typ    civ.SiteType
	weight int
}

// Shanghai's data is mostly its elderly-meal network; elsewhere the mix is
// broader.
var (
	shanghaiMix = []weighted{
		{civ.SiteMealPoint, 50}, {civ.SiteCommunityCanteen, 30}, {civ.SiteElderlyServiceCenter, 10},
		{civ.SiteMarriageRegistry, 3}, {civ.SiteFuneralHome, 2}, {civ.SiteRescueStation, 2}, {civ.SiteRehabAidCenter, 3},
	}
	defaultMix = []weighted{
		{civ.SiteMealPoint, 30}, {civ.SiteCommunityCanteen, 15}, {civ.SiteElderlyServiceCenter, 15}, {civ.SiteMarriageRegistry, 12},
		{civ.SiteFuneralHome, 8}, {civ.SiteCemetery, 8}, {civ.SiteRescueStation, 6}, {civ.SiteRehabAidCenter, 6},
	}
)

var profiles = map[civ.ProvinceCode]profile{
	civ.Hebei:    {idPrefix: "HEB-SAMPLE-", areaCode: "0311", mix: defaultMix},
	civ.Shanghai: {idPrefix: "SH-SAMPLE-", areaCode: "021", mix: shanghaiMix},
	civ.Jiangsu:  {idPrefix: "JS-SAMPLE-", areaCode: "025", mix: defaultMix},
	civ.Hubei:    {idPrefix: "HUB-SAMPLE-", areaCode: "027", mix: defaultMix},
}

// siteKind is what a generated site of one type looks like.
type siteKind struct {
	name     string
	capacity [2]int // in unit; {0, 0}: none stated
	hours    string
	unit     civ.CapacityUnit // what capacity counts
}

var siteKinds = map[civ.SiteType]siteKind{
	civ.SiteMealPoint:            {"老年助餐点", [2]int{30, 150}, "10:30-13:00, 16:30-18:00" + sampleMarker, civ.UnitMealsPerDay},
	civ.SiteCommunityCanteen:     {"社区长者食堂", [2]int{60, 300}, "10:30-13:00, 16:30-18:00" + sampleMarker, civ.UnitSeats},
	civ.SiteElderlyServiceCenter: {"综合为老服务中心", [2]int{20, 120}, "8:30-17:00" + sampleMarker, civ.UnitBeds},
	civ.SiteMarriageRegistry:     {"婚姻登记处", [2]int{}, "周一至周五 9:00-17:00" + sampleMarker, ""},
	civ.SiteFuneralHome:          {"殡仪馆", [2]int{}, "全天" + sampleMarker, ""},
	civ.SiteCemetery:             {"公益性公墓", [2]int{}, "8:00-17:00" + sampleMarker, ""},
	civ.SiteRescueStation:        {"救助管理站", [2]int{20, 200}, "全天" + sampleMarker, civ.UnitBeds},
	civ.SiteRehabAidCenter:       {"康复辅助器具服务中心", [2]int{}, "周一至周五 9:00-17:00" + sampleMarker, ""},
}

// generatedUpdated is the start of the year generated update times fall in.
var generatedUpdated = time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)

// seatRadius is how far from its county seat a generated site may lie.
const seatRadius = 5000.0 // metres

// place is where a generated site can be: a township, or a county that
// has none in the index.
type place struct {
	code    string // region code
	name    string // county and township, e.g. 江岸区大智街道
	address string // province, prefecture, county and township
}

type county struct {
	seat   *civ.GeoPoint
	places []place
}

// counties lists province p's county-level divisions with their places.
func counties(ix *regions.Index, p civ.ProvinceCode) ([]county, error) {
	info, _ := civ.ProvinceInfo(p)
	cs := ix.Counties(p)
	if len(cs) == 0 {
		return nil, fmt.Errorf("no counties known for %s", p)
	}
	out := make([]county, len(cs))
	for i, c := range cs {
		prefix := info.Name
		if parent, ok := ix.Parent(c.Code); ok && parent.Level == civ.LevelPrefecture {
			prefix += parent.Name
		}
		prefix += c.Name
		towns := ix.Towns(c.Code)
		if len(towns) == 0 {
			out[i] = county{seat: c.Seat, places: []place{{c.Code, c.Name, prefix}}}
			continue
		}
		places := make([]place, len(towns))
		for j, t := range towns {
			places[j] = place{t.Code, c.Name + t.Name, prefix + t.Name}
		}
		out[i] = county{seat: c.Seat, places: places}
	}
	return out, nil
}

// generateSites appends n sample sites for province p to dst,
// deterministically from seed: each in a real county (a real township
// where the county has any), within seatRadius of the county seat.
func generateSites(dst []civ.ServiceSite, p civ.ProvinceCode, n int, seed uint64, ix *regions.Index) ([]civ.ServiceSite, error) {
	prof, ok := profiles[p]
	if !ok {
		return nil, fmt.Errorf("no sample profile for %s", p)
	}
	cs, err := counties(ix, p)
	if err != nil {
		return nil, err
	}
	total := 0
	for _, w := range prof.mix {
		total += w.weight
	}
	r := rand.New(rand.NewPCG(seed, provinceStream(p)))
	// One block each for locations and capacities instead of an allocation
	// per row: a million rows a province must stay cheap.
	locs := make([]civ.GeoPoint, n)
	caps := make([]int, n)
	var buf []byte
	for i := range n {
		c := cs[r.IntN(len(cs))]
		pl := c.places[r.IntN(len(c.places))]
		typ := pick(r, prof.mix, total)
		kind := siteKinds[typ]
		seq := i + 1

		// Build the row's strings in one buffer and slice them out of one
		// string: one allocation per row.
		buf = buf[:0]
		buf = append(buf, prof.idPrefix...)
		buf = appendPadded(buf, seq, 7)
		idEnd := len(buf)
		buf = append(buf, pl.name...)
		buf = append(buf, "第"...)
		buf = strconv.AppendInt(buf, int64(seq), 10)
		buf = append(buf, kind.name...)
		buf = append(buf, sampleMarker...)
		nameEnd := len(buf)
		buf = append(buf, pl.address...)
		buf = append(buf, "示例路"...)
		buf = strconv.AppendInt(buf, int64(1+r.IntN(999)), 10)
		buf = append(buf, "号"...)
		buf = append(buf, sampleMarker...)
		addrEnd := len(buf)
		buf = append(buf, prof.areaCode...)
		buf = append(buf, "-0000"...)
		buf = appendPadded(buf, r.IntN(10000), 4)
		buf = append(buf, sampleMarker...)
		phoneEnd := len(buf)
		// Draw the update time, location and capacity in the generator's
		// historical order, so that a seed keeps giving the same rows.
		updated := generatedUpdated.Add(time.Duration(r.IntN(366*24)) * time.Hour)
		if c.seat != nil {
			locs[i] = offsetWithin(r, *c.seat, seatRadius)
		}
		capacity := 0
		if lo, hi := kind.capacity[0], kind.capacity[1]; hi > 0 {
			capacity = lo + r.IntN(hi-lo+1)
			buf = strconv.AppendInt(buf, int64(capacity), 10)
			buf = append(buf, sampleMarker...)
		}
		row := string(buf)

		s := civ.ServiceSite{
			ID:           row[:idEnd],
			Province:     p,
			Type:         typ,
			Name:         row[idEnd:nameEnd],
			Address:      row[nameEnd:addrEnd],
			RegionCode:   pl.code,
			Phone:        row[addrEnd:phoneEnd],
			OpeningHours: kind.hours,
			UpdatedAt:    updated,
			Sample:       true,
			Source:       generatedSource,
			Provenance:   generatedProvenance,
		}
		if c.seat != nil {
			s.Location = &locs[i]
		}
		if kind.capacity[1] > 0 {
			caps[i] = capacity
			s.Capacity, s.CapacityText, s.CapacityUnit = &caps[i], row[phoneEnd:], kind.unit
		}
		dst = append(dst, s)
	}
	return dst, nil
}

// provinceStream is the second PCG word for p, so that provinces draw
// different sequences from one seed.
func provinceStream(p civ.ProvinceCode) uint64 {
	var h uint64 = 14695981039346656037 // FNV-1a
	for _, b := range []byte(p) {
		h = (h ^ uint64(b)) * 1099511628211
	}
	return h
}

// appendPadded appends v in decimal, zero-padded to width digits.
func appendPadded(buf []byte, v, width int) []byte {
	var digits [20]byte
	d := strconv.AppendInt(digits[:0], int64(v), 10)
	for range width - len(d) {
		buf = append(buf, '0')
	}
	return append(buf, d...)
}

func pick(r *rand.Rand, mix []weighted, total int) civ.SiteType {
	n := r.IntN(total)
	for _, w := range mix {
		if n < w.weight {
			return w.typ
		}
		n -= w.weight
	}
	return mix[len(mix)-1].typ
}

// offsetWithin returns a point at most radius metres from p, uniform over
// the disc (a local flat-earth approximation, exact enough at 5 km).
func offsetWithin(r *rand.Rand, p civ.GeoPoint, radius float64) civ.GeoPoint {
	d := radius * math.Sqrt(r.Float64())
	bearing := r.Float64() * 2 * math.Pi
	const metresPerDegree = 111320.0
	dLat := d * math.Cos(bearing) / metresPerDegree
	dLng := d * math.Sin(bearing) / (metresPerDegree * math.Cos(p.Lat*math.Pi/180))
	return civ.GeoPoint{Lat: round6(p.Lat + dLat), Lng: round6(p.Lng + dLng)}
}

// round6 keeps a coordinate to 6 decimals (about 0.1 m), as upstreams
// publish them.
func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }
