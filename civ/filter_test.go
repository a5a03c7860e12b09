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
		{"unknown matches a range with includeUndated", civ.Filter{From: march.From, To: march.To, IncludeUndated: true}, civ.FuzzyDate{Precision: civ.PrecisionUnknown, Text: "日前"}, true},
		{"includeUndated keeps known dates to the range", civ.Filter{From: march.From, To: march.To, IncludeUndated: true}, civ.FuzzyDate{Date: day("2024-04-01"), Precision: civ.PrecisionDay}, false},
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

func TestMatchSample(t *testing.T) {
	yes, no := true, false
	real := civ.ServiceSite{ID: "SH-MEAL-001"}
	generated := civ.ServiceSite{ID: "SH-SAMPLE-0000001", Sample: true}
	cases := []struct {
		name       string
		f          civ.Filter
		real, gen  bool
		otherKinds bool // meetings, documents and tasks are real rows
	}{
		{"nil keeps both", civ.Filter{}, true, true, true},
		{"true keeps generated rows", civ.Filter{Sample: &yes}, false, true, false},
		{"false keeps real rows", civ.Filter{Sample: &no}, true, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.f.MatchServiceSite(real); got != c.real {
				t.Errorf("real site: %v, want %v", got, c.real)
			}
			if got := c.f.MatchServiceSite(generated); got != c.gen {
				t.Errorf("generated site: %v, want %v", got, c.gen)
			}
			if got := c.f.MatchMeeting(civ.Meeting{}); got != c.otherKinds {
				t.Errorf("meeting: %v, want %v", got, c.otherKinds)
			}
			if got := c.f.MatchTask(civ.Task{}); got != c.otherKinds {
				t.Errorf("task: %v, want %v", got, c.otherKinds)
			}
			if got := c.f.MatchPolicyDocument(civ.PolicyDocument{}); got != c.otherKinds {
				t.Errorf("document: %v, want %v", got, c.otherKinds)
			}
		})
	}
}

func TestDomainSiteTypeAndRegionLists(t *testing.T) {
	canteen := civ.ServiceSite{Type: civ.SiteCommunityCanteen, RegionCode: "310104"}
	cemetery := civ.ServiceSite{Type: civ.SiteCemetery, RegionCode: "130408"}
	meeting := civ.Meeting{Domains: []civ.Domain{civ.DomainFuneralManagement, civ.DomainSocialAffairs}, RegionCode: "420100"}
	cases := []struct {
		name                       string
		f                          civ.Filter
		canteen, cemetery, meeting bool
	}{
		{"domains: any of them", civ.Filter{Domains: []civ.Domain{civ.DomainElderlyMeals, civ.DomainFuneralManagement}}, true, true, true},
		{"domains: none covered", civ.Filter{Domains: []civ.Domain{civ.DomainElderlyCare}}, false, false, false},
		{"domain and domains both hold", civ.Filter{Domain: civ.DomainElderlyMeals, Domains: []civ.Domain{civ.DomainFuneralManagement}}, false, false, false},
		{"site types: any of them", civ.Filter{SiteTypes: []civ.SiteType{civ.SiteCemetery, civ.SiteMealPoint}}, false, true, false},
		{"region codes: under any of them", civ.Filter{RegionCodes: []string{"310000", "420000"}}, true, false, true},
		{"region codes: a county", civ.Filter{RegionCodes: []string{"130408"}}, false, true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.f.MatchServiceSite(canteen); got != c.canteen {
				t.Errorf("canteen: %v, want %v", got, c.canteen)
			}
			if got := c.f.MatchServiceSite(cemetery); got != c.cemetery {
				t.Errorf("cemetery: %v, want %v", got, c.cemetery)
			}
			if got := c.f.MatchMeeting(meeting); got != c.meeting {
				t.Errorf("meeting: %v, want %v", got, c.meeting)
			}
		})
	}
	tooMany := make([]civ.Domain, civ.MaxFilterValues+1)
	for i := range tooMany {
		tooMany[i] = civ.DomainElderlyMeals
	}
	if err := (civ.Filter{Domains: tooMany}).CheckValues(); err == nil {
		t.Error("101 domains were accepted")
	}
	if err := (civ.Filter{RegionCodes: []string{"310000", ""}}).CheckValues(); err == nil {
		t.Error("an empty region code was accepted")
	}
}

func TestTargetFilters(t *testing.T) {
	in2025 := civ.FuzzyDate{Date: day("2025-01-01"), Precision: civ.PrecisionYear, Text: "至2025年年末"}
	task := civ.Task{Due: civ.FuzzyDate{Date: day("2024-12-31"), Precision: civ.PrecisionDay},
		Targets: []civ.Target{{Metric: "社区长者食堂数量", MetricEn: "community elderly canteens", Due: in2025},
			{Metric: "老年助餐点数量", MetricEn: "meal points"}}}
	from, to := day("2025-01-01"), day("2025-12-31")
	before := day("2024-06-30")
	cases := []struct {
		name string
		f    civ.Filter
		want bool
	}{
		{"a target due in 2025, though the task is due in 2024", civ.Filter{TargetDueFrom: &from, TargetDueTo: &to}, true},
		{"the task's own due date is not in 2025", civ.Filter{From: from, To: to}, false},
		{"no target due by mid-2024", civ.Filter{TargetDueTo: &before}, false},
		{"metric, either language", civ.Filter{TargetMetric: "CANTEENS"}, true},
		{"metric and due must hold for the same target", civ.Filter{TargetMetric: "meal points", TargetDueFrom: &from}, false},
		{"no such metric", civ.Filter{TargetMetric: "beds"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.f.MatchTask(task); got != c.want {
				t.Fatalf("MatchTask = %v, want %v", got, c.want)
			}
		})
	}
	if (civ.Filter{TargetMetric: "x"}).MatchMeeting(civ.Meeting{}) {
		t.Error("a meeting has no targets, yet matched a target filter")
	}
}
