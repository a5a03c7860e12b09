package regions

import (
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/geo"
)

// Columns read from each table; other columns are ignored.
var (
	mcaColumns   = []string{"code", "name", "level", "parent_code", "seat_lng_gcj02", "seat_lat_gcj02", "coord_source_adcode"}
	townsColumns = []string{"code9", "name", "county_code", "city_code_nbs4"}
)

var levelNames = map[string]civ.RegionLevel{
	"province":   civ.LevelProvince,
	"prefecture": civ.LevelPrefecture,
	"county":     civ.LevelCounty,
}

// rank orders levels from the top; a parent ranks above its child.
var rank = map[civ.RegionLevel]int{
	civ.LevelProvince: 0, civ.LevelPrefecture: 1, civ.LevelCounty: 2, civ.LevelTown: 3,
}

// Parse builds an index from the MCA division table (GB/T 2260 codes with
// GCJ-02 seats) and the NBS township table, in the CSV layout of the files
// under data/. Every row becomes a region or Parse fails with an error
// naming the table and line; nothing is skipped.
func Parse(mca, towns io.Reader) (*Index, error) {
	ix := &Index{byCode: map[string]*entry{}}
	renumbered := map[string]string{} // old NBS/DataV county code → MCA 2024 code
	err := eachRow(mca, mcaColumns, func(r row) error {
		e, err := mcaEntry(r)
		if err != nil {
			return err
		}
		if old := r.get("coord_source_adcode"); old != "" && old != e.region.Code {
			if !isCode(old, 6) {
				return r.errorf("bad coord_source_adcode %q", old)
			}
			renumbered[old] = e.region.Code
		}
		return ix.add(e)
	})
	if err != nil {
		return nil, fmt.Errorf("divisions: %w", err)
	}
	err = eachRow(towns, townsColumns, func(r row) error {
		e, err := ix.townEntry(r, renumbered)
		if err != nil {
			return err
		}
		return ix.add(e)
	})
	if err != nil {
		return nil, fmt.Errorf("townships: %w", err)
	}
	if err := ix.link(); err != nil {
		return nil, err
	}
	return ix, nil
}

func mcaEntry(r row) (*entry, error) {
	code, name := r.get("code"), r.get("name")
	if !isCode(code, 6) {
		return nil, r.errorf("bad code %q, want 6 digits", code)
	}
	if name == "" {
		return nil, r.errorf("%s has no name", code)
	}
	level, ok := levelNames[r.get("level")]
	if !ok {
		return nil, r.errorf("%s: unknown level %q", code, r.get("level"))
	}
	parent := r.get("parent_code")
	if parent != "" && !isCode(parent, 6) {
		return nil, r.errorf("%s: bad parent_code %q", code, parent)
	}
	seat, err := parseSeat(r.get("seat_lng_gcj02"), r.get("seat_lat_gcj02"))
	if err != nil {
		return nil, r.errorf("%s: %w", code, err)
	}
	return &entry{
		region: civ.Region{Code: code, Name: name, Level: level, ParentCode: parent, Seat: seat},
		source: "divisions", line: r.line,
	}, nil
}

// parseSeat converts a GCJ-02 seat to WGS-84; both columns empty means no seat.
func parseSeat(lngText, latText string) (*civ.GeoPoint, error) {
	if lngText == "" && latText == "" {
		return nil, nil
	}
	lng, err := strconv.ParseFloat(lngText, 64)
	if err != nil {
		return nil, fmt.Errorf("bad seat longitude %q", lngText)
	}
	lat, err := strconv.ParseFloat(latText, 64)
	if err != nil {
		return nil, fmt.Errorf("bad seat latitude %q", latText)
	}
	gcj := civ.GeoPoint{Lat: lat, Lng: lng}
	if geo.OutOfChina(gcj) {
		return nil, fmt.Errorf("seat %v, %v is outside China (columns swapped?)", lng, lat)
	}
	wgs := geo.GCJ02ToWGS84(gcj)
	return &wgs, nil
}

// townEntry reads a township row and decides its parent: the NBS county
// if it is an MCA code, its renumbered MCA code, or, for a statistical-only
// zone, the zone's prefecture.
func (ix *Index) townEntry(r row, renumbered map[string]string) (*entry, error) {
	code, name, county, city := r.get("code9"), r.get("name"), r.get("county_code"), r.get("city_code_nbs4")
	switch {
	case !isCode(code, 9):
		return nil, r.errorf("bad code %q, want 9 digits", code)
	case name == "":
		return nil, r.errorf("%s has no name", code)
	case county != code[:6]:
		return nil, r.errorf("%s: county_code %q is not the code's first six digits", code, county)
	case city != code[:4]:
		return nil, r.errorf("%s: city_code_nbs4 %q is not the code's first four digits", code, city)
	}
	parent := county
	if _, ok := ix.byCode[parent]; !ok {
		switch mca, renamed := renumbered[county]; {
		case renamed:
			parent = mca
		case county[4] == '7':
			parent = city + "00"
		default:
			return nil, r.errorf("%s %s: county %s is neither an MCA code nor an NBS statistical zone", code, name, county)
		}
	}
	return &entry{
		region: civ.Region{Code: code, Name: name, Level: civ.LevelTown, ParentCode: parent},
		source: "townships", line: r.line,
	}, nil
}

func (ix *Index) add(e *entry) error {
	if prev, dup := ix.byCode[e.region.Code]; dup {
		return fmt.Errorf("line %d: duplicate code %s (first on %s line %d)", e.line, e.region.Code, prev.source, prev.line)
	}
	ix.byCode[e.region.Code] = e
	return nil
}

// link checks every parent and province, then fills the children lists
// and the per-province county lists, all ordered by code.
func (ix *Index) link() error {
	ix.counties = map[civ.ProvinceCode][]*entry{}
	ix.levels = map[civ.RegionLevel]int{}
	codes := make([]string, 0, len(ix.byCode))
	for code := range ix.byCode {
		codes = append(codes, code)
	}
	slices.Sort(codes) // children are appended in code order
	for _, code := range codes {
		e := ix.byCode[code]
		if err := ix.attach(e); err != nil {
			return fmt.Errorf("%s line %d: %s %s: %w", e.source, e.line, e.region.Code, e.region.Name, err)
		}
		ix.levels[e.region.Level]++
		if e.region.Level == civ.LevelCounty {
			ix.counties[e.province] = append(ix.counties[e.province], e)
		}
	}
	return nil
}

func (ix *Index) attach(e *entry) error {
	p, ok := civ.ProvinceByAdminCode(e.region.Code)
	if !ok {
		return fmt.Errorf("not in one of the four provinces")
	}
	e.province = p.Code
	if e.region.Level == civ.LevelProvince {
		if e.region.Code != p.AdminCode || e.region.ParentCode != "" {
			return fmt.Errorf("a province must have code %s and no parent", p.AdminCode)
		}
		return nil
	}
	parent, ok := ix.byCode[e.region.ParentCode]
	switch {
	case !ok:
		return fmt.Errorf("parent %q is not in the table", e.region.ParentCode)
	case rank[parent.region.Level] >= rank[e.region.Level]:
		return fmt.Errorf("parent %s is a %s, not above a %s", parent.region.Code, parent.region.Level, e.region.Level)
	case parent.region.Code[:2] != e.region.Code[:2]:
		return fmt.Errorf("parent %s is in another province", parent.region.Code)
	}
	parent.children = append(parent.children, e)
	return nil
}

func isCode(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
