package sourcetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/geo"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
)

// NewSource starts the province's sample upstream over ds and returns a
// connector pointed at it.
type NewSource func(t *testing.T, ds *dataset.Dataset) connectors.Source

// Run runs the conformance suite.
func Run(t *testing.T, newSource NewSource) {
	ds, err := dataset.Load(dataset.Options{SampleSitesPerProvince: 230, Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	src := newSource(t, ds)
	want := ds.Province(src.Province())
	t.Run("meetings", func(t *testing.T) { checkList(t, want.Meetings, src.Meetings, civ.Filter.MatchMeeting, meetingID) })
	t.Run("policy documents", func(t *testing.T) {
		checkList(t, want.PolicyDocuments, src.PolicyDocuments, civ.Filter.MatchPolicyDocument, func(d civ.PolicyDocument) string { return d.ID })
	})
	t.Run("tasks", func(t *testing.T) {
		checkList(t, want.Tasks, src.Tasks, civ.Filter.MatchTask, func(x civ.Task) string { return x.ID })
		t.Run("filter origin ids", func(t *testing.T) {
			checkFilter(t, want.Tasks, src.Tasks, civ.Filter.MatchTask, civ.Filter{OriginIDs: originIDs(want.Tasks)})
		})
	})
	t.Run("service sites", func(t *testing.T) {
		checkList(t, want.ServiceSites, src.ServiceSites, civ.Filter.MatchServiceSite, func(s civ.ServiceSite) string { return s.ID })
	})
}

func meetingID(m civ.Meeting) string { return m.ID }

// ListFunc is a connector's list method.
type ListFunc[T any] func(context.Context, connectors.Query) (connectors.Result[T], error)

// within1m treats locations as equal within a metre: a connector may
// convert coordinates (GCJ-02 → WGS-84) and lose a little precision.
var within1m = cmp.Comparer(func(a, b civ.GeoPoint) bool { return geo.Distance(a, b) < 1 })

var options = cmp.Options{cmpopts.EquateEmpty(), within1m}

func checkList[T any](t *testing.T, rows []T, list ListFunc[T], match func(civ.Filter, T) bool, id func(T) string) {
	ctx := context.Background()
	for _, window := range []int{7, 100, 250} {
		t.Run(fmt.Sprintf("walk window %d", window), func(t *testing.T) {
			got := Walk(t, list, civ.Filter{}, window)
			if diff := cmp.Diff(rows, got, options); diff != "" {
				t.Fatalf("walked rows differ from the dataset (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("total only", func(t *testing.T) {
		res, err := list(ctx, connectors.Query{Limit: 0})
		if err != nil || res.Total != len(rows) || len(res.Items) != 0 {
			t.Fatalf("Limit 0: total %d, %d items, err %v; want total %d and no items", res.Total, len(res.Items), err, len(rows))
		}
	})
	t.Run("past the end", func(t *testing.T) {
		res, err := list(ctx, connectors.Query{Offset: len(rows) + 5, Limit: 10})
		if err != nil || res.Total != len(rows) || len(res.Items) != 0 {
			t.Fatalf("offset past the end: total %d, %d items, err %v", res.Total, len(res.Items), err)
		}
	})
	for name, f := range filtersFor(rows, id) {
		t.Run("filter "+name, func(t *testing.T) { checkFilter(t, rows, list, match, f) })
	}
}

// checkFilter walks the rows list answers for f and compares them with
// the reference semantics.
func checkFilter[T any](t *testing.T, rows []T, list ListFunc[T], match func(civ.Filter, T) bool, f civ.Filter) {
	var want []T
	for _, r := range rows {
		if match(f, r) {
			want = append(want, r)
		}
	}
	got := Walk(t, list, f, 100)
	if diff := cmp.Diff(want, got, options); diff != "" {
		t.Fatalf("filter %+v differs from the reference semantics (-want +got):\n%s", f, diff)
	}
}

// originIDs picks the origins of the first and last tasks plus one that
// sets nothing: a batch of origins as the gateway's loaders ask for them.
func originIDs(tasks []civ.Task) []string {
	ids := []string{"NO-SUCH-ORIGIN"}
	if len(tasks) > 0 {
		ids = append(ids, tasks[0].OriginID, tasks[len(tasks)-1].OriginID)
	}
	return ids
}

// filtersFor builds one filter of each kind that has matches in rows.
func filtersFor[T any](rows []T, id func(T) string) map[string]civ.Filter {
	fs := map[string]civ.Filter{
		"date range":      {From: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)},
		"domain":          {Domain: civ.DomainElderlyMeals},
		"funeral domain":  {Domain: civ.DomainFuneralManagement},
		"site type":       {SiteType: civ.SiteCommunityCanteen},
		"keyword":         {Keyword: "社区"},
		"no match":        {Keyword: "不存在的关键词"},
		"combined":        {Keyword: "示例", SiteType: civ.SiteMealPoint},
		"shanghai region": {RegionCode: "310100"},
		"county region":   {RegionCode: "130408"},
		"hubei region":    {RegionCode: "420100"},
		"jiangsu region":  {RegionCode: "320400"},
	}
	if len(rows) > 0 {
		fs["id"] = civ.Filter{ID: id(rows[len(rows)/2])}
		fs["ids"] = civ.Filter{IDs: []string{id(rows[0]), "NO-SUCH-ID", id(rows[len(rows)-1])}}
	}
	return fs
}

// Walk reads every row matching f in successive windows of the given size,
// failing t if the total changes between windows, a window before the end
// is not full, or the rows read differ in number from the total.
func Walk[T any](t *testing.T, list ListFunc[T], f civ.Filter, window int) []T {
	t.Helper()
	var got []T
	total := -1
	for offset := 0; ; offset += window {
		res, err := list(context.Background(), connectors.Query{Filter: f, Offset: offset, Limit: window})
		if err != nil {
			t.Fatalf("offset %d: %v", offset, err)
		}
		if total >= 0 && res.Total != total {
			t.Fatalf("total changed from %d to %d", total, res.Total)
		}
		total = res.Total
		got = append(got, res.Items...)
		if offset+window >= total {
			break
		}
		if len(res.Items) != window {
			t.Fatalf("offset %d: %d items of a %d window before the end (total %d)", offset, len(res.Items), window, total)
		}
	}
	if len(got) != total {
		t.Fatalf("walked %d rows, total %d", len(got), total)
	}
	return got
}

// Matching returns the rows for which match holds, in order.
func Matching[T any](rows []T, match func(T) bool) []T {
	var out []T
	for _, r := range rows {
		if match(r) {
			out = append(out, r)
		}
	}
	return out
}
