package regions

import "github.com/civgraph/civgraph/civ"

// Index looks administrative divisions up by code and walks the hierarchy.
// It is immutable once built and safe for concurrent use; the regions it
// returns are copies the caller may change.
type Index struct {
	byCode   map[string]*entry
	counties map[civ.ProvinceCode][]*entry // ordered by code
	levels   map[civ.RegionLevel]int
}

type entry struct {
	region   civ.Region
	province civ.ProvinceCode
	children []*entry // ordered by code
	source   string   // table and line, for error messages
	line     int
}

// copy returns the region with its own Seat, so callers cannot change the
// shared index through the pointer.
func (e *entry) copy() civ.Region {
	r := e.region
	if r.Seat != nil {
		seat := *r.Seat
		r.Seat = &seat
	}
	return r
}

func copyAll(es []*entry, keep func(*entry) bool) []civ.Region {
	out := make([]civ.Region, 0, len(es))
	for _, e := range es {
		if keep == nil || keep(e) {
			out = append(out, e.copy())
		}
	}
	return out
}

// Lookup returns the division with the given six-digit GB/T 2260 code or
// nine-digit NBS township code.
func (ix *Index) Lookup(code string) (civ.Region, bool) {
	e, ok := ix.byCode[code]
	if !ok {
		return civ.Region{}, false
	}
	return e.copy(), true
}

// Parent returns the division directly above code; false for a province
// or an unknown code.
func (ix *Index) Parent(code string) (civ.Region, bool) {
	e, ok := ix.byCode[code]
	if !ok || e.region.ParentCode == "" {
		return civ.Region{}, false
	}
	return ix.Lookup(e.region.ParentCode)
}

// Children returns the divisions directly under code, ordered by code
// (compared as strings, so a prefecture's statistical-zone townships sit
// among its counties). It is empty for a township or an unknown code.
func (ix *Index) Children(code string) []civ.Region {
	e, ok := ix.byCode[code]
	if !ok {
		return nil
	}
	return copyAll(e.children, nil)
}

// Counties returns the county-level divisions of province p, ordered by
// code, including those directly under the province (Shanghai's districts,
// Hubei's 仙桃, 潜江, 天门 and 神农架林区).
func (ix *Index) Counties(p civ.ProvinceCode) []civ.Region {
	return copyAll(ix.counties[p], nil)
}

// Towns returns the townships directly under a county-level code, ordered
// by code. Given a prefecture code it returns the townships of that
// prefecture's statistical-only zones.
func (ix *Index) Towns(countyCode string) []civ.Region {
	e, ok := ix.byCode[countyCode]
	if !ok {
		return nil
	}
	return copyAll(e.children, func(c *entry) bool { return c.region.Level == civ.LevelTown })
}

// Province returns the province a known division belongs to; false for a
// code not in the index. (civ.ProvinceByAdminCode maps any code by its
// first two digits without checking that the division exists.)
func (ix *Index) Province(code string) (civ.ProvinceCode, bool) {
	e, ok := ix.byCode[code]
	if !ok {
		return "", false
	}
	return e.province, true
}

// Len returns the number of divisions at a level.
func (ix *Index) Len(level civ.RegionLevel) int { return ix.levels[level] }
