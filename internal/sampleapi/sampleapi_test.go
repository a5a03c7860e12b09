package sampleapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/internal/sampleapi"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	"github.com/civgraph/civgraph/internal/sampleapi/faults"
)

func TestFaultsWrapEveryProvinceAndServeTheAdminAPI(t *testing.T) {
	ds, err := dataset.Load(dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	in := sampleapi.NewInjector(1)
	srv := httptest.NewServer(sampleapi.NewHandler(ds, sampleapi.WithFaults(in, "sampleapi-test-admin-token")))
	defer srv.Close()
	admin := &faults.Client{BaseURL: srv.URL, Token: "sampleapi-test-admin-token"}
	for _, p := range civ.AllProvinces {
		if err := admin.Set(context.Background(), sampleapi.Name(p), faults.Profile{Outage: true}); err != nil {
			t.Fatal(err)
		}
		resp, err := http.Get(srv.URL + sampleapi.Prefix[p] + "/any/path")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("%s: HTTP %d during an outage, want 503", p, resp.StatusCode)
		}
	}
	calls, err := admin.Counters(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range civ.AllProvinces {
		if c := calls[sampleapi.Name(p)]; c.Requests != 1 || c.Faults["outage"] != 1 {
			t.Errorf("%s counters %+v, want one call, one outage", p, c)
		}
	}

	plain := httptest.NewServer(sampleapi.NewHandler(ds))
	defer plain.Close()
	resp, err := http.Get(plain.URL + faults.AdminCountersPath)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("admin API without fault injection: HTTP %d, want 404", resp.StatusCode)
	}
}

// TestZeroFilterMatchesEveryRow: the sample upstreams page an unfiltered
// request without visiting the rows (sortrows.Matcher), which is right
// only while the zero filter accepts every row of every kind.
func TestZeroFilterMatchesEveryRow(t *testing.T) {
	ds, err := dataset.Load(dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var f civ.Filter
	for _, p := range civ.AllProvinces {
		pd := ds.Province(p)
		acceptsAll(t, p, pd.Meetings, f.MatchMeeting, func(r civ.Meeting) string { return r.ID })
		acceptsAll(t, p, pd.PolicyDocuments, f.MatchPolicyDocument, func(r civ.PolicyDocument) string { return r.ID })
		acceptsAll(t, p, pd.Tasks, f.MatchTask, func(r civ.Task) string { return r.ID })
		acceptsAll(t, p, pd.ServiceSites, f.MatchServiceSite, func(r civ.ServiceSite) string { return r.ID })
	}
}

func acceptsAll[T any](t *testing.T, p civ.ProvinceCode, rows []T, match func(T) bool, id func(T) string) {
	t.Helper()
	for _, r := range rows {
		if !match(r) {
			t.Errorf("%s: %s refused", p, id(r))
		}
	}
}
