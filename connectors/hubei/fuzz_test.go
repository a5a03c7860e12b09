package hubei_test

import (
	"net/http"
	"testing"

	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/hubei"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/connectors/sourcetest"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	samplehubei "github.com/civgraph/civgraph/internal/sampleapi/hubei"
)

var target = sourcetest.FuzzTarget{
	Prefix:   "/hubei",
	Upstream: func(ds *dataset.Dataset) http.Handler { return samplehubei.New(ds, samplehubei.Options{}) },
	DemoKey:  samplehubei.DemoToken,
	New: func(base, key string, opts ...kit.Option) (connectors.Source, error) {
		return hubei.New(hubei.Config{BaseURL: base, PaasID: samplehubei.DemoPaasID, Token: key, HTTP: sourcetest.NoRetries}, opts...)
	},
}

// FuzzPayload feeds arbitrary bodies to the whole Hubei decoding path
// (envelope, rows, dates, codes, regions, coordinates), seeded with the
// sample upstream's real answers, whole, truncated and corrupted, plus
// hostile bodies.
func FuzzPayload(f *testing.F) { sourcetest.FuzzConnector(f, target, "application/json") }
