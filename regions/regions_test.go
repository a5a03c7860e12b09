package regions_test

import (
	"strings"
	"testing"

	"civgraph/civ"
	"civgraph/geo"
	"civgraph/regions"
)

func TestCounts(t *testing.T) {
	ix := regions.Default()
	want := map[civ.RegionLevel]int{civ.LevelProvince: 4, civ.LevelPrefecture: 37, civ.LevelCounty: 381, civ.LevelTown: 5561}
	for level, n := range want {
		if got := ix.Len(level); got != n {
			t.Errorf("%s: %d divisions, want %d (no row may be dropped)", level, got, n)
		}
	}
}

func TestLookups(t *testing.T) {
	ix := regions.Default()
	cases := []struct{ code, name, parent string }{
		{"130408", "永年区", "130400"},
		{"321181", "丹阳市", "321100"},
		{"420100", "武汉市", "420000"},
		{"310101", "黄浦区", "310000"},
		{"429004", "仙桃市", "420000"},
		{"310101015", "半淞园路街道", "310101"},
		{"320412106", "横山桥镇", "320412"},
	}
	for _, c := range cases {
		r, ok := ix.Lookup(c.code)
		if !ok || r.Name != c.name {
			t.Errorf("Lookup(%s) = %v, %v; want %s", c.code, r, ok, c.name)
			continue
		}
		p, ok := ix.Parent(c.code)
		if !ok || p.Code != c.parent {
			t.Errorf("Parent(%s) = %v; want %s", c.code, p, c.parent)
		}
	}
}

func TestStatisticalZoneTownsHangOffPrefecture(t *testing.T) {
	// 130171 石家庄高新技术产业开发区 is an NBS statistical zone, not a GB/T 2260 unit.
	ix := regions.Default()
	found := 0
	for _, r := range ix.Children("130100") {
		if r.Level == civ.LevelTown && strings.HasPrefix(r.Code, "130171") {
			found++
		}
	}
	if found == 0 {
		t.Fatal("townships of 130171 are not reachable from 石家庄市")
	}
}

func TestChildrenOrderedAndSeatsConverted(t *testing.T) {
	ix := regions.Default()
	kids := ix.Children("130400")
	if len(kids) == 0 {
		t.Fatal("邯郸市 has no children")
	}
	for i := 1; i < len(kids); i++ {
		if kids[i-1].Code >= kids[i].Code {
			t.Fatalf("children out of order: %s before %s", kids[i-1].Code, kids[i].Code)
		}
	}
	r, _ := ix.Lookup("310101")
	if r.Seat == nil {
		t.Fatal("黄浦区 has no seat")
	}
	gcj := geo.WGS84ToGCJ02(*r.Seat)
	if d := geo.Distance(gcj, *r.Seat); d < 50 || d > 1000 {
		t.Fatalf("seat moved %.0f m in conversion; want the GCJ-02 offset (tens to hundreds of metres)", d)
	}
	if n := len(ix.Counties(civ.Shanghai)); n != 16 {
		t.Fatalf("Shanghai has %d districts, want 16", n)
	}
}

func TestParseErrorsNameTheLine(t *testing.T) {
	header := "code,name,level,parent_code,seat_lng_gcj02,seat_lat_gcj02\n"
	towns := "code9,name,county_code,city_code_nbs4\n"
	cases := map[string]string{
		"bad code":       header + "13000X,河北省,province,,114.5,38.0\n",
		"bad level":      header + "130000,河北省,galaxy,,114.5,38.0\n",
		"missing column": "code,name\n130000,河北省\n",
		"bad seat":       header + "130000,河北省,province,,east,38.0\n",
	}
	for name, mca := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := regions.Parse(strings.NewReader(mca), strings.NewReader(towns))
			if err == nil {
				t.Fatal("Parse accepted malformed data")
			}
			if name != "missing column" && !strings.Contains(err.Error(), "line 2") {
				t.Fatalf("error %q does not name the line", err)
			}
		})
	}
}
