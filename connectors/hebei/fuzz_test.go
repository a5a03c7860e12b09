package hebei_test

import (
	"net/http"
	"testing"

	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/hebei"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/connectors/sourcetest"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	samplehebei "github.com/civgraph/civgraph/internal/sampleapi/hebei"
)

var target = sourcetest.FuzzTarget{
	Prefix:   "/hebei",
	Upstream: func(ds *dataset.Dataset) http.Handler { return samplehebei.New(ds, samplehebei.Options{}) },
	DemoKey:  samplehebei.DemoAppKey,
	New: func(base, key string, opts ...kit.Option) (connectors.Source, error) {
		return hebei.New(hebei.Config{BaseURL: base, AppKey: key, HTTP: sourcetest.NoRetries}, opts...)
	},
}

// FuzzPayload feeds arbitrary bodies to the whole Hebei decoding path
// (envelope, rows, dates, codes, regions, coordinates), seeded with the
// sample upstream's real answers, whole, truncated and corrupted, plus
// hostile bodies.
func FuzzPayload(f *testing.F) { sourcetest.FuzzConnector(f, target, "application/json") }
