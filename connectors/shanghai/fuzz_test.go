package shanghai_test

import (
	"net/http"
	"testing"

	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/connectors/shanghai"
	"github.com/civgraph/civgraph/connectors/sourcetest"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	sampleshanghai "github.com/civgraph/civgraph/internal/sampleapi/shanghai"
)

var target = sourcetest.FuzzTarget{
	Prefix:   "/shanghai",
	Upstream: func(ds *dataset.Dataset) http.Handler { return sampleshanghai.New(ds, sampleshanghai.Options{}) },
	DemoKey:  sampleshanghai.DemoToken,
	New: func(base, key string, opts ...kit.Option) (connectors.Source, error) {
		return shanghai.New(shanghai.Config{BaseURL: base, Token: key, HTTP: sourcetest.NoRetries}, opts...)
	},
}

// FuzzPayload feeds arbitrary bodies to the whole Shanghai decoding path
// (envelope, rows, dates, codes, regions, coordinates), seeded with the
// sample upstream's real answers, whole, truncated and corrupted, plus
// hostile bodies.
func FuzzPayload(f *testing.F) { sourcetest.FuzzConnector(f, target, "application/json") }
