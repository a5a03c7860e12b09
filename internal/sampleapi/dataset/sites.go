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

// The real service-site records, copied unchanged from the shared data
// set; data/PROVENANCE.md says where each row comes from.
var (
	//go:embed data/service_sites_found.csv
	foundSitesCSV []byte
	//go:embed data/service_sites_more.csv
	moreSitesCSV []byte
	//go:embed data/service_sites_lists.csv
	listSitesCSV []byte
)

// realSiteFile is one embedded file of real records and the day they were
// collected, as PROVENANCE.md states it: that day is their UpdatedAt.
type realSiteFile struct {
	name      string
	body      []byte
	collected time.Time
}

var realSiteFiles = []realSiteFile{
	{"service_sites_found.csv", foundSitesCSV, time.Date(2026, time.November, 28, 0, 0, 0, 0, time.UTC)},
	{"service_sites_more.csv", moreSitesCSV, time.Date(2026, time.November, 29, 0, 0, 0, 0, time.UTC)},
	{"service_sites_lists.csv", listSitesCSV, time.Date(2026, time.November, 29, 0, 0, 0, 0, time.UTC)},
}

// siteTypes classifies every site_type wording of the real records, whole
// and exactly: a wording not listed fails the load instead of being
// guessed. The wording itself is kept in ServiceSite.TypeText.
//
// The rule behind the table: a canteen that cooks and seats diners (食堂,
// 餐厅, 助餐中心, whatever the local name) is a COMMUNITY_CANTEEN; a meal
// point, table or 助餐场所 is a MEAL_POINT, and so is a canteen the source
// itself files as a 助餐点. Columbaria (骨灰堂, 纪念堂) count as cemeteries,
// as the source's own "公墓 (含骨灰堂)" does. Care homes, including the
// 社会福利院 that house elderly and children together, are
// ELDERLY_CARE_HOME; homes for children alone are CHILD_WELFARE_HOME.
var siteTypes = map[string]civ.SiteType{
	// Elderly meals.
	"老年助餐点": civ.SiteMealPoint,
	"老年助餐场所 (orgType 2014 助餐点 list)": civ.SiteMealPoint,
	"银发助餐点":                 civ.SiteMealPoint,
	"示范性助餐点 (栖彩食堂)":         civ.SiteMealPoint,
	"社区幸福食堂 (助餐点)":          civ.SiteMealPoint,
	"社区助餐点":                 civ.SiteMealPoint,
	"老年餐桌 (老年助餐服务点)":        civ.SiteMealPoint,
	"社区长者食堂":                civ.SiteCommunityCanteen,
	"社区食堂":                  civ.SiteCommunityCanteen,
	"社区食堂 (老人)":             civ.SiteCommunityCanteen,
	"社区食堂 (老人免费/优惠就餐)":      civ.SiteCommunityCanteen,
	"社区食堂 (老年补贴)":           civ.SiteCommunityCanteen,
	"社区食堂 (社区食屋)":           civ.SiteCommunityCanteen,
	"社区食堂 (居家养老服务中心, 老年优惠)": civ.SiteCommunityCanteen,
	"社区幸福食堂":                civ.SiteCommunityCanteen,
	"社区幸福食堂 (老年食堂)":         civ.SiteCommunityCanteen,
	"社区幸福食堂 (居家养老服务中心)":     civ.SiteCommunityCanteen,
	"社区老年食堂 (养老服务中心)":       civ.SiteCommunityCanteen,
	"村幸福食堂":                 civ.SiteCommunityCanteen,
	"村养老食堂":                 civ.SiteCommunityCanteen,
	"村互助式大食堂 (幸福孝老食堂)":      civ.SiteCommunityCanteen,
	"农村孝老食堂":                civ.SiteCommunityCanteen,
	"老年爱心食堂":                civ.SiteCommunityCanteen,
	"老年食堂":                  civ.SiteCommunityCanteen,
	"老年食堂 (综合养老服务中心)":       civ.SiteCommunityCanteen,
	"悦龄食堂 (社区食堂, 长者优惠)":     civ.SiteCommunityCanteen,
	"区域性老年人助餐中心":            civ.SiteCommunityCanteen,
	"区域性老年人助餐中心 (提优建设项目)":   civ.SiteCommunityCanteen,
	"老年人助餐中心":               civ.SiteCommunityCanteen,
	"长者助餐中心 (社区食堂)":         civ.SiteCommunityCanteen,
	// Funeral services.
	"殡仪馆":                civ.SiteFuneralHome,
	"殡仪馆 (殡葬服务中心)":       civ.SiteFuneralHome,
	"殡仪馆 (殡葬管理所)":        civ.SiteFuneralHome,
	"殡仪馆 (殡葬管理中心)":       civ.SiteFuneralHome,
	"殡仪馆 (殡仪服务中心, 含公墓区)": civ.SiteFuneralHome,
	"殡仪馆 (县殡葬服务中心)":      civ.SiteFuneralHome,
	"公墓":                 civ.SiteCemetery,
	"公墓 (墓区)":            civ.SiteCemetery,
	"公墓 (含骨灰堂)":          civ.SiteCemetery,
	"公墓/塔陵":              civ.SiteCemetery,
	"陵园/公墓":              civ.SiteCemetery,
	"经营性公墓":              civ.SiteCemetery,
	"公益性公墓":              civ.SiteCemetery,
	"公益性公墓 (在建)":         civ.SiteCemetery,
	"骨灰堂 (殡葬服务设施)":       civ.SiteCemetery,
	"骨灰堂 (骨灰寄存)":         civ.SiteCemetery,
	"骨灰堂/纪念堂 (殡葬服务设施)":   civ.SiteCemetery,
	// Marriage registration.
	"婚姻登记处":          civ.SiteMarriageRegistry,
	"婚姻登记处 (省级)":     civ.SiteMarriageRegistry,
	"婚姻登记中心":         civ.SiteMarriageRegistry,
	"婚姻登记中心 (分中心)":   civ.SiteMarriageRegistry,
	"婚姻登记中心 (特色登记点)": civ.SiteMarriageRegistry,
	"婚姻登记点 (特色)":     civ.SiteMarriageRegistry,
	"结婚登记点":          civ.SiteMarriageRegistry,
	// Rescue, disability, welfare homes.
	"救助管理站": civ.SiteRescueStation,
	"救助站":   civ.SiteRescueStation,
	"康复辅助器具 (假肢矫形) 服务机构": civ.SiteRehabAidCenter,
	"养老机构 (星级评定)":        civ.SiteElderlyCareHome,
	"社会福利院":              civ.SiteElderlyCareHome,
	"社会福利院 (老人+儿童)":      civ.SiteElderlyCareHome,
	"福利院 (also 流浪人员安置点)": civ.SiteElderlyCareHome,
	"儿童福利院":              civ.SiteChildWelfareHome,
	"儿童临时看护中心":           civ.SiteChildWelfareHome,
}

