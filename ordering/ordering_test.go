package ordering_test

import (
	"slices"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/ordering"
)

func ids[T any](rows []T, id func(T) string) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = id(r)
	}
	return out
}

// TestUnknownKeysComeLastBothWays: an unknown date or location sorts last
// ascending and descending; equal keys go by ID ascending both ways.
func TestUnknownKeysComeLastBothWays(t *testing.T) {
	day := func(d int) civ.FuzzyDate {
		return civ.FuzzyDate{Date: time.Date(2024, 3, d, 0, 0, 0, 0, time.UTC), Precision: civ.PrecisionDay}
	}
	tasks := []civ.Task{{ID: "d", Due: day(2)}, {ID: "x", Due: civ.FuzzyDate{Precision: civ.PrecisionUnknown}},
		{ID: "b", Due: day(1)}, {ID: "a", Due: day(2)}, {ID: "c", Due: civ.FuzzyDate{Precision: civ.PrecisionUnknown}}}
	for desc, want := range map[bool][]string{false: {"b", "a", "d", "c", "x"}, true: {"a", "d", "b", "c", "x"}} {
		cmp, err := ordering.Tasks(ordering.Due, desc)
		if err != nil {
			t.Fatal(err)
		}
		got := slices.Clone(tasks)
		slices.SortFunc(got, cmp)
		if g := ids(got, func(x civ.Task) string { return x.ID }); !slices.Equal(g, want) {
			t.Errorf("desc=%v: %v, want %v", desc, g, want)
		}
	}
	centre := civ.GeoPoint{Lat: 31.23, Lng: 121.47}
	sites := []civ.ServiceSite{{ID: "far", Location: &civ.GeoPoint{Lat: 30.59, Lng: 114.31}}, {ID: "none"},
		{ID: "near", Location: &civ.GeoPoint{Lat: 31.24, Lng: 121.48}}}
	for desc, want := range map[bool][]string{false: {"near", "far", "none"}, true: {"far", "near", "none"}} {
		cmp, err := ordering.Sites(ordering.Distance, desc, &centre)
		if err != nil {
			t.Fatal(err)
		}
		got := slices.Clone(sites)
		slices.SortFunc(got, cmp)
		if g := ids(got, func(x civ.ServiceSite) string { return x.ID }); !slices.Equal(g, want) {
			t.Errorf("distance desc=%v: %v, want %v", desc, g, want)
		}
	}
}

// TestOrdersAListHasNot are refused, and DISTANCE without a centre.
func TestOrdersAListHasNot(t *testing.T) {
	if _, err := ordering.Sites(ordering.Distance, false, nil); err == nil {
		t.Error("distance without a centre accepted")
	}
	if _, err := ordering.Sites(ordering.Due, false, nil); err == nil {
		t.Error("sites by due accepted")
	}
	if _, err := ordering.Meetings(ordering.Name, false); err == nil {
		t.Error("meetings by name accepted")
	}
	if _, err := ordering.PolicyDocuments("", false); err == nil {
		t.Error("documents by nothing accepted")
	}
	if _, err := ordering.Tasks(ordering.Date, true); err == nil {
		t.Error("tasks by date accepted")
	}
}
