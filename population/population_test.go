package population_test

import (
	"strings"
	"testing"

	"github.com/civgraph/civgraph/population"
	"github.com/civgraph/civgraph/regions"
)

// Every figure names a real division and keeps the wording it was read
// from, and every province the gateway serves has one.
func TestDefaultTable(t *testing.T) {
	tab := population.Default()
	for _, code := range []string{"130000", "420000", "320000", "310000"} {
		f, ok := tab.Lookup(code)
		if !ok {
			t.Errorf("no figure for province %s", code)
			continue
		}
		if f.SourceURL == "" || f.Year < 2020 || f.Elderly < 1_000_000 {
			t.Errorf("%s: implausible or unsourced figure %+v", code, f)
		}
	}
	for _, code := range []string{"420500", "420800", "421000", "320000"} {
		f, _ := tab.Lookup(code)
		reg, ok := regions.Default().Lookup(code)
		if !ok || reg.Name != f.Name {
			t.Errorf("%s is %q in the table but %q (%v) in the division index", code, f.Name, reg.Name, ok)
		}
	}
	// 江苏省 is stated to the person: the figure is the wording.
	if f, _ := tab.Lookup("320000"); f.Elderly != 18505345 || !strings.HasPrefix(f.StatedAs, "18505345") {
		t.Errorf("Jiangsu: %+v", f)
	}
	if _, ok := tab.Lookup("130600"); ok {
		t.Error("保定市 has a figure, but its bulletin excludes part of the region (see PROVENANCE.md)")
	}
}

func TestParseRefusesUnsourcedRows(t *testing.T) {
	head := "code,name,aged_60_and_over,year,as_of,stated_as,source_title,source_url\n"
	for name, row := range map[string]string{
		"no source":     "420000,湖北省,11795000,2020,2020-11-01,1179.50万人,t,\n",
		"zero":          "420000,湖北省,0,2020,2020-11-01,0,t,http://x\n",
		"wrong year":    "420000,湖北省,11795000,2021,2020-11-01,1179.50万人,t,http://x\n",
		"short code":    "4200,湖北省,11795000,2020,2020-11-01,1179.50万人,t,http://x\n",
		"not a number":  "420000,湖北省,many,2020,2020-11-01,1179.50万人,t,http://x\n",
		"bad as_of day": "420000,湖北省,11795000,2020,2020-13-01,1179.50万人,t,http://x\n",
	} {
		if _, err := population.Parse(strings.NewReader(head + row)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := population.Parse(strings.NewReader("a,b\n")); err == nil {
		t.Error("wrong header accepted")
	}
}
