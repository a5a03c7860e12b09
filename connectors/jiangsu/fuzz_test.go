package jiangsu_test

import (
	"net/http"
	"testing"

	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/jiangsu"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/connectors/sourcetest"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	samplejiangsu "github.com/civgraph/civgraph/internal/sampleapi/jiangsu"
)

var target = sourcetest.FuzzTarget{
	Prefix:   "/jiangsu",
	Upstream: func(ds *dataset.Dataset) http.Handler { return samplejiangsu.New(ds, samplejiangsu.Options{}) },
	DemoKey:  samplejiangsu.DemoToken,
	New: func(base, key string, opts ...kit.Option) (connectors.Source, error) {
		return jiangsu.New(jiangsu.Config{BaseURL: base, BearerToken: key, HTTP: sourcetest.NoRetries}, opts...)
	},
}

// FuzzPayload feeds arbitrary bodies to the whole Jiangsu decoding path
// (envelope, rows, dates, codes, regions, coordinates), seeded with the
// sample upstream's real answers, whole, truncated and corrupted, plus
// hostile bodies.
func FuzzPayload(f *testing.F) { sourcetest.FuzzConnector(f, target, "application/json") }

// FuzzBulkCSV does the same for the bulk site file: arbitrary bytes served
// as GB18030 CSV.
func FuzzBulkCSV(f *testing.F) { sourcetest.FuzzConnector(f, target, "text/csv; charset=GB18030") }
