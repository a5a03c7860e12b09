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

// go test ./connectors/shanghai -run '^$' -bench UncachedSitePage
func BenchmarkUncachedSitePage(b *testing.B) {
	sourcetest.BenchSitePage(b, "/shanghai", func(ds *dataset.Dataset) http.Handler { return sampleshanghai.New(ds, sampleshanghai.Options{}) },
		func(url string, rt http.RoundTripper) (connectors.Source, error) {
			return shanghai.New(shanghai.Config{BaseURL: url, Token: sampleshanghai.DemoToken, HTTP: fastRetries}, kit.WithTransport(rt))
		})
}
