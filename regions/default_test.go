package regions_test

import (
	"encoding/csv"
	"io/fs"
	"strconv"
	"testing"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/geo"
	"github.com/civgraph/civgraph/regions"
)

// readTable returns the rows of an embedded CSV file as maps by column.
func readTable(t *testing.T, name string) []map[string]string {
	t.Helper()
	f, err := regions.Files().Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows := make([]map[string]string, 0, len(recs)-1)
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		rows = append(rows, m)
	}
	return rows
}

func TestCounts(t *testing.T) {
	ix := regions.Default()
	want := map[civ.RegionLevel]int{civ.LevelProvince: 4, civ.LevelPrefecture: 37, civ.LevelCounty: 381, civ.LevelTown: 5561}
	for level, n := range want {
		t.Run(string(level), func(t *testing.T) {
			if got := ix.Len(level); got != n {
				t.Errorf("%d divisions, want %d", got, n)
			}
		})
	}
	total := 0
	for _, p := range civ.AllProvinces {
		total += len(regions.Default().Counties(p))
	}
	if total != 381 {
		t.Errorf("Counties over all provinces = %d, want 381", total)
	}
}

func TestEveryRowIsReachable(t *testing.T) {
	ix := regions.Default()
	cases := []struct{ file, code string }{
		{regions.MCAFile, "code"},
		{regions.TownsFile, "code9"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			for _, row := range readTable(t, c.file) {
				r, ok := ix.Lookup(row[c.code])
				if !ok || r.Name != row["name"] {
					t.Fatalf("Lookup(%s) = %+v, %v; want %s", row[c.code], r, ok, row["name"])
				}
				if r.Level == civ.LevelProvince {
					continue
				}
				found := false
				for _, k := range ix.Children(r.ParentCode) {
					found = found || k.Code == r.Code
				}
				if !found {
					t.Fatalf("%s %s is not among the children of its parent %s", r.Code, r.Name, r.ParentCode)
				}
			}
		})
	}
}

func TestLookup(t *testing.T) {
	ix := regions.Default()
	cases := []struct {
		code, name string
		level      civ.RegionLevel
		parent     string
		province   civ.ProvinceCode
	}{
		{"130000", "河北省", civ.LevelProvince, "", civ.Hebei},
		{"130408", "永年区", civ.LevelCounty, "130400", civ.Hebei},
		{"321181", "丹阳市", civ.LevelCounty, "321100", civ.Jiangsu},
		{"420100", "武汉市", civ.LevelPrefecture, "420000", civ.Hubei},
		{"310101", "黄浦区", civ.LevelCounty, "310000", civ.Shanghai},
		{"429004", "仙桃市", civ.LevelCounty, "420000", civ.Hubei},
		{"429021", "神农架林区", civ.LevelCounty, "420000", civ.Hubei},
		{"320613", "崇川区", civ.LevelCounty, "320600", civ.Jiangsu},
		{"421088", "监利市", civ.LevelCounty, "421000", civ.Hubei},
		{"310101015", "半淞园路街道", civ.LevelTown, "310101", civ.Shanghai},
		{"320412106", "横山桥镇", civ.LevelTown, "320412", civ.Jiangsu},
		// A township of 130171 石家庄高新技术产业开发区, an NBS statistical
		// zone: it hangs off 石家庄市.
		{"130171100", "宋营镇", civ.LevelTown, "130100", civ.Hebei},
	}
	for _, c := range cases {
		t.Run(c.code, func(t *testing.T) {
			r, ok := ix.Lookup(c.code)
			if !ok || r.Level != c.level || r.Name != c.name {
				t.Fatalf("Lookup = %+v, %v; want %s at level %s", r, ok, c.name, c.level)
			}
			p, ok := ix.Parent(c.code)
			if got := p.Code; ok != (c.parent != "") || got != c.parent {
				t.Errorf("Parent = %q, %v; want %q", got, ok, c.parent)
			}
			if got, ok := ix.Province(c.code); !ok || got != c.province {
				t.Errorf("Province = %q, %v; want %s", got, ok, c.province)
			}
		})
	}
}

func TestUnknownCodes(t *testing.T) {
	ix := regions.Default()
	for _, code := range []string{"", "110000", "130199", "13040800", "130171", "x"} {
		t.Run(code, func(t *testing.T) {
			if _, ok := ix.Lookup(code); ok {
				t.Error("Lookup found it")
			}
			if _, ok := ix.Parent(code); ok {
				t.Error("Parent found one")
			}
			if _, ok := ix.Province(code); ok {
				t.Error("Province found one")
			}
			if n := len(ix.Children(code)) + len(ix.Towns(code)); n != 0 {
				t.Errorf("%d children", n)
			}
		})
	}
	if got := ix.Counties("TIBET"); len(got) != 0 {
		t.Errorf("Counties of an unknown province = %d", len(got))
	}
}

