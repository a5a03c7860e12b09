package dataset

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
)

func TestParseRealSitesRejectsBadRows(t *testing.T) {
	const header = "site_id,site_type,name,province_code,county_code,town_code9,address,lat,lng,fact_date,facts,source_url,source_kind,confidence,notes\n"
	cases := []struct {
		name, csv, want string
	}{
		{"missing column", "site_id,site_type\nA,殡仪馆\n", `missing column "name"`},
		{"unknown type", header + "A,养老院,x,310000,,,,,,,,u,k,high,\n", `line 2: site A: unknown site type "养老院"`},
		{"type by prefix only", header + "A,殡仪馆 (new wording),x,310000,,,,,,,,u,k,high,\n", `unknown site type "殡仪馆 (new wording)"`},
		{"unknown province", header + "A,殡仪馆,x,350000,,,,,,,,u,k,high,\n", `unknown province code "350000"`},
		{"region outside province", header + "A,殡仪馆,x,310000,320981,,,,,,,u,k,high,\n", "region 320981 is not in 上海市"},
		{"unknown confidence", header + "A,殡仪馆,x,310000,,,,,,,,u,k,certain,\n", `unknown confidence "certain"`},
		{"half a coordinate", header + "A,殡仪馆,x,310000,,,,31.2,,,,u,k,high,\n", "coordinates"},
		{"coordinate out of range", header + "A,殡仪馆,x,310000,,,,131.2,121.4,,,u,k,high,\n", "bad coordinates"},
		{"empty id", header + ",殡仪馆,x,310000,,,,,,,,u,k,high,\n", "line 2: empty site_id"},
		{"short row", header + "A,殡仪馆\n", "wrong number of fields"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := parseRealSites(strings.NewReader(c.csv), time.Time{})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want it to mention %q", err, c.want)
			}
		})
	}
}

// TestSiteTypeTable checks the classification table against the data:
// every wording in the files is classified (Load would fail otherwise) and
// every entry of the table is a wording some row uses, so the table is
// exactly the data's vocabulary.
func TestSiteTypeTable(t *testing.T) {
	used := map[string]bool{}
	for _, f := range realSiteFiles {
		rows, err := csv.NewReader(bytes.NewReader(f.body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows[1:] {
			used[r[1]] = true
		}
	}
	for wording := range siteTypes {
		if !used[wording] {
			t.Errorf("siteTypes has %q, which no row uses", wording)
		}
	}
	for wording := range used {
		if _, ok := siteTypes[wording]; !ok {
			t.Errorf("no SiteType for %q", wording)
		}
	}
	spot := map[string]civ.SiteType{
		"公墓 (含骨灰堂)":          civ.SiteCemetery,
		"骨灰堂/纪念堂 (殡葬服务设施)":   civ.SiteCemetery,
		"区域性老年人助餐中心":         civ.SiteCommunityCanteen,
		"社区幸福食堂 (助餐点)":       civ.SiteMealPoint,
		"老年餐桌 (老年助餐服务点)":     civ.SiteMealPoint,
		"养老机构 (星级评定)":        civ.SiteElderlyCareHome,
		"社会福利院 (老人+儿童)":      civ.SiteElderlyCareHome,
		"儿童临时看护中心":           civ.SiteChildWelfareHome,
		"康复辅助器具 (假肢矫形) 服务机构": civ.SiteRehabAidCenter,
		"救助站":   civ.SiteRescueStation,
		"结婚登记点": civ.SiteMarriageRegistry,
	}
	for wording, want := range spot {
		if got := siteTypes[wording]; got != want {
			t.Errorf("%q → %s, want %s", wording, got, want)
		}
	}
}

func TestFactDate(t *testing.T) {
	cases := map[string]string{
		"2024-05-13":                        "2024-05-13 DAY",
		"2020-11":                           "2020-11-01 MONTH",
		"2024":                              "2024-01-01 YEAR",
		"2026 (start of year)":              "2026-01-01 YEAR",
		"2018-09-21 (code date)":            "2018-09-21 DAY",
		"2025 Spring Festival (article)":    "UNKNOWN",
		"2023-11-30..12-01 (meeting visit)": "UNKNOWN",
		"清明 (year not in excerpt)":          "UNKNOWN",
		"2月4日 (year not in excerpt; 春节前)":   "UNKNOWN",
		"2024-02-30":                        "UNKNOWN",
		"":                                  "", // nothing stated
		"opened on 元宵节 3月3日 (article context implies 2026)": "UNKNOWN",
	}
	for text, want := range cases {
		d := factDate(text)
		got := string(d.Precision)
		if d.Known() {
			got = d.Date.Format(time.DateOnly) + " " + got
		}
		if got != want || d.Text != text {
			t.Errorf("factDate(%q) = %s %q, want %s with the text kept", text, got, d.Text, want)
		}
	}
}

func TestCapacityFromFacts(t *testing.T) {
	cases := []struct {
		facts, text string
		n           int
		approx      bool
	}{
		{"about 80 seats", "about 80 seats", 80, true},
		{"180 m2, 78 seats; 6:30-9:00", "78 seats", 78, false},
		{"300 m2 dining area, 100 seats; 16 yuan buffet", "100 seats", 100, false},
		{"founded 1958; 7300 m2 site, 200+ beds for elderly", "200+ beds", 200, true},
		{"about 251 m2", "", 0, false},
		{"~300 lunches/workday", "", 0, false},
		{"stores 20000+ urns", "", 0, false},
	}
	for _, c := range cases {
		s, err := realSite(func(col string) string {
			return map[string]string{"site_id": "X", "site_type": "殡仪馆", "province_code": "310000", "confidence": "high", "facts": c.facts}[col]
		})
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		if s.Capacity != nil {
			got = *s.Capacity
		}
		if got != c.n || s.CapacityApproximate != c.approx || s.CapacityText != c.text {
			t.Errorf("%q: capacity %d approx %v text %q, want %d %v %q", c.facts, got, s.CapacityApproximate, s.CapacityText, c.n, c.approx, c.text)
		}
	}
}
