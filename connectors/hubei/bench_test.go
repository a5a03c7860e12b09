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

// go test ./connectors/hubei -run '^$' -bench UncachedSitePage
func BenchmarkUncachedSitePage(b *testing.B) {
	sourcetest.BenchSitePage(b, "", func(ds *dataset.Dataset) http.Handler { return samplehubei.New(ds, samplehubei.Options{}) },
		func(url string, rt http.RoundTripper) (connectors.Source, error) {
			return hubei.New(demoConfig(url), kit.WithTransport(rt))
		})
}