func TestStatisticalZonesHangOffPrefectures(t *testing.T) {
	// Cross-check against the NBS county table: exactly the townships whose
	// county is flagged statistical-only hang off a prefecture.
	zone := map[string]bool{}
	for _, row := range readTable(t, regions.NBSCountiesFile) {
		zone[row["code"]] = row["is_statistical_only_zone"] == "Y"
	}
	ix := regions.Default()
	zoneTowns := 0
	for _, row := range readTable(t, regions.TownsFile) {
		p, _ := ix.Parent(row["code9"])
		if underPrefecture := p.Level == civ.LevelPrefecture; underPrefecture != zone[row["county_code"]] {
			t.Fatalf("%s %s hangs off %s (%s); its county %s statistical-only = %v",
				row["code9"], row["name"], p.Code, p.Level, row["county_code"], zone[row["county_code"]])
		}
		if zone[row["county_code"]] {
			zoneTowns++
			if p.Code != row["city_code_nbs4"]+"00" {
				t.Fatalf("%s hangs off %s, want its prefecture %s00", row["code9"], p.Code, row["city_code_nbs4"])
			}
		}
	}
	if zoneTowns == 0 {
		t.Fatal("no township under a statistical zone; the check proved nothing")
	}
}

func TestOrdering(t *testing.T) {
	ix := regions.Default()
	lists := map[string][]civ.Region{
		"Children(130400)": ix.Children("130400"),
		"Children(130100)": ix.Children("130100"), // counties and zone townships
		"Children(420000)": ix.Children("420000"),
		"Counties(Hubei)":  ix.Counties(civ.Hubei),
		"Towns(130408)":    ix.Towns("130408"),
	}
	for name, list := range lists {
		t.Run(name, func(t *testing.T) {
			if len(list) < 2 {
				t.Fatalf("%d entries; too few to check the order", len(list))
			}
			for i := 1; i < len(list); i++ {
				if list[i-1].Code >= list[i].Code {
					t.Fatalf("out of order: %s before %s", list[i-1].Code, list[i].Code)
				}
			}
		})
	}
	if n := len(ix.Counties(civ.Shanghai)); n != 16 {
		t.Errorf("Shanghai has %d districts, want 16", n)
	}
	for _, r := range ix.Towns("130408") {
		if r.Level != civ.LevelTown || r.ParentCode != "130408" {
			t.Fatalf("Towns(130408) returned %+v", r)
		}
	}
}

func TestSeatsAreConvertedToWGS84(t *testing.T) {
	ix := regions.Default()
	seats := 0
	for _, row := range readTable(t, regions.MCAFile) {
		if row["seat_lng_gcj02"] == "" {
			continue
		}
		lng, _ := strconv.ParseFloat(row["seat_lng_gcj02"], 64)
		lat, _ := strconv.ParseFloat(row["seat_lat_gcj02"], 64)
		gcj := civ.GeoPoint{Lat: lat, Lng: lng}
		r, _ := ix.Lookup(row["code"])
		if r.Seat == nil {
			t.Fatalf("%s %s lost its seat", r.Code, r.Name)
		}
		if *r.Seat == gcj {
			t.Fatalf("%s %s: seat is still the GCJ-02 point", r.Code, r.Name)
		}
		if d := geo.Distance(*r.Seat, gcj); d > 1000 {
			t.Fatalf("%s %s: seat moved %.0f m, more than the GCJ-02 offset", r.Code, r.Name, d)
		}
		if d := geo.Distance(geo.WGS84ToGCJ02(*r.Seat), gcj); d > 0.01 {
			t.Fatalf("%s %s: seat does not convert back (%.3f m)", r.Code, r.Name, d)
		}
		seats++
	}
	if seats < 400 {
		t.Errorf("only %d seats checked", seats)
	}
	if r, _ := ix.Lookup("310101015"); r.Seat != nil {
		t.Errorf("a township has a seat: %+v", r.Seat)
	}
}

func TestReturnedRegionsAreCopies(t *testing.T) {
	ix := regions.Default()
	r, _ := ix.Lookup("310101")
	r.Seat.Lat = 0
	r.Name = "changed"
	again, _ := ix.Lookup("310101")
	if again.Seat.Lat == 0 || again.Name != "黄浦区" {
		t.Fatalf("changing a returned region changed the index: %+v %+v", again, *again.Seat)
	}
}

func TestFilesHoldTheSources(t *testing.T) {
	for _, name := range []string{regions.MCAFile, regions.TownsFile, regions.NBSCountiesFile, regions.ProvenanceFile} {
		if b, err := fs.ReadFile(regions.Files(), name); err != nil || len(b) == 0 {
			t.Errorf("%s: %d bytes, %v", name, len(b), err)
		}
	}
}
