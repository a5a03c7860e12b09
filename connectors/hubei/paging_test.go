package hubei_test

import (
	"context"
	"fmt"
	"github.com/civgraph/civgraph/connectors/sourcetest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/hubei"
	samplehubei "github.com/civgraph/civgraph/internal/sampleapi/hubei"
)

func TestPagingAndFilters(t *testing.T) {
	ds := fixture()
	url, _ := gateway(t, ds, samplehubei.Options{})
	c := newClient(t, demoConfig(url))
	want := ds.Province(civ.Hubei)
	t.Run("meetings", func(t *testing.T) { check(t, want.Meetings, c.Meetings, civ.Filter.MatchMeeting) })
	t.Run("policy documents", func(t *testing.T) { check(t, want.PolicyDocuments, c.PolicyDocuments, civ.Filter.MatchPolicyDocument) })
	t.Run("tasks", func(t *testing.T) { check(t, want.Tasks, c.Tasks, civ.Filter.MatchTask) })
	t.Run("service sites", func(t *testing.T) { check(t, want.ServiceSites, c.ServiceSites, civ.Filter.MatchServiceSite) })
}

// filters has one filter per civ.Filter field, and a combination; each is
// pushed down to the gateway.
var filters = map[string]civ.Filter{
	"id":           {ID: "HUB-TASK-0017"},
	"site id":      {ID: "HUB-SITE-0123"},
	"date range":   {From: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)},
	"from only":    {From: time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)},
	"to only":      {To: time.Date(2023, 1, 31, 0, 0, 0, 0, time.UTC)},
	"domain":       {Domain: civ.DomainFuneralManagement},
	"site type":    {SiteType: civ.SiteCommunityCanteen},
	"city":         {RegionCode: "420100"},
	"county":       {RegionCode: "420102"},
	"province":     {RegionCode: "420000"},
	"other region": {RegionCode: "130000"},
	"keyword":      {Keyword: "社区"},
	"origin":       {OriginID: "HUB-MTG-0003"},
	"combined":     {Keyword: "社区", RegionCode: "420100", Domain: civ.DomainElderlyMeals},
}

func check[T any](t *testing.T, rows []T, list sourcetest.ListFunc[T], match func(civ.Filter, T) bool) {
	if len(rows) < 100 {
		t.Fatalf("fixture has %d rows; paging needs a few hundred", len(rows))
	}
	for _, window := range []int{7, 100, 250} {
		t.Run(fmt.Sprintf("walk window %d", window), func(t *testing.T) {
			// Same rows, same order: no duplicate, no gap.
			if diff := cmp.Diff(rows, sourcetest.Walk(t, list, civ.Filter{}, window), same); diff != "" {
				t.Fatalf("walked rows differ from the fixture (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("total only", func(t *testing.T) {
		res, err := list(context.Background(), connectors.Query{Offset: 150, Limit: 0})
		if err != nil || res.Total != len(rows) || len(res.Items) != 0 {
			t.Fatalf("total %d, %d items, err %v; want total %d and no items", res.Total, len(res.Items), err, len(rows))
		}
	})
	t.Run("window across pages", func(t *testing.T) {
		res, err := list(context.Background(), connectors.Query{Offset: 95, Limit: 110})
		if err != nil || res.Total != len(rows) {
			t.Fatalf("total %d, err %v", res.Total, err)
		}
		if diff := cmp.Diff(rows[95:min(205, len(rows))], res.Items, same); diff != "" {
			t.Fatalf("window 95+110 (-want +got):\n%s", diff)
		}
	})
	t.Run("past the end", func(t *testing.T) {
		res, err := list(context.Background(), connectors.Query{Offset: len(rows) + 3, Limit: 10})
		if err != nil || res.Total != len(rows) || len(res.Items) != 0 {
			t.Fatalf("total %d, %d items, err %v", res.Total, len(res.Items), err)
		}
	})
	for name, f := range filters {
		t.Run("filter "+name, func(t *testing.T) {
			var want []T
			for _, r := range rows {
				if match(f, r) {
					want = append(want, r)
				}
			}
			if diff := cmp.Diff(want, sourcetest.Walk(t, list, f, 100), same); diff != "" {
				t.Fatalf("filter %+v differs from the reference semantics (-want +got):\n%s", f, diff)
			}
		})
	}
}

func TestFiltersHaveMatches(t *testing.T) {
	// Guards the fixture: a filter test over no matching rows proves little.
	p := fixture().Province(civ.Hubei)
	for name, f := range filters {
		n := 0
		for _, s := range p.ServiceSites {
			if f.MatchServiceSite(s) {
				n++
			}
		}
		for _, x := range p.Tasks {
			if f.MatchTask(x) {
				n++
			}
		}
		for _, m := range p.Meetings {
			if f.MatchMeeting(m) {
				n++
			}
		}
		if n == 0 && name != "other region" {
			t.Errorf("filter %q matches no fixture row", name)
		}
	}
}

func TestInvalidQuery(t *testing.T) {
	url, requests := gateway(t, fixture(), samplehubei.Options{})
	c := newClient(t, demoConfig(url))
	for name, q := range map[string]connectors.Query{
		"unknown domain":    {Filter: civ.Filter{Domain: "GAMBLING"}, Limit: 5},
		"unknown site type": {Filter: civ.Filter{SiteType: "CASINO"}, Limit: 5},
		"negative offset":   {Offset: -1, Limit: 5},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := c.ServiceSites(context.Background(), q); code(err) != connectors.CodeInvalidQuery {
				t.Fatalf("err = %v, want %s", err, connectors.CodeInvalidQuery)
			}
		})
	}
	if n := requests.Load(); n != 0 {
		t.Fatalf("%d requests reached the gateway for queries it cannot answer", n)
	}
}

func TestNewValidatesConfig(t *testing.T) {
	ok := hubei.Config{BaseURL: "http://127.0.0.1:1/hubei", PaasID: "p", Token: "t"}
	for _, c := range []struct {
		field string
		edit  func(*hubei.Config)
	}{
		{"BaseURL", func(c *hubei.Config) { c.BaseURL = "" }},
		{"BaseURL", func(c *hubei.Config) { c.BaseURL = "127.0.0.1/hubei" }},
		{"BaseURL", func(c *hubei.Config) { c.BaseURL = "http://[::1" }},
	} {
		t.Run(c.field, func(t *testing.T) {
			cfg := ok
			c.edit(&cfg)
			_, err := hubei.New(cfg)
			if err == nil || !strings.Contains(err.Error(), c.field) {
				t.Fatalf("err = %v, want one naming %s", err, c.field)
			}
		})
	}
	if _, err := hubei.New(ok); err != nil {
		t.Fatalf("valid config: %v", err)
	}
}
