package hubei_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/sourcetest"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	samplehubei "github.com/civgraph/civgraph/internal/sampleapi/hubei"
)

// TestRoundTrip: what the gateway writes from the dataset, the connector
// reads back as the same values (coordinates within tolerance).
func TestRoundTrip(t *testing.T) {
	ds, err := dataset.Load(dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	url, _ := gateway(t, ds, samplehubei.Options{})
	c := newClient(t, demoConfig(url))
	want := ds.Province(civ.Hubei)
	diff := func(name string, d string) {
		if d != "" {
			t.Errorf("%s differ from the dataset (-want +got):\n%s", name, d)
		}
	}
	diff("meetings", cmp.Diff(want.Meetings, sourcetest.Walk(t, c.Meetings, civ.Filter{}, 100), same))
	diff("policy documents", cmp.Diff(want.PolicyDocuments, sourcetest.Walk(t, c.PolicyDocuments, civ.Filter{}, 100), same))
	diff("tasks", cmp.Diff(want.Tasks, sourcetest.Walk(t, c.Tasks, civ.Filter{}, 100), same))
	diff("service sites", cmp.Diff(want.ServiceSites, sourcetest.Walk(t, c.ServiceSites, civ.Filter{}, 100), same))
}

func TestConformance(t *testing.T) {
	sourcetest.Run(t, func(t *testing.T, ds *dataset.Dataset) connectors.Source {
		url, _ := gateway(t, ds, samplehubei.Options{})
		return newClient(t, demoConfig(url))
	})
}
