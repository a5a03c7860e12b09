package shanghai_test

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/sourcetest"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	sampleshanghai "github.com/civgraph/civgraph/internal/sampleapi/shanghai"
)

// checkWalk walks list and compares the rows with want, in order, each once.
func checkWalk[T any](t *testing.T, list sourcetest.ListFunc[T], f civ.Filter, window int, want []T, id func(T) string) {
	t.Helper()
	got := sourcetest.Walk(t, list, f, window)
	total := len(got)
	seen := map[string]bool{}
	for _, r := range got {
		if seen[id(r)] {
			t.Fatalf("row %s visited twice", id(r))
		}
		seen[id(r)] = true
	}
	if total != len(want) {
		t.Fatalf("total %d, want %d", total, len(want))
	}
	if diff := cmp.Diff(want, got, same); diff != "" {
		t.Fatalf("rows differ (-want +got):\n%s", diff)
	}
}

func meetingID(m civ.Meeting) string         { return m.ID }
func documentID(d civ.PolicyDocument) string { return d.ID }
func taskID(x civ.Task) string               { return x.ID }
func siteID(s civ.ServiceSite) string        { return s.ID }

func TestWalkVisitsEveryRowOnce(t *testing.T) {
	ds := generated()
	c := demoClient(t, ds)
	p := ds.Province(civ.Shanghai)
	for _, window := range []int{7, 100, 333} {
		t.Run(fmt.Sprintf("window %d", window), func(t *testing.T) {
			t.Run("meetings", func(t *testing.T) {
				checkWalk(t, c.Meetings, civ.Filter{}, window, p.Meetings, meetingID)
			})
			t.Run("policy documents", func(t *testing.T) {
				checkWalk(t, c.PolicyDocuments, civ.Filter{}, window, p.PolicyDocuments, documentID)
			})
			t.Run("tasks", func(t *testing.T) { checkWalk(t, c.Tasks, civ.Filter{}, window, p.Tasks, taskID) })
			t.Run("service sites", func(t *testing.T) {
				checkWalk(t, c.ServiceSites, civ.Filter{}, window, p.ServiceSites, siteID)
			})
		})
	}
}

func TestWindows(t *testing.T) {
	ds := generated()
	sites := ds.Province(civ.Shanghai).ServiceSites
	var n atomic.Int32
	c := newClient(t, startShanghai(t, ds, sampleshanghai.Options{}, &n), sampleshanghai.DemoToken, cache.Policy{})
	cases := []struct {
		name          string
		offset, limit int
		wantRows      int
		wantRequests  int32
	}{
		{"total only", 0, 0, 0, 1},
		{"inside one page", 10, 20, 20, 1},
		{"across a page boundary", 95, 10, 10, 2},
		{"across four pages", 50, 300, 300, 4},
		{"cut at the end", nSites - 3, 10, 3, 1},
		{"past the end", nSites + 50, 10, 0, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := n.Load()
			res, err := c.ServiceSites(ctx, connectors.Query{Offset: tc.offset, Limit: tc.limit})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != nSites || len(res.Items) != tc.wantRows {
				t.Fatalf("total %d, %d rows; want %d, %d", res.Total, len(res.Items), nSites, tc.wantRows)
			}
			if tc.wantRows > 0 {
				if diff := cmp.Diff(sites[tc.offset:tc.offset+tc.wantRows], res.Items, same); diff != "" {
					t.Fatalf("window differs (-want +got):\n%s", diff)
				}
			}
			if got := n.Load() - before; got != tc.wantRequests {
				t.Fatalf("%d upstream requests, want %d (pages of 100)", got, tc.wantRequests)
			}
		})
	}
	t.Run("negative window", func(t *testing.T) {
		_, err := c.ServiceSites(ctx, connectors.Query{Offset: -1, Limit: 5})
		wantCode(t, err, connectors.CodeInvalidQuery)
	})
}

// TestFiltersPushedDown checks that every filter, applied by the platform,
// selects exactly the rows civ.Filter's Match methods select.
func TestFiltersPushedDown(t *testing.T) {
	ds := generated()
	c := demoClient(t, ds)
	p := ds.Province(civ.Shanghai)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	filters := map[string]civ.Filter{
		"id":                 {ID: "SH-SITE-0123"},
		"task id":            {ID: "SH-TASK-0042"},
		"date range":         {From: day(2024, 3, 1), To: day(2024, 6, 30)},
		"from only":          {From: day(2024, 9, 15)},
		"to only":            {To: day(2023, 12, 31)},
		"single day":         {From: day(2023, 6, 6), To: day(2023, 6, 6)},
		"domain":             {Domain: civ.DomainElderlyCare},
		"meals domain":       {Domain: civ.DomainElderlyMeals},
		"site type":          {SiteType: civ.SiteCommunityCanteen},
		"meal points":        {SiteType: civ.SiteMealPoint},
		"site domain":        {Domain: civ.DomainFuneralManagement},
		"province region":    {RegionCode: "310000"},
		"district region":    {RegionCode: "310115"},
		"town region":        {RegionCode: "310101002"},
		"other province":     {RegionCode: "130000"},
		"keyword mixed case": {Keyword: "Abc"},
		"keyword summary":    {Keyword: "摘要社会"},
		"origin":             {OriginID: "SH-MTG-0003"},
		"combined":           {Keyword: "服务点", SiteType: civ.SiteMealPoint, RegionCode: "310100"},
		"no match":           {Keyword: "不存在的关键词"},
	}
	for name, f := range filters {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			// Guard against a vacuous fixture: a filter meant to match must.
			n := len(sourcetest.Matching(p.Meetings, f.MatchMeeting)) + len(sourcetest.Matching(p.PolicyDocuments, f.MatchPolicyDocument)) +
				len(sourcetest.Matching(p.Tasks, f.MatchTask)) + len(sourcetest.Matching(p.ServiceSites, f.MatchServiceSite))
			if (n == 0) != (name == "no match" || name == "other province") {
				t.Fatalf("the fixture has %d rows matching %+v", n, f)
			}
			t.Run("meetings", func(t *testing.T) {
				checkWalk(t, c.Meetings, f, 100, sourcetest.Matching(p.Meetings, f.MatchMeeting), meetingID)
			})
			t.Run("policy documents", func(t *testing.T) {
				checkWalk(t, c.PolicyDocuments, f, 7, sourcetest.Matching(p.PolicyDocuments, f.MatchPolicyDocument), documentID)
			})
			t.Run("tasks", func(t *testing.T) {
				checkWalk(t, c.Tasks, f, 7, sourcetest.Matching(p.Tasks, f.MatchTask), taskID)
			})
			t.Run("service sites", func(t *testing.T) {
				checkWalk(t, c.ServiceSites, f, 7, sourcetest.Matching(p.ServiceSites, f.MatchServiceSite), siteID)
			})
		})
	}
}

// TestConformance runs the shared suite over the full dataset.
func TestConformance(t *testing.T) {
	sourcetest.Run(t, func(t *testing.T, ds *dataset.Dataset) connectors.Source { return demoClient(t, ds) })
}
