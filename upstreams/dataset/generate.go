package dataset

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"civgraph/civ"
	"civgraph/regions"
)

// idPrefix is each province's prefix for generated site IDs; generated IDs
// sort after the real ones ("…-GEN-…" > "…-CEM-…", "…-MAR-…", "…-FUN-…").
var idPrefix = map[civ.ProvinceCode]string{
	civ.Hebei: "HEB-GEN-", civ.Hubei: "HUB-GEN-", civ.Jiangsu: "JS-GEN-", civ.Shanghai: "SH-GEN-",
}

// typeMix weighs site types per province: Shanghai's data is mostly its
// elderly-meal network; elsewhere the mix is broader.
var typeMix = map[civ.ProvinceCode][]weighted{
	civ.Shanghai: {{civ.SiteMealPoint, 50}, {civ.SiteCommunityCanteen, 30}, {civ.SiteElderlyServiceCenter, 10}, {civ.SiteMarriageRegistry, 3}, {civ.SiteFuneralHome, 2}, {civ.SiteRescueStation, 2}, {civ.SiteRehabAidCenter, 3}},
}

var defaultMix = []weighted{
	{civ.SiteMealPoint, 30}, {civ.SiteCommunityCanteen, 15}, {civ.SiteElderlyServiceCenter, 15}, {civ.SiteMarriageRegistry, 12},
	{civ.SiteFuneralHome, 8}, {civ.SiteCemetery, 8}, {civ.SiteRescueStation, 6}, {civ.SiteRehabAidCenter, 6},
}

type weighted struct {
	typ    civ.SiteType
	weight int
}

var typeNames = map[civ.SiteType]string{
	civ.SiteMealPoint: "老年助餐点", civ.SiteCommunityCanteen: "社区长者食堂", civ.SiteElderlyServiceCenter: "综合为老服务中心",
	civ.SiteMarriageRegistry: "婚姻登记处", civ.SiteFuneralHome: "殡仪馆", civ.SiteCemetery: "公益性公墓",
	civ.SiteRescueStation: "救助管理站", civ.SiteRehabAidCenter: "康复辅助器具服务中心",
}

var typeCapacity = map[civ.SiteType][2]int{
	civ.SiteMealPoint: {30, 150}, civ.SiteCommunityCanteen: {60, 300}, civ.SiteElderlyServiceCenter: {20, 120},
	civ.SiteRescueStation: {20, 200}, civ.SiteRehabAidCenter: {0, 0}, civ.SiteMarriageRegistry: {0, 0},
	civ.SiteFuneralHome: {0, 0}, civ.SiteCemetery: {0, 0},
}

// sampleMarker is appended to generated names and addresses so that no one
// mistakes them for real places.
const sampleMarker = "（示例）"

// generatedUpdated is the base of generated update times (spread over 2024).
var generatedUpdated = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// generateSites makes n sample sites for province p, deterministically
// from seed, placed in real counties and townships near the county seat.
func generateSites(p civ.ProvinceCode, n int, seed uint64, ix *regions.Index) ([]civ.ServiceSite, error) {
	counties := ix.Counties(p)
	if len(counties) == 0 {
		return nil, fmt.Errorf("no counties known for %s", p)
	}
	towns := make([][]civ.Region, len(counties))
	for i, c := range counties {
		towns[i] = ix.Towns(c.Code)
	}
	mix := typeMix[p]
	if mix == nil {
		mix = defaultMix
	}
	total := 0
	for _, w := range mix {
		total += w.weight
	}
	provinceSeed := seed
	for _, c := range string(p) {
		provinceSeed = provinceSeed*31 + uint64(c)
	}
	r := rand.New(rand.NewPCG(seed, provinceSeed))
	out := make([]civ.ServiceSite, n)
	for i := range out {
		ci := r.IntN(len(counties))
		county := counties[ci]
		region, place := county.Code, county.Name
		if ts := towns[ci]; len(ts) > 0 {
			t := ts[r.IntN(len(ts))]
			region, place = t.Code, county.Name+t.Name
		}
		typ := pick(r, mix, total)
		s := civ.ServiceSite{
			ID:         fmt.Sprintf("%s%07d", idPrefix[p], i+1),
			Province:   p,
			Type:       typ,
			Name:       fmt.Sprintf("%s第%d%s%s", place, i+1, typeNames[typ], sampleMarker),
			Address:    fmt.Sprintf("%s示例路%d号%s", place, 1+r.IntN(999), sampleMarker),
			RegionCode: region,
			// 0000 in the middle marks the number as fictitious.
			Phone:     fmt.Sprintf("0%02d-0000%04d", 10+r.IntN(90), r.IntN(10000)),
			UpdatedAt: generatedUpdated.Add(time.Duration(r.IntN(366*24)) * time.Hour),
			Sample:    true,
			Source:    "generated",
		}
		if county.Seat != nil {
			loc := offsetWithin(r, *county.Seat, 5000)
			s.Location = &loc
		}
		if c := typeCapacity[typ]; c[1] > 0 {
			v := c[0] + r.IntN(c[1]-c[0]+1)
			s.Capacity = &v
		}
		if typ == civ.SiteMealPoint || typ == civ.SiteCommunityCanteen {
			s.OpeningHours = "10:30-13:00, 16:30-18:00"
		} else {
			s.OpeningHours = "周一至周五 9:00-17:00"
		}
		out[i] = s
	}
	return out, nil
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

// offsetWithin returns a point at most radius metres from p, uniform over the disc.
func offsetWithin(r *rand.Rand, p civ.GeoPoint, radius float64) civ.GeoPoint {
	d := radius * math.Sqrt(r.Float64())
	bearing := r.Float64() * 2 * math.Pi
	const metresPerDegree = 111320.0
	dLat := d * math.Cos(bearing) / metresPerDegree
	dLng := d * math.Sin(bearing) / (metresPerDegree * math.Cos(p.Lat*math.Pi/180))
	return civ.GeoPoint{Lat: round6(p.Lat + dLat), Lng: round6(p.Lng + dLng)}
}

// round6 keeps a coordinate to 6 decimals (about 0.1 m), as upstreams publish them.
func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }
