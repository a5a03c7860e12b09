package hebei_test

import (
	"github.com/civgraph/civgraph/connectors/sourcetest"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
)

// TestRoundTrip reads all of the default dataset's Hebei rows through the
// sample upstream and the connector: every value must come back as the
// dataset holds it (coordinates within tolerance), whatever the dataset
// contains.
func TestRoundTrip(t *testing.T) {
	ds, err := dataset.Load(dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := demoClient(t, ds)
	p := ds.Province(civ.Hebei)
	t.Run("meetings", func(t *testing.T) { roundTrip(t, c.Meetings, p.Meetings) })
	t.Run("policy documents", func(t *testing.T) { roundTrip(t, c.PolicyDocuments, p.PolicyDocuments) })
	t.Run("tasks", func(t *testing.T) { roundTrip(t, c.Tasks, p.Tasks) })
	t.Run("service sites", func(t *testing.T) { roundTrip(t, c.ServiceSites, p.ServiceSites) })
	// The generated fixture covers the forms the real data may lack.
	g := generated().Province(civ.Hebei)
	gc := demoClient(t, generated())
	t.Run("generated meetings", func(t *testing.T) { roundTrip(t, gc.Meetings, g.Meetings) })
	t.Run("generated tasks", func(t *testing.T) { roundTrip(t, gc.Tasks, g.Tasks) })
	t.Run("generated sites", func(t *testing.T) { roundTrip(t, gc.ServiceSites, g.ServiceSites) })
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
