package dataset

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/civgraph/civgraph/civ"
)

// realSitesCSV is data/service_sites_found.csv, copied unchanged from the
// shared data set; data/PROVENANCE.md says where each row comes from.
//
//go:embed data/service_sites_found.csv
var realSitesCSV []byte

// realSitesCollected is when the real records were collected from their
// sources (PROVENANCE.md: "Collected 2026-11-28"); it is their UpdatedAt.
var realSitesCollected = time.Date(2026, time.November, 28, 0, 0, 0, 0, time.UTC)

// siteTypes maps the CSV's site_type wording to the domain type by prefix.
// The "老年助餐场所 (orgType 2014 助餐点 list)" rows come from a list of meal
// points, so they are meal points whatever their names say.
var siteTypes = []struct {
	prefix string
	typ    civ.SiteType
}{
	{"社区长者食堂", civ.SiteCommunityCanteen},
	{"老年助餐点", civ.SiteMealPoint},
	{"老年助餐场所 (orgType 2014", civ.SiteMealPoint},
	{"殡仪馆", civ.SiteFuneralHome},
	{"公墓", civ.SiteCemetery},
	{"婚姻登记处", civ.SiteMarriageRegistry},
}

// seatsRE finds a seat count in the facts column ("about 80 seats"); no
// other figure there (diners, m², cremators) is a capacity in seats.
var seatsRE = regexp.MustCompile(`\babout (\d+) seats\b`)

var realSiteColumns = []string{"site_id", "site_type", "name", "province_code", "county_code", "town_code9", "address", "facts", "source_url"}

// parseRealSites reads the real service-site records. Every row becomes a
// site or the whole read fails naming the line: a row is never dropped.
func parseRealSites(r io.Reader) (map[civ.ProvinceCode][]civ.ServiceSite, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("real sites: read header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for _, want := range realSiteColumns {
		if _, ok := col[want]; !ok {
			return nil, fmt.Errorf("real sites: missing column %q", want)
		}
	}
	out := map[civ.ProvinceCode][]civ.ServiceSite{}
	seen := map[string]bool{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("real sites: %w", err)
		}
		line, _ := cr.FieldPos(0)
		s, err := realSite(func(name string) string { return strings.TrimSpace(rec[col[name]]) })
		if err != nil {
			return nil, fmt.Errorf("real sites: line %d: %w", line, err)
		}
		if seen[s.ID] {
			return nil, fmt.Errorf("real sites: line %d: duplicate site_id %q", line, s.ID)
		}
		seen[s.ID] = true
		out[s.Province] = append(out[s.Province], s)
	}
}

// realSite maps one CSV row, read through get, to a site.
func realSite(get func(column string) string) (civ.ServiceSite, error) {
	id := get("site_id")
	if id == "" {
		return civ.ServiceSite{}, errors.New("empty site_id")
	}
	p, ok := civ.ProvinceByAdminCode(get("province_code"))
	if !ok || p.AdminCode != get("province_code") {
		return civ.ServiceSite{}, fmt.Errorf("site %s: unknown province code %q", id, get("province_code"))
	}
	typ, ok := siteType(get("site_type"))
	if !ok {
		return civ.ServiceSite{}, fmt.Errorf("site %s: unknown site type %q", id, get("site_type"))
	}
	region := firstNonEmpty(get("town_code9"), get("county_code"), p.AdminCode)
	if !strings.HasPrefix(region, p.AdminCode[:2]) {
		return civ.ServiceSite{}, fmt.Errorf("site %s: region %s is not in %s", id, region, p.Name)
	}
	s := civ.ServiceSite{
		ID: id, Province: p.Code, Type: typ, Name: get("name"), Address: get("address"),
		RegionCode: region, UpdatedAt: realSitesCollected, Source: get("source_url"),
	}
	facts := get("facts")
	if m := seatsRE.FindStringSubmatch(facts); m != nil {
		n, err := strconv.Atoi(m[1])
		if err != nil {
			return civ.ServiceSite{}, fmt.Errorf("site %s: seats %q: %w", id, m[1], err)
		}
		s.Capacity = &n
	}
	// Opening hours are stated as "open …" in the facts column.
	if hours, ok := strings.CutPrefix(facts, "open "); ok {
		s.OpeningHours = hours
	}
	return s, nil
}

func siteType(s string) (civ.SiteType, bool) {
	for _, t := range siteTypes {
		if strings.HasPrefix(s, t.prefix) {
			return t.typ, true
		}
	}
	return "", false
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// loadRealSites parses the embedded real records.
func loadRealSites() (map[civ.ProvinceCode][]civ.ServiceSite, error) {
	return parseRealSites(bytes.NewReader(realSitesCSV))
}
