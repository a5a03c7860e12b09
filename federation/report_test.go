package federation_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/federation"
)

// staleSource answers like a connector serving cached or stale data.
type staleSource struct {
	memorySource
	meta connectors.Meta
}

func (s *staleSource) ServiceSites(ctx context.Context, q connectors.Query) (connectors.Result[civ.ServiceSite], error) {
	res, err := s.memorySource.ServiceSites(ctx, q)
	res.Meta = s.meta
	return res, err
}

func TestReportGivesEachProvincesWorstStateAndOldestData(t *testing.T) {
	old := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	srcs := []connectors.Source{
		&staleSource{memorySource{province: civ.Hebei, sites: sites(civ.Hebei, 2)}, connectors.Meta{FetchedAt: old, Cached: true, Stale: true}},
		&staleSource{memorySource{province: civ.Shanghai, sites: sites(civ.Shanghai, 2)}, connectors.Meta{FetchedAt: old.Add(time.Hour), Cached: true}},
		&memorySource{province: civ.Jiangsu, fail: connectors.NewError(civ.Jiangsu, connectors.CodeAuth, "list", "no", errors.New("401"))},
	}
	f, err := federation.New(srcs, []byte("k"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, report := federation.WithReport(context.Background())
	if _, err := f.ServiceSites(ctx, federation.Request{}); err != nil {
		t.Fatal(err)
	}
	got := report.Sources()
	want := []struct {
		p     civ.ProvinceCode
		state federation.SourceState
		code  connectors.Code
	}{{civ.Hebei, federation.StateStale, ""}, {civ.Shanghai, federation.StateCached, ""}, {civ.Jiangsu, federation.StateFailed, connectors.CodeAuth}}
	if len(got) != len(want) {
		t.Fatalf("sources = %+v", got)
	}
	for i, w := range want {
		if got[i].Province != w.p || got[i].State != w.state || got[i].Code != w.code {
			t.Errorf("source %d = %+v, want %s %s %s", i, got[i], w.p, w.state, w.code)
		}
	}
	if got[0].FetchedAt == nil || !got[0].FetchedAt.Equal(old) {
		t.Errorf("HEBEI fetchedAt = %v, want %v", got[0].FetchedAt, old)
	}
}
