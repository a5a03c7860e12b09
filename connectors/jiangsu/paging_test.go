package jiangsu_test

import (
	"context"
	"fmt"
	"github.com/civgraph/civgraph/connectors/sourcetest"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/jiangsu"
	samplejiangsu "github.com/civgraph/civgraph/internal/sampleapi/jiangsu"
)

// checkWalks walks list over the fixture with several windows and every
// filter, comparing with rows and civ.Filter's reference semantics.
func checkWalks[T any](t *testing.T, rows []T, list sourcetest.ListFunc[T], match func(civ.Filter, T) bool, id func(T) string) {
	for _, window := range []int{7, 100, 101} {
		t.Run(fmt.Sprintf("window %d", window), func(t *testing.T) {
			got := sourcetest.Walk(t, list, civ.Filter{}, window)
			seen := map[string]bool{}
			for _, r := range got {
				if seen[id(r)] {
					t.Fatalf("row %s visited twice", id(r))
				}
				seen[id(r)] = true
			}
			if diff := cmp.Diff(rows, got, same); diff != "" {
				t.Fatalf("walked rows differ from the fixture (-want +got):\n%s", diff)
			}
		})
	}
	matched := 0
	for name, f := range filters(id(rows[len(rows)/2])) {
		t.Run("filter "+name, func(t *testing.T) {
			var want []T
			for _, r := range rows {
				if match(f, r) {
					want = append(want, r)
				}
			}
			if len(want) > 0 {
				matched++
			}
			if diff := cmp.Diff(want, sourcetest.Walk(t, list, f, 100), same); diff != "" {
				t.Fatalf("filter %+v differs from the reference semantics (-want +got):\n%s", f, diff)
			}
		})
	}
	// Filters that match nothing cannot tell a right answer from a wrong one.
	if matched < 5 {
		t.Errorf("only %d filters have matches in the fixture; the comparisons prove little", matched)
	}
	t.Run("total only", func(t *testing.T) {
		res, err := list(context.Background(), connectors.Query{Limit: 0})
		if err != nil || res.Total != len(rows) || len(res.Items) != 0 {
			t.Fatalf("Limit 0: total %d, %d items, err %v; want total %d and no items", res.Total, len(res.Items), err, len(rows))
		}
	})
	t.Run("past the end", func(t *testing.T) {
		res, err := list(context.Background(), connectors.Query{Offset: len(rows) + 3, Limit: 10})
		if err != nil || res.Total != len(rows) || len(res.Items) != 0 {
			t.Fatalf("offset past the end: total %d, %d items, err %v", res.Total, len(res.Items), err)
		}
	})
}

// filters has one filter of each kind, several with matches in the fixture.
func filters(id string) map[string]civ.Filter {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	return map[string]civ.Filter{
		"id":            {ID: id},
		"date range":    {From: day(2024, 3, 1), To: day(2024, 6, 30)},
		"from only":     {From: day(2025, 2, 1)},
		"to only":       {To: day(2023, 3, 31)},
		"domain":        {Domain: civ.DomainFuneralManagement},
		"site type":     {SiteType: civ.SiteCemetery},
		"city region":   {RegionCode: "320100"},
		"county region": {RegionCode: "321181"},
		"town region":   {RegionCode: "320412106"},
		"keyword":       {Keyword: "社区"},
		"keyword quote": {Keyword: "\"幸福\""},
		"origin":        {OriginID: "JS-MTG-0003"},
		"combined":      {Keyword: "社区", Domain: civ.DomainElderlyMeals, RegionCode: "320000"},
		"no match":      {Keyword: "不存在的关键词"},
	}
}

func TestWalkAndFilters(t *testing.T) {
	ds := fixture()
	url, _ := portal(t, ds, samplejiangsu.Options{})
	c := newClient(t, demoConfig(url))
	want := ds.Province(civ.Jiangsu)
	t.Run("meetings", func(t *testing.T) {
		checkWalks(t, want.Meetings, c.Meetings, civ.Filter.MatchMeeting, func(m civ.Meeting) string { return m.ID })
	})
	t.Run("policy documents", func(t *testing.T) {
		checkWalks(t, want.PolicyDocuments, c.PolicyDocuments, civ.Filter.MatchPolicyDocument, func(d civ.PolicyDocument) string { return d.ID })
	})
	t.Run("tasks", func(t *testing.T) {
		checkWalks(t, want.Tasks, c.Tasks, civ.Filter.MatchTask, func(x civ.Task) string { return x.ID })
	})
	t.Run("service sites", func(t *testing.T) {
		checkWalks(t, want.ServiceSites, c.ServiceSites, civ.Filter.MatchServiceSite, func(s civ.ServiceSite) string { return s.ID })
	})
}

// TestWindowFetchesCoveringPages: a window across a page boundary costs
// exactly the two upstream pages that cover it.
func TestWindowFetchesCoveringPages(t *testing.T) {
	url, n := portal(t, fixture(), samplejiangsu.Options{})
	c := newClient(t, demoConfig(url))
	res, err := c.Tasks(context.Background(), connectors.Query{Offset: 95, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Items) != 10 || res.Items[0].ID != "JS-TASK-0095" || res.Items[9].ID != "JS-TASK-0104" || res.Total != 310 {
		t.Fatalf("got %d items from %v, total %d", len(res.Items), res.Items[0].ID, res.Total)
	}
	if got := n.all.Load(); got != 2 {
		t.Fatalf("%d upstream requests, want 2 (pages 1 and 2)", got)
	}
}

func TestCapabilities(t *testing.T) {
	c := newClient(t, jiangsu.Config{BaseURL: "http://127.0.0.1:1"})
	got := c.Capabilities().PushDown
	for _, field := range []string{"ID", "From", "To", "Domain", "RegionCode", "Keyword", "OriginID"} {
		if !got[field] {
			t.Errorf("%s is filtered by the paged API but not declared", field)
		}
	}
	if got["SiteType"] {
		t.Error("SiteType only concerns sites, which the bulk file cannot filter: it must not be declared")
	}
}
