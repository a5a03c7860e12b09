package dataset

import (
	"strings"
	"testing"
)

func TestParseRealSitesRejectsBadRows(t *testing.T) {
	const header = "site_id,site_type,name,province_code,county_code,town_code9,address,facts,source_url\n"
	cases := []struct {
		name, csv, want string
	}{
		{"missing column", "site_id,site_type\nA,殡仪馆\n", `missing column "name"`},
		{"unknown type", header + "A,养老院,x,310000,,,,,u\n", `line 2: site A: unknown site type "养老院"`},
		{"unknown province", header + "A,殡仪馆,x,350000,,,,,u\n", `unknown province code "350000"`},
		{"region outside province", header + "A,殡仪馆,x,310000,320981,,,,u\n", "region 320981 is not in 上海市"},
		{"empty id", header + ",殡仪馆,x,310000,,,,,u\n", "line 2: empty site_id"},
		{"duplicate id", header + "A,殡仪馆,x,310000,,,,,u\nA,公墓,y,310000,,,,,u\n", `line 3: duplicate site_id "A"`},
		{"short row", header + "A,殡仪馆\n", "wrong number of fields"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := parseRealSites(strings.NewReader(c.csv))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want it to mention %q", err, c.want)
			}
		})
	}
}
