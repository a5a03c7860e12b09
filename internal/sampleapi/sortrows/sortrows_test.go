package sortrows_test

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/internal/sampleapi/sortrows"
	"github.com/civgraph/civgraph/ordering"
)

func sites(n int) []civ.ServiceSite {
	out := make([]civ.ServiceSite, n)
	for i := range out {
		out[i] = civ.ServiceSite{ID: fmt.Sprintf("S%03d", i), Name: fmt.Sprintf("站点%d", (i*7)%10), Sample: i%2 == 0}
	}
	return out
}

// TestSelectSortsOnceAndFilters: a page in an order is the window of the
// matching rows sorted by it, the same whichever page asks first.
func TestSelectSortsOnceAndFilters(t *testing.T) {
	rows := sites(50)
	match := func(s civ.ServiceSite) bool { return s.Sample }
	var x sortrows.Index
	spec := sortrows.Spec{Field: ordering.Name, Desc: true}
	cmp, _ := ordering.Sites(ordering.Name, true, nil)
	want := slices.DeleteFunc(slices.Clone(rows), func(s civ.ServiceSite) bool { return !match(s) })
	slices.SortFunc(want, cmp)
	for _, offset := range []int{10, 0, 20} {
		page, total, err := sortrows.Select(&x, rows, sortrows.Sites, spec, match, offset, 10)
		if err != nil || total != len(want) || !slices.EqualFunc(page, want[offset:min(offset+10, len(want))], func(a, b civ.ServiceSite) bool { return a.ID == b.ID }) {
			t.Fatalf("offset %d: total %d, err %v, page %v", offset, total, err, page)
		}
	}
}

// TestParseRefusesWhatNoUpstreamAccepts: an unknown field or direction,
// and distance without a usable centre.
func TestParseRefusesWhatNoUpstreamAccepts(t *testing.T) {
	nan, lat, lng := math.NaN(), 31.2, 121.5
	base := sortrows.Params{Asc: "asc", Desc: "desc", FieldName: "orderBy", Fields: map[string]string{"name": ordering.Name, "distance": ordering.Distance}}
	for name, mutate := range map[string]func(*sortrows.Params){
		"unknown field":     func(p *sortrows.Params) { p.Field = "id" },
		"unknown direction": func(p *sortrows.Params) { p.Field, p.Direction = "name", "up" },
		"no centre":         func(p *sortrows.Params) { p.Field = "distance" },
		"NaN centre":        func(p *sortrows.Params) { p.Field, p.Lat, p.Lng = "distance", &nan, &lng },
	} {
		p := base
		mutate(&p)
		if _, err := sortrows.Parse(p, nil); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	p := base
	p.Field, p.Direction, p.Lat, p.Lng = "distance", "desc", &lat, &lng
	s, err := sortrows.Parse(p, nil)
	if err != nil || s.Field != ordering.Distance || !s.Desc || s.Center == nil || s.Center.Lat != lat {
		t.Fatalf("distance desc: %+v, %v", s, err)
	}
}

// TestSelectWithoutMatchCutsTheWindow: a nil match pages as a match
// accepting every row does, in the rows' own order and sorted, up to and
// past the last row.
func TestSelectWithoutMatchCutsTheWindow(t *testing.T) {
	rows := sites(25)
	all := func(civ.ServiceSite) bool { return true }
	id := func(a, b civ.ServiceSite) bool { return a.ID == b.ID }
	for _, spec := range []sortrows.Spec{{}, {Field: ordering.Name}, {Field: ordering.Name, Desc: true}} {
		var x, y sortrows.Index
		for _, offset := range []int{0, 10, 20, 25, 30} {
			got, n, err := sortrows.Select(&x, rows, sortrows.Sites, spec, nil, offset, 10)
			want, wn, werr := sortrows.Select(&y, rows, sortrows.Sites, spec, all, offset, 10)
			if err != nil || werr != nil || n != wn || n != len(rows) || !slices.EqualFunc(got, want, id) {
				t.Fatalf("%+v offset %d: got %d rows of %d (%v), want %d of %d", spec, offset, len(got), n, err, len(want), wn)
			}
		}
	}
}

// TestZeroFilterMatchesEverySite: Matcher's nil stands for the zero
// filter, which must accept every row, and any restriction keeps a match.
func TestZeroFilterMatchesEverySite(t *testing.T) {
	rows := append(sites(3), civ.ServiceSite{ID: "undated"})
	if sortrows.Matcher(civ.Filter{}, civ.Filter.MatchServiceSite) != nil {
		t.Fatal("zero filter got a match")
	}
	for _, r := range rows {
		if !(civ.Filter{}).MatchServiceSite(r) {
			t.Fatalf("zero filter refuses %+v", r)
		}
	}
	yes := true
	for _, f := range []civ.Filter{{Sample: &yes}, {Keyword: "站点1"}, {IDs: []string{}}} {
		if sortrows.Matcher(f, civ.Filter.MatchServiceSite) == nil {
			t.Fatalf("%+v: no match", f)
		}
	}
}