// capacityRE finds a capacity in the facts column: seats or beds, exact
// ("78 seats") or not ("about 80 seats", "200+ beds"). No other figure
// there (diners a day, m², urns, cremators) is a capacity in seats or beds.
// capacityUnits maps the unit word capacityRE finds to its unit.
var capacityUnits = map[string]civ.CapacityUnit{"seats": civ.UnitSeats, "beds": civ.UnitBeds}

var capacityRE = regexp.MustCompile(`(?:\b(about) )?\b(\d+)(\+)? (seats|beds)\b`)

// factDateRE reads the collector's fact_date when it begins with a plain
// date (2024-05-13, 2020-11, 2024) followed by nothing or a parenthesis;
// any other wording ("2025 Spring Festival (article)", "清明 (year not in
// excerpt)") is kept as text with the date unknown.
var factDateRE = regexp.MustCompile(`^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?: \(|$)`)

var confidences = map[string]civ.Confidence{
	"high": civ.ConfidenceHigh, "medium": civ.ConfidenceMedium, "low-medium": civ.ConfidenceLowMedium, "low": civ.ConfidenceLow,
}

var realSiteColumns = []string{"site_id", "site_type", "name", "province_code", "county_code", "town_code9", "address",
	"lat", "lng", "fact_date", "facts", "source_url", "source_kind", "confidence", "notes"}

// parseRealSites reads one file of real service-site records, collected
// on the given day. Every row becomes a site or the whole read fails
// naming the line: a row is never dropped.
func parseRealSites(r io.Reader, collected time.Time) ([]civ.ServiceSite, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for _, want := range realSiteColumns {
		if _, ok := col[want]; !ok {
			return nil, fmt.Errorf("missing column %q", want)
		}
	}
	var out []civ.ServiceSite
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		s, err := realSite(func(name string) string { return strings.TrimSpace(rec[col[name]]) })
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		s.UpdatedAt = collected
		out = append(out, s)
	}
}

