package federation_test

import (
	"context"
	"errors"
	"testing"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/errcode"
	"github.com/civgraph/civgraph/federation"
)

// countingSource counts the queries a Source gets and the windows asked.
type countingSource struct {
	*memorySource
	queries []connectors.Query
}

func (c *countingSource) ServiceSites(ctx context.Context, q connectors.Query) (connectors.Result[civ.ServiceSite], error) {
	c.queries = append(c.queries, q)
	return c.memorySource.ServiceSites(ctx, q)
}

func TestCountAsksForTheTotalOnly(t *testing.T) {
	src := &countingSource{memorySource: &memorySource{province: civ.Hebei, sites: sites(civ.Hebei, 1000)}}
	f := federationOver(t, []connectors.Source{src})
	ctx, report := federation.WithReport(context.Background())
	tally := f.Count(ctx, federation.KindServiceSite, civ.Hebei, civ.Filter{SiteType: civ.SiteCommunityCanteen})
	if tally.Err != nil || tally.Total != 334 || tally.Calls != 1 || tally.Rows != 0 || tally.Age == nil {
		t.Fatalf("tally %+v, want 334 canteens from one total-only call, with its age", tally)
	}
	if len(src.queries) != 1 || src.queries[0].Limit != 0 {
		t.Errorf("queries %+v, want one with Limit 0", src.queries)
	}
	if s := report.Sources(); len(s) != 1 || s[0].State != federation.StateFresh {
		t.Errorf("provenance %+v, want Hebei fresh", s)
	}
	if tally := f.Count(ctx, federation.KindServiceSite, civ.Hubei, civ.Filter{}); tally.Err == nil || tally.Err.Code != errcode.BadUserInput {
		t.Errorf("a province without a source: %+v", tally)
	}
}

func TestReadSitesIsBounded(t *testing.T) {
	src := &countingSource{memorySource: &memorySource{province: civ.Hebei, sites: sites(civ.Hebei, 250)}}
	f := federationOver(t, []connectors.Source{src})
	rows, tally := f.ReadSites(context.Background(), civ.Hebei, civ.Filter{}, 300)
	if tally.Err != nil || len(rows) != 250 || tally.Calls != 3 || tally.Rows != 250 {
		t.Fatalf("read %d rows in %d calls (%+v), want 250 in 3 pages", len(rows), tally.Calls, tally.Err)
	}
	src.queries = nil
	rows, tally = f.ReadSites(context.Background(), civ.Hebei, civ.Filter{}, 200)
	if rows != nil || tally.Err == nil || tally.Err.Code != errcode.ComparisonTooLarge || len(src.queries) != 1 {
		t.Errorf("past the bound: %d rows, %+v after %d queries; want COMPARISON_TOO_LARGE after the first page", len(rows), tally.Err, len(src.queries))
	}
	down := &memorySource{province: civ.Hubei, fail: connectors.NewError(civ.Hubei, errcode.SourceUnavailable, "list", "down", errors.New("x"))}
	f = newFederation(t, down)
	if _, tally := f.ReadTasks(context.Background(), civ.Hubei, civ.Filter{}, 10); tally.Err != nil {
		t.Errorf("tasks of a source whose sites fail: %+v", tally.Err)
	}
	if _, tally := f.ReadSites(context.Background(), civ.Hubei, civ.Filter{}, 10); tally.Err == nil || tally.Err.Code != errcode.SourceUnavailable {
		t.Errorf("a failed province: %+v", tally)
	}
}
