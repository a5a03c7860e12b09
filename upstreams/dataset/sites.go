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

	"civgraph/civ"
)

//go:embed data/service_sites_found.csv
var realSitesCSV []byte

// realSitesCollected is when the real records were collected from their
// sources (see data/PROVENANCE.md); it is their UpdatedAt.
var realSitesCollected = time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)

// siteTypes maps the CSV's site_type wording to the domain type. The
// "orgType 2014 助餐点 list" rows come from a list of meal points, so they
// are meal points whatever their names say.
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

var seatsRE = regexp.MustCompile(`about (\d+) seats`)

// parseRealSites reads the real service-site records; every row becomes a
// site or the whole read fails, naming the line.
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
	for _, want := range []string{"site_id", "site_type", "name", "province_code", "county_code", "town_code9", "address", "facts", "source_url"} {
		if _, ok := col[want]; !ok {
			return nil, fmt.Errorf("real sites: missing column %q", want)
		}
	}
	out := map[civ.ProvinceCode][]civ.ServiceSite{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("real sites: line %d: %w", line, err)
		}
		get := func(name string) string { return strings.TrimSpace(rec[col[name]]) }
		p, ok := civ.ProvinceByAdminCode(get("province_code"))
		if !ok {
			return nil, fmt.Errorf("real sites: line %d: unknown province %q", line, get("province_code"))
		}
		typ, ok := siteType(get("site_type"))
		if !ok {
			return nil, fmt.Errorf("real sites: line %d: unknown site type %q", line, get("site_type"))
		}
		s := civ.ServiceSite{
			ID: get("site_id"), Province: p.Code, Type: typ, Name: get("name"), Address: get("address"),
			RegionCode: firstNonEmpty(get("town_code9"), get("county_code"), p.AdminCode),
			UpdatedAt:  realSitesCollected, Source: get("source_url"),
		}
		if m := seatsRE.FindStringSubmatch(get("facts")); m != nil {
			n, _ := strconv.Atoi(m[1])
			s.Capacity = &n
		}
		if typ == civ.SiteCommunityCanteen || typ == civ.SiteMealPoint {
			if hours, ok := strings.CutPrefix(get("facts"), "open "); ok {
				s.OpeningHours = hours
			}
		}
		out[p.Code] = append(out[p.Code], s)
	}
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

func loadRealSites() (map[civ.ProvinceCode][]civ.ServiceSite, error) {
	return parseRealSites(bytes.NewReader(realSitesCSV))
}
