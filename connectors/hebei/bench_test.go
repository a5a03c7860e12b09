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

// go test ./connectors/hebei -run '^$' -bench UncachedSitePage
func BenchmarkUncachedSitePage(b *testing.B) {
	sourcetest.BenchSitePage(b, "/hebei", func(ds *dataset.Dataset) http.Handler { return samplehebei.New(ds, samplehebei.Options{}) },
		func(url string, rt http.RoundTripper) (connectors.Source, error) {
			return hebei.New(hebei.Config{BaseURL: url, AppKey: samplehebei.DemoAppKey, HTTP: fastRetries}, kit.WithTransport(rt))
		})
}
