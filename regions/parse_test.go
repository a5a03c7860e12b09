package regions_test

import (
	"strings"
	"testing"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/regions"
)

const (
	mcaHeader   = "code,name,level,parent_code,seat_lng_gcj02,seat_lat_gcj02,coord_source_adcode\n"
	townsHeader = "code9,name,county_code,city_code_nbs4\n"
	// A small consistent MCA table: Jiangsu, 南通市 and 崇川区, whose seat
	// DataV still files under the old code 320602.
	mcaRows = mcaHeader +
		"320000,江苏省,province,,118.767413,32.041544,320000\n" +
		"320600,南通市,prefecture,320000,120.864608,32.016212,320600\n" +
		"320613,崇川区,county,320600,120.866350,32.015278,320602\n"
)

func TestParseMapsNBSCountiesOntoMCA(t *testing.T) {
	towns := townsHeader +
		"320613001,城东街道,320613,3206\n" + // MCA code as is
		"320602002,和平桥街道,320602,3206\n" + // old code, renumbered to 320613
		"320671100,中兴街道,320671,3206\n" // statistical zone → prefecture
	ix, err := regions.Parse(strings.NewReader(mcaRows), strings.NewReader(towns))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ code, parent string }{
		{"320613001", "320613"},
		{"320602002", "320613"},
		{"320671100", "320600"},
	}
	for _, c := range cases {
		t.Run(c.code, func(t *testing.T) {
			r, ok := ix.Lookup(c.code)
			if !ok || r.Level != civ.LevelTown || r.ParentCode != c.parent {
				t.Fatalf("Lookup = %+v, %v; want a township under %s", r, ok, c.parent)
			}
		})
	}
	if got := len(ix.Towns("320613")); got != 2 {
		t.Errorf("崇川区 has %d townships, want 2", got)
	}
}

func TestParseErrorsNameTheLine(t *testing.T) {
	okTowns := townsHeader + "320613001,城东街道,320613,3206\n"
	cases := []struct {
		name       string
		mca, towns string
		want       []string // substrings of the error
	}{
		{"bad code", mcaRows + "32061X,某区,county,320600,,,\n", okTowns, []string{"divisions", "line 5", `bad code "32061X"`}},
		{"missing column", "code,name,level,parent_code\n320000,江苏省,province,\n", okTowns, []string{"divisions", "line 1", `missing column "seat_lng_gcj02"`}},
		{"missing town column", mcaRows, "code9,name,county_code\n320613001,城东街道,320613\n", []string{"townships", "line 1", `missing column "city_code_nbs4"`}},
		{"empty file", "", okTowns, []string{"divisions", "line 1", "empty"}},
		{"unknown level", mcaRows + "320614,海门区,district,320600,,,\n", okTowns, []string{"line 5", `unknown level "district"`}},
		{"bad seat", mcaRows + "320614,海门区,county,320600,east,31.9,\n", okTowns, []string{"line 5", "seat longitude"}},
		{"half a seat", mcaRows + "320614,海门区,county,320600,121.18,,\n", okTowns, []string{"line 5", "seat latitude"}},
		{"swapped seat", mcaRows + "320614,海门区,county,320600,31.9,121.18,\n", okTowns, []string{"line 5", "outside China"}},
		{"no name", mcaRows + "320614,,county,320600,,,\n", okTowns, []string{"line 5", "no name"}},
		{"duplicate", mcaRows + "320613,崇川区,county,320600,,,\n", okTowns, []string{"line 5", "duplicate code 320613", "line 4"}},
		{"wrong field count", mcaRows + "320614,海门区,county\n", okTowns, []string{"divisions", "line 5"}},
		{"missing parent", mcaRows + "320614,海门区,county,320699,,,\n", okTowns, []string{"divisions line 5", "parent \"320699\""}},
		{"parent not above", mcaRows + "320614,海门区,prefecture,320613,,,\n", okTowns, []string{"divisions line 5", "not above"}},
		{"foreign province", mcaRows + "110000,北京市,province,,,,\n", okTowns, []string{"divisions line 5", "four provinces"}},
		{"bad town code", mcaRows, okTowns + "32061300,某街道,320613,3206\n", []string{"townships", "line 3", "want 9 digits"}},
		{"town county mismatch", mcaRows, okTowns + "320613002,某街道,320614,3206\n", []string{"townships", "line 3", "first six digits"}},
		{"town city mismatch", mcaRows, okTowns + "320613002,某街道,320613,3205\n", []string{"townships", "line 3", "first four digits"}},
		{"unknown county", mcaRows, okTowns + "320699001,某街道,320699,3206\n", []string{"townships", "line 3", "neither an MCA code nor an NBS statistical zone"}},
		{"zone without prefecture", mcaRows, okTowns + "320571001,某街道,320571,3205\n", []string{"townships line 3", `parent "320500"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := regions.Parse(strings.NewReader(c.mca), strings.NewReader(c.towns))
			if err == nil {
				t.Fatal("Parse accepted malformed data")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Fatalf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestParseAcceptsByteOrderMark(t *testing.T) {
	ix, err := regions.Parse(strings.NewReader("\ufeff"+mcaRows), strings.NewReader("\ufeff"+townsHeader+"320613001,城东街道,320613,3206\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := ix.Lookup("320613001"); !ok {
		t.Fatal("township missing after a BOM-prefixed header")
	}
}
