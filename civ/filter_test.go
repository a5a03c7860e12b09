package civ_test

import (
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestMatchDate(t *testing.T) {
	march := civ.Filter{From: day("2024-03-01"), To: day("2024-03-31")}
	cases := []struct {
		name string
		f    civ.Filter
		d    civ.FuzzyDate
		want bool
	}{
		{"no range matches unknown", civ.Filter{}, civ.FuzzyDate{Precision: civ.PrecisionUnknown, Text: "日前"}, true},
		{"unknown never matches a range", march, civ.FuzzyDate{Precision: civ.PrecisionUnknown, Text: "日前"}, false},
		{"day inside", march, civ.FuzzyDate{Date: day("2024-03-20"), Precision: civ.PrecisionDay}, true},
		{"day on upper bound", march, civ.FuzzyDate{Date: day("2024-03-31"), Precision: civ.PrecisionDay}, true},
		{"day after", march, civ.FuzzyDate{Date: day("2024-04-01"), Precision: civ.PrecisionDay}, false},
		{"year overlaps", march, civ.FuzzyDate{Date: day("2024-01-01"), Precision: civ.PrecisionYear}, true},
		{"year before", march, civ.FuzzyDate{Date: day("2023-01-01"), Precision: civ.PrecisionYear}, false},
		{"month overlaps open range", civ.Filter{From: day("2024-03-31")}, civ.FuzzyDate{Date: day("2024-03-01"), Precision: civ.PrecisionMonth}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.f.MatchDate(c.d); got != c.want {
				t.Fatalf("MatchDate = %v, want %v", got, c.want)
			}
		})
	}
}

func TestMatchRegion(t *testing.T) {
	cases := []struct {
		filter, code string
		want         bool
	}{
		{"130000", "130408", true},
		{"130400", "130408", true},
		{"130400", "130408100", true},
		{"130408", "130408100", true},
		{"130408", "130409", false},
		{"130400", "130500", false},
		{"310000", "", false},
		{"", "", true},
	}
	for _, c := range cases {
		if got := (civ.Filter{RegionCode: c.filter}).MatchRegion(c.code); got != c.want {
			t.Errorf("region %q matches %q = %v, want %v", c.filter, c.code, got, c.want)
		}
	}
}

func TestMatchServiceSite(t *testing.T) {
	s := civ.ServiceSite{ID: "SH-1", Province: civ.Shanghai, Type: civ.SiteCommunityCanteen, Name: "金汇镇社区长者食堂", RegionCode: "310120106"}
	cases := []struct {
		name string
		f    civ.Filter
		want bool
	}{
		{"empty", civ.Filter{}, true},
		{"type", civ.Filter{SiteType: civ.SiteCommunityCanteen}, true},
		{"other type", civ.Filter{SiteType: civ.SiteMealPoint}, false},
		{"domain of type", civ.Filter{Domain: civ.DomainElderlyMeals}, true},
		{"other domain", civ.Filter{Domain: civ.DomainFuneralManagement}, false},
		{"keyword", civ.Filter{Keyword: "长者食堂"}, true},
		{"region", civ.Filter{RegionCode: "310120"}, true},
		{"id", civ.Filter{ID: "SH-2"}, false},
		{"date range without update time", civ.Filter{From: day("2024-01-01")}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.f.MatchServiceSite(s); got != c.want {
				t.Fatalf("got %v, want %v", got, c.want)
			}
		})
	}
}

func TestMultiValueFilters(t *testing.T) {
	task := civ.Task{ID: "T2", OriginID: "M1"}
	meeting := civ.Meeting{ID: "M1"}
	cases := []struct {
		name string
		f    civ.Filter
		task bool
		mtg  bool
	}{
		{"ids include", civ.Filter{IDs: []string{"T1", "T2"}}, true, false},
		{"ids exclude", civ.Filter{IDs: []string{"T1"}}, false, false},
		{"id and ids both apply", civ.Filter{ID: "T2", IDs: []string{"T1"}}, false, false},
		{"origin ids include", civ.Filter{OriginIDs: []string{"M0", "M1"}}, true, false},
		{"origin ids exclude", civ.Filter{OriginIDs: []string{"M0"}}, false, false},
		{"meeting ids", civ.Filter{IDs: []string{"M1"}}, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.f.MatchTask(task); got != c.task {
				t.Errorf("MatchTask = %v, want %v", got, c.task)
			}
			if got := c.f.MatchMeeting(meeting); got != c.mtg {
				t.Errorf("MatchMeeting = %v, want %v", got, c.mtg)
			}
		})
	}
}

func TestCheckValuesBoundsMultiValueFields(t *testing.T) {
	many := make([]string, civ.MaxFilterValues+1)
	for i := range many {
		many[i] = "x"
	}
	for name, f := range map[string]civ.Filter{
		"too many ids":     {IDs: many},
		"too many origins": {OriginIDs: many},
		"an empty id":      {IDs: []string{"a", ""}},
	} {
		if f.CheckValues() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if err := (civ.Filter{IDs: many[:civ.MaxFilterValues]}).CheckValues(); err != nil {
		t.Errorf("%d ids refused: %v", civ.MaxFilterValues, err)
	}
}
