package regions

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"sync"

	"civgraph/civ"
	"civgraph/geo"
)

var (
	//go:embed data/divisions_4prov_mca2024.csv
	mcaCSV []byte
	//go:embed data/nbs2022_towns_streets_4prov.csv
	townsCSV []byte
)

// Index looks divisions up by code.
type Index struct {
	byCode   map[string]civ.Region
	children map[string][]string // sorted codes
}

var (
	defaultOnce  sync.Once
	defaultIndex *Index
)

// Default returns the index over the embedded data, parsed once.
func Default() *Index {
	defaultOnce.Do(func() {
		ix, err := Parse(bytes.NewReader(mcaCSV), bytes.NewReader(townsCSV))
		if err != nil {
			// The embedded files are part of the build; a parse error is a
			// programming error caught by this package's tests.
			panic(fmt.Sprintf("regions: embedded data: %v", err))
		}
		defaultIndex = ix
	})
	return defaultIndex
}

var levels = map[string]civ.RegionLevel{"province": civ.LevelProvince, "prefecture": civ.LevelPrefecture, "county": civ.LevelCounty}

// Parse reads the MCA division table and the NBS township table.
func Parse(mca, towns io.Reader) (*Index, error) {
	ix := &Index{byCode: map[string]civ.Region{}, children: map[string][]string{}}
	err := readCSV(mca, []string{"code", "name", "level", "parent_code", "seat_lng_gcj02", "seat_lat_gcj02"}, func(line int, f map[string]string) error {
		level, ok := levels[f["level"]]
		if !ok {
			return fmt.Errorf("line %d: unknown level %q", line, f["level"])
		}
		if !validCode(f["code"], 6) {
			return fmt.Errorf("line %d: bad code %q", line, f["code"])
		}
		r := civ.Region{Code: f["code"], Name: f["name"], Level: level, ParentCode: f["parent_code"]}
		if f["seat_lng_gcj02"] != "" {
			lng, err1 := strconv.ParseFloat(f["seat_lng_gcj02"], 64)
			lat, err2 := strconv.ParseFloat(f["seat_lat_gcj02"], 64)
			if err := errors.Join(err1, err2); err != nil {
				return fmt.Errorf("line %d: bad seat: %w", line, err)
			}
			seat := geo.GCJ02ToWGS84(civ.GeoPoint{Lat: lat, Lng: lng})
			r.Seat = &seat
		}
		return ix.add(r)
	})
	if err != nil {
		return nil, fmt.Errorf("divisions: %w", err)
	}
	err = readCSV(towns, []string{"code9", "name", "county_code", "city_code_nbs4"}, func(line int, f map[string]string) error {
		if !validCode(f["code9"], 9) {
			return fmt.Errorf("line %d: bad code %q", line, f["code9"])
		}
		parent := f["county_code"]
		if _, ok := ix.byCode[parent]; !ok {
			// A statistical-only zone: attach to its prefecture.
			parent = f["city_code_nbs4"] + "00"
			if _, ok := ix.byCode[parent]; !ok {
				return fmt.Errorf("line %d: township %s has no known county or prefecture", line, f["code9"])
			}
		}
		return ix.add(civ.Region{Code: f["code9"], Name: f["name"], Level: civ.LevelTown, ParentCode: parent})
	})
	if err != nil {
		return nil, fmt.Errorf("townships: %w", err)
	}
	for _, r := range ix.byCode {
		if r.ParentCode == "" {
			continue
		}
		if _, ok := ix.byCode[r.ParentCode]; !ok {
			return nil, fmt.Errorf("%s %s: parent %s is not in the table", r.Code, r.Name, r.ParentCode)
		}
		ix.children[r.ParentCode] = append(ix.children[r.ParentCode], r.Code)
	}
	for _, c := range ix.children {
		slices.Sort(c)
	}
	return ix, nil
}

func (ix *Index) add(r civ.Region) error {
	if _, dup := ix.byCode[r.Code]; dup {
		return fmt.Errorf("duplicate code %s", r.Code)
	}
	ix.byCode[r.Code] = r
	return nil
}

func validCode(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// readCSV calls row for each data line with its fields by header name,
// after checking that every wanted column exists.
func readCSV(r io.Reader, want []string, row func(line int, fields map[string]string) error) error {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("read header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for _, w := range want {
		if _, ok := col[w]; !ok {
			return fmt.Errorf("missing column %q", w)
		}
	}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		fields := make(map[string]string, len(want))
		for _, w := range want {
			fields[w] = rec[col[w]]
		}
		if err := row(line, fields); err != nil {
			return err
		}
	}
}

// Lookup returns the division with the given code.
func (ix *Index) Lookup(code string) (civ.Region, bool) {
	r, ok := ix.byCode[code]
	return r, ok
}

// Parent returns the division above code.
func (ix *Index) Parent(code string) (civ.Region, bool) {
	r, ok := ix.byCode[code]
	if !ok || r.ParentCode == "" {
		return civ.Region{}, false
	}
	return ix.Lookup(r.ParentCode)
}

// Children returns the divisions directly under code, ordered by code.
func (ix *Index) Children(code string) []civ.Region {
	codes := ix.children[code]
	out := make([]civ.Region, len(codes))
	for i, c := range codes {
		out[i] = ix.byCode[c]
	}
	return out
}

// Counties returns the county-level divisions of province p, ordered by code.
func (ix *Index) Counties(p civ.ProvinceCode) []civ.Region {
	info, ok := civ.ProvinceInfo(p)
	if !ok {
		return nil
	}
	var out []civ.Region
	for _, r := range ix.byCode {
		if r.Level == civ.LevelCounty && r.Code[:2] == info.AdminCode[:2] {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b civ.Region) int { return cmpString(a.Code, b.Code) })
	return out
}

// Towns returns the townships directly under a county, ordered by code.
func (ix *Index) Towns(countyCode string) []civ.Region {
	var out []civ.Region
	for _, r := range ix.Children(countyCode) {
		if r.Level == civ.LevelTown {
			out = append(out, r)
		}
	}
	return out
}

// Len returns the number of divisions of each level.
func (ix *Index) Len(level civ.RegionLevel) int {
	n := 0
	for _, r := range ix.byCode {
		if r.Level == level {
			n++
		}
	}
	return n
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