// realSite maps one CSV row, read through get, to a site.
func realSite(get func(column string) string) (civ.ServiceSite, error) {
	id := get("site_id")
	if id == "" {
		return civ.ServiceSite{}, errors.New("empty site_id")
	}
	fail := func(err error) (civ.ServiceSite, error) { return civ.ServiceSite{}, fmt.Errorf("site %s: %w", id, err) }
	p, ok := civ.ProvinceByAdminCode(get("province_code"))
	if !ok || p.AdminCode != get("province_code") {
		return fail(fmt.Errorf("unknown province code %q", get("province_code")))
	}
	typ, ok := siteTypes[get("site_type")]
	if !ok {
		return fail(fmt.Errorf("unknown site type %q", get("site_type")))
	}
	// A row whose county and town the source does not state lies, as far
	// as anyone knows, somewhere in its province.
	region := firstNonEmpty(get("town_code9"), get("county_code"), p.AdminCode)
	if !strings.HasPrefix(region, p.AdminCode[:2]) {
		return fail(fmt.Errorf("region %s is not in %s", region, p.Name))
	}
	conf, ok := confidences[get("confidence")]
	if !ok {
		return fail(fmt.Errorf("unknown confidence %q", get("confidence")))
	}
	s := civ.ServiceSite{
		ID: id, Province: p.Code, Type: typ, TypeText: get("site_type"), Name: get("name"), Address: get("address"),
		RegionCode: region, Source: get("source_url"),
		Provenance: &civ.SiteProvenance{
			Kind: get("source_kind"), FactDate: factDate(get("fact_date")), Confidence: conf, Notes: get("notes"),
			Facts: get("facts"),
		},
	}
	// Coordinates only where the source gives them; a county seat is not a
	// site's position, so none is made up.
	if lat, lng := get("lat"), get("lng"); lat != "" || lng != "" {
		y, err1 := strconv.ParseFloat(lat, 64)
		x, err2 := strconv.ParseFloat(lng, 64)
		if err1 != nil || err2 != nil {
			return fail(fmt.Errorf("coordinates lat=%q lng=%q are not numbers", lat, lng))
		}
		loc, err := civ.ParseGeoPoint(&y, &x)
		if err != nil {
			return fail(err)
		}
		s.Location = loc
	}
	facts := get("facts")
	if m := capacityRE.FindStringSubmatch(facts); m != nil {
		n, err := strconv.Atoi(m[2])
		if err != nil {
			return fail(fmt.Errorf("capacity %q: %w", m[0], err))
		}
		s.Capacity, s.CapacityText = &n, m[0]
		s.CapacityApproximate = m[1] != "" || m[3] != ""
		s.CapacityUnit = capacityUnits[m[4]]
	}
	// Opening hours are stated as "open …" in the facts column.
	if hours, ok := strings.CutPrefix(facts, "open "); ok {
		s.OpeningHours = hours
	}
	return s, nil
}

// factDate reads the fact_date wording; see factDateRE. An empty cell
// states nothing, not even that the date is unknown: the zero FuzzyDate.
func factDate(text string) civ.FuzzyDate {
	if text == "" {
		return civ.FuzzyDate{}
	}
	m := factDateRE.FindStringSubmatch(text)
	if m == nil {
		return unknownDate(text)
	}
	y, _ := strconv.Atoi(m[1])
	mon, _ := strconv.Atoi(m[2])
	day, _ := strconv.Atoi(m[3])
	d := civ.FuzzyDate{Precision: civ.PrecisionYear, Text: text}
	switch {
	case m[3] != "":
		d.Precision = civ.PrecisionDay
	case m[2] != "":
		d.Precision, day = civ.PrecisionMonth, 1
	default:
		d.Precision, mon, day = civ.PrecisionYear, 1, 1
	}
	d.Date = time.Date(y, time.Month(mon), day, 0, 0, 0, 0, time.UTC)
	if d.Date.Month() != time.Month(mon) || d.Date.Day() != day { // 2024-02-30 and the like
		return unknownDate(text)
	}
	return d
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// loadRealSites parses every embedded file of real records, by province;
// a site_id may appear only once across them.
func loadRealSites() (map[civ.ProvinceCode][]civ.ServiceSite, error) {
	out := map[civ.ProvinceCode][]civ.ServiceSite{}
	seen := map[string]string{}
	for _, f := range realSiteFiles {
		sites, err := parseRealSites(bytes.NewReader(f.body), f.collected)
		if err != nil {
			return nil, fmt.Errorf("real sites %s: %w", f.name, err)
		}
		for _, s := range sites {
			if first, dup := seen[s.ID]; dup {
				return nil, fmt.Errorf("real sites %s: site_id %q already in %s", f.name, s.ID, first)
			}
			seen[s.ID] = f.name
			out[s.Province] = append(out[s.Province], s)
		}
	}
	return out, nil
}

// RealSiteRecords returns the rows of the embedded real-record files as
// they are, each keyed by column name plus "file" for the file it is in:
// the reference that checks of the served sites compare against.
func RealSiteRecords() ([]map[string]string, error) {
	var out []map[string]string
	for _, f := range realSiteFiles {
		rows, err := csv.NewReader(bytes.NewReader(f.body)).ReadAll()
		if err != nil {
			return nil, fmt.Errorf("real sites %s: %w", f.name, err)
		}
		for _, r := range rows[1:] {
			row := map[string]string{"file": f.name}
			for i, h := range rows[0] {
				row[h] = r[i]
			}
			out = append(out, row)
		}
	}
	return out, nil
}
