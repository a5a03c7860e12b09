package shanghai_test

import (
	"github.com/civgraph/civgraph/connectors/sourcetest"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
)

// TestRoundTrip reads all of the default dataset's Shanghai rows through
// the sample platform and the connector: every value must come back as the
// dataset holds it (locations within a metre), whatever it contains.
func TestRoundTrip(t *testing.T) {
	ds, err := dataset.Load(dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := demoClient(t, ds)
	p := ds.Province(civ.Shanghai)
	t.Run("meetings", func(t *testing.T) { roundTrip(t, c.Meetings, p.Meetings) })
	t.Run("policy documents", func(t *testing.T) { roundTrip(t, c.PolicyDocuments, p.PolicyDocuments) })
	t.Run("tasks", func(t *testing.T) { roundTrip(t, c.Tasks, p.Tasks) })
	t.Run("service sites", func(t *testing.T) { roundTrip(t, c.ServiceSites, p.ServiceSites) })
	// The generated fixture covers the forms the real data may lack.
	g := generated()
	gp, gc := g.Province(civ.Shanghai), demoClient(t, g)
	t.Run("generated meetings", func(t *testing.T) { roundTrip(t, gc.Meetings, gp.Meetings) })
	t.Run("generated documents", func(t *testing.T) { roundTrip(t, gc.PolicyDocuments, gp.PolicyDocuments) })
	t.Run("generated tasks", func(t *testing.T) { roundTrip(t, gc.Tasks, gp.Tasks) })
	t.Run("generated sites", func(t *testing.T) { roundTrip(t, gc.ServiceSites, gp.ServiceSites) })
}

func roundTrip[T any](t *testing.T, list sourcetest.ListFunc[T], want []T) {
	t.Helper()
	got := sourcetest.Walk(t, list, civ.Filter{}, 100)
	total := len(got)
	if total != len(want) {
		t.Fatalf("total %d, dataset has %d", total, len(want))
	}
	if diff := cmp.Diff(want, got, same); diff != "" {
		t.Fatalf("round trip changed rows (-dataset +connector):\n%s", diff)
	}
}
