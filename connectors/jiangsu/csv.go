package jiangsu

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"github.com/civgraph/civgraph/civ"
)

// column is a column of the bulk site file; the file names it in its
// header (columnNames) and may order its columns freely.
type column int

// Columns of the bulk site file.
const (
	colID       column = iota // site_id 站点编号
	colType                   // site_type: civ.SiteType
	colName                   // name 站点名称
	colAddress                // address 地址
	colRegion                 // region_code: GB/T 2260 code, or a nine-digit town code
	colLng                    // lng: WGS-84 longitude; empty with lat when unknown
	colLat                    // lat: WGS-84 latitude
	colCapacity               // capacity: seats, beds or meals a day; empty when unknown
	colPhone                  // phone 联系电话
	colHours                  // opening_hours 开放时间
	colUpdated                // update_time: yyyyMMddHHmmss CST; empty when unknown
	colSample                 // sample: 1: generated sample row, 0: real record
	colSource                 // source: provenance of a real record

	// Provenance columns. They are optional: a file without them (the
	// portal's older form) gives rows whose provenance is empty, which
	// clients see as null, not as anything made up.
	colTypeText       // type_text: the source's wording of the site type
	colCapacityApprox // capacity_approx: 1: the capacity is an estimate or a bound; 0 or empty: as stated
	colCapacityText   // capacity_text: the source's wording of the capacity
	colCapacityUnit   // capacity_unit: a civ.CapacityUnit name (SEATS, BEDS, MEALS_PER_DAY); empty for none
	colSourceKind     // source_kind: what the source is
	colFactDate       // fact_date: yyyyMMdd | yyyyMM | yyyy | "": when the source's facts held
	colFactDateText   // fact_date_text: the wording of fact_date
	colConfidence     // confidence: a civ.Confidence name, empty for none
	colNotes          // notes: caveats recorded with the row
	colFacts          // facts: what the source states, as recorded
	columnCount
)

// requiredColumns are the columns every file has: colID to colSource.
const requiredColumns = colTypeText

var columnNames = [columnCount]string{
	colID: "site_id", colType: "site_type", colName: "name", colAddress: "address", colRegion: "region_code",
	colLng: "lng", colLat: "lat", colCapacity: "capacity", colPhone: "phone", colHours: "opening_hours",
	colUpdated: "update_time", colSample: "sample", colSource: "source",
	colTypeText: "type_text", colCapacityApprox: "capacity_approx", colCapacityText: "capacity_text",
	colCapacityUnit: "capacity_unit", colSourceKind: "source_kind", colFactDate: "fact_date",
	colFactDateText: "fact_date_text", colConfidence: "confidence", colNotes: "notes", colFacts: "facts",
}

func (c column) String() string { return columnNames[c] }

// parseSites reads the GB18030 CSV as it streams from body, without
// holding it whole, into compact rows. Columns are found by their header
// names (extra columns are ignored, so the portal may add some); any bad
// row fails the whole file naming its line, so no row is silently lost. A
// body that ends early or exceeds its reader's limit fails with the
// reader's error.
//
// The CSV structure is read from the undecoded bytes, and only the fields
// a row keeps are decoded (fieldDecoder): no byte of a GB18030 multi-byte
// character is a comma, quote or line break, so the records are the same,
// and most of a large file's bytes (long, repeated provenance wording)
// are never decoded twice.
func parseSites(body io.Reader) (*rows, error) {
	cr := csv.NewReader(body)
	cr.ReuseRecord = true
	dec := newFieldDecoder()
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("bulk file header: %w", err)
	}
	byName := map[string]int{}
	for i, raw := range header {
		name := strings.TrimPrefix(dec.text(columnCount, raw), "\ufeff") // a byte-order mark some exporters write
		if _, dup := byName[name]; dup {
			return nil, fmt.Errorf("bulk file header: column %q appears twice", name)
		}
		byName[name] = i
	}
	var pos [columnCount]int // column → its place in a record; -1 when the file lacks it
	for c := range columnCount {
		i, ok := byName[c.String()]
		if !ok && c < requiredColumns {
			return nil, fmt.Errorf("bulk file header lacks column %q", c)
		}
		if !ok {
			i = -1
		}
		pos[c] = i
	}
	b := newBuilder()
	if err := readSites(cr, dec, &pos, b); err != nil {
		b.r.slab.free()
		return nil, err
	}
	return b.finish(), nil
}

// readSites adds the data rows to b; pos places each column in a record.
func readSites(cr *csv.Reader, dec *fieldDecoder, pos *[columnCount]int, b *builder) error {
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("bulk file: %w", err) // a csv.ParseError names its line
		}
		line, _ := cr.FieldPos(0)
		s, err := siteFromRecord(func(c column) string {
			if i := pos[c]; i >= 0 {
				return dec.text(c, rec[i])
			}
			return "" // an optional column the file lacks
		})
		if err == nil {
			err = b.add(s)
		}
		if err != nil {
			return fmt.Errorf("bulk file line %d: %w", line, err)
		}
	}
}

// fieldDecoder decodes GB18030 fields to UTF-8. ASCII, most of the file's
// fields, is its own decoding; other fields that repeat (a site type's
// wording, the provenance notes every generated row carries) are decoded
// once: the last field of each column is compared first, then up to
// maxRemembered distinct fields are looked up, so that a file of unique
// texts cannot make the memory grow beyond its own rows.
type fieldDecoder struct {
	t        transform.Transformer
	src, dst []byte
	last     [columnCount][2]string // column → its last non-ASCII field, undecoded and decoded
	seen     map[string]string      // undecoded → decoded
}

const maxRemembered = 1 << 14

func newFieldDecoder() *fieldDecoder {
	return &fieldDecoder{t: simplifiedchinese.GB18030.NewDecoder(), seen: map[string]string{}}
}

// text decodes raw, a field of column c (columnCount: the header).
func (d *fieldDecoder) text(c column, raw string) string {
	if isASCII(raw) {
		return raw
	}
	switch {
	case c == colID || c == colName || c == colAddress || c == colPhone:
		return d.decode(raw) // a text of its own row: not worth remembering
	case c < columnCount && d.last[c][0] == raw:
		return d.last[c][1]
	}
	v, ok := d.seen[raw]
	if !ok {
		v = d.decode(raw)
		raw = strings.Clone(raw) // a view of the CSV reader's record: do not keep the whole record
		if len(d.seen) < maxRemembered {
			d.seen[raw] = v
		}
	}
	if c < columnCount {
		d.last[c] = [2]string{raw, v}
	}
	return v
}

func (d *fieldDecoder) decode(raw string) string {
	// One GB18030 byte decodes to at most 3 UTF-8 bytes (a byte that
	// starts no valid sequence becomes U+FFFD), so dst always suffices.
	d.src = append(d.src[:0], raw...)
	if need := 3*len(raw) + utf8.UTFMax; cap(d.dst) < need {
		d.dst = make([]byte, need)
	}
	d.t.Reset()
	n, _, _ := d.t.Transform(d.dst[:cap(d.dst)], d.src, true)
	return string(d.dst[:n])
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// siteFromRecord maps one CSV row, read through get, to a service site.
func siteFromRecord(get func(column) string) (civ.ServiceSite, error) {
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
func provenanceFromRecord(s *civ.ServiceSite, get func(column) string) error {
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
