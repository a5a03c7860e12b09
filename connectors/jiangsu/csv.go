package jiangsu

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/civgraph/civgraph/civ"
)

// Columns of the bulk site file, by header name.
const (
	colID       = "site_id"       // 站点编号
	colType     = "site_type"     // civ.SiteType
	colName     = "name"          // 站点名称
	colAddress  = "address"       // 地址
	colRegion   = "region_code"   // GB/T 2260 code, or a nine-digit town code
	colLng      = "lng"           // WGS-84 longitude; empty with lat when unknown
	colLat      = "lat"           // WGS-84 latitude
	colCapacity = "capacity"      // seats, beds or meals a day; empty when unknown
	colPhone    = "phone"         // 联系电话
	colHours    = "opening_hours" // 开放时间
	colUpdated  = "update_time"   // yyyyMMddHHmmss CST; empty when unknown
	colSample   = "sample"        // 1: generated sample row, 0: real record
	colSource   = "source"        // provenance of a real record
)

var siteColumns = []string{colID, colType, colName, colAddress, colRegion, colLng, colLat, colCapacity, colPhone, colHours, colUpdated, colSample, colSource}

// Provenance columns, by header name. They are optional: a file without
// them (the portal's older form) gives rows whose provenance is empty,
// which clients see as null, not as anything made up.
const (
	colTypeText       = "type_text"       // the source's wording of the site type
	colCapacityApprox = "capacity_approx" // 1: the capacity is an estimate or a bound; 0 or empty: as stated
	colCapacityText   = "capacity_text"   // the source's wording of the capacity
	colCapacityUnit   = "capacity_unit"   // a civ.CapacityUnit name (SEATS, BEDS, MEALS_PER_DAY); empty for none
	colSourceKind     = "source_kind"     // what the source is
	colFactDate       = "fact_date"       // yyyyMMdd | yyyyMM | yyyy | "": when the source's facts held
	colFactDateText   = "fact_date_text"  // the wording of fact_date
	colConfidence     = "confidence"      // a civ.Confidence name, empty for none
	colNotes          = "notes"           // caveats recorded with the row
	colFacts          = "facts"           // what the source states, as recorded
)

// parseSites decodes the GB18030 CSV as it streams from body, without
// holding it whole, into compact rows. Columns are found by their header
// names (extra columns are ignored, so the portal may add some); any bad
// row fails the whole file naming its line, so no row is silently lost. A
// body that ends early or exceeds its reader's limit fails with the
// reader's error.
func parseSites(body io.Reader) (*rows, error) {
	cr := csv.NewReader(simplifiedchinese.GB18030.NewDecoder().Reader(body))
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("bulk file header: %w", err)
	}
	col := map[string]int{}
	for i, name := range header {
		name = strings.TrimPrefix(name, "\ufeff") // a byte-order mark some exporters write
		if _, dup := col[name]; dup {
			return nil, fmt.Errorf("bulk file header: column %q appears twice", name)
		}
		col[name] = i
	}
	for _, name := range siteColumns {
		if _, ok := col[name]; !ok {
			return nil, fmt.Errorf("bulk file header lacks column %q", name)
		}
	}
	b := newBuilder()
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return b.finish(), nil
		}
		if err != nil {
			return nil, fmt.Errorf("bulk file: %w", err) // a csv.ParseError names its line
		}
		line, _ := cr.FieldPos(0)
		s, err := siteFromRecord(func(name string) string {
			if i, ok := col[name]; ok {
				return rec[i]
			}
			return "" // an optional column the file lacks
		})
		if err == nil {
			err = b.add(s)
		}
		if err != nil {
			return nil, fmt.Errorf("bulk file line %d: %w", line, err)
		}
	}
}

// siteFromRecord maps one CSV row, read through get, to a service site.
func siteFromRecord(get func(column string) string) (civ.ServiceSite, error) {
	s := civ.ServiceSite{ID: get(colID), Province: civ.Jiangsu, Name: get(colName), Address: get(colAddress),
		RegionCode: get(colRegion), Phone: get(colPhone), OpeningHours: get(colHours), Source: get(colSource)}
	if s.ID == "" || s.Name == "" {
		return s, errors.New("site without site_id or name")
	}
	var err error
	if s.Type, err = civ.ParseSiteType(get(colType)); err != nil {
		return s, fmt.Errorf("site %s: %w", s.ID, err)
	}
	if err := checkRegion(s.RegionCode); err != nil {
		return s, fmt.Errorf("site %s: %w", s.ID, err)
	}
	if s.UpdatedAt, err = parseTime(get(colUpdated)); err != nil {
		return s, fmt.Errorf("site %s: %s: %w", s.ID, colUpdated, err)
	}
	switch v := get(colSample); v {
	case "1":
		s.Sample = true
	case "0":
	default:
		return s, fmt.Errorf("site %s: sample must be 0 or 1, got %q", s.ID, v)
	}
	if v := get(colCapacity); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return s, fmt.Errorf("site %s: capacity %q is not a non-negative integer", s.ID, v)
		}
		s.Capacity = &n
	}
	if s.Location, err = parsePoint(get(colLat), get(colLng)); err != nil {
		return s, fmt.Errorf("site %s: %w", s.ID, err)
	}
	return s, provenanceFromRecord(&s, get)
}

// provenanceFromRecord reads the optional provenance columns into s.
func provenanceFromRecord(s *civ.ServiceSite, get func(column string) string) error {
	s.TypeText, s.CapacityText = get(colTypeText), get(colCapacityText)
	unit, err := civ.ParseCapacityUnit(get(colCapacityUnit))
	if err != nil {
		return fmt.Errorf("site %s: %w", s.ID, err)
	}
	s.CapacityUnit = unit
	switch v := get(colCapacityApprox); v {
	case "1":
		s.CapacityApproximate = true
	case "0", "":
	default:
		return fmt.Errorf("site %s: %s must be 0 or 1, got %q", s.ID, colCapacityApprox, v)
	}
	conf, err := civ.ParseConfidence(get(colConfidence))
	if err != nil {
		return fmt.Errorf("site %s: %w", s.ID, err)
	}
	var fact civ.FuzzyDate // neither value nor wording: nothing stated
	if d := (wdate{Value: get(colFactDate), Wording: get(colFactDateText)}); d != (wdate{}) {
		if fact, err = parseDate(d); err != nil {
			return fmt.Errorf("site %s: %s: %w", s.ID, colFactDate, err)
		}
	}
	s.Provenance = civ.NewSiteProvenance(civ.SiteProvenance{Kind: get(colSourceKind), FactDate: fact, Confidence: conf, Notes: get(colNotes), Facts: get(colFacts)})
	return nil
}

// parsePoint reads a WGS-84 coordinate pair; both empty means unknown.
func parsePoint(lat, lng string) (*civ.GeoPoint, error) {
	if lat == "" && lng == "" {
		return nil, nil
	}
	y, err1 := strconv.ParseFloat(lat, 64)
	x, err2 := strconv.ParseFloat(lng, 64)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("coordinates lat=%q lng=%q are not numbers", lat, lng)
	}
	return civ.ParseGeoPoint(&y, &x)
}
