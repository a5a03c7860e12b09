package hebei_test

import (
	"net/http"
	"testing"

	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/hebei"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/connectors/sourcetest"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	samplehebei "github.com/civgraph/civgraph/internal/sampleapi/hebei"
)

// go test ./connectors/hebei -run '^$' -bench UncachedSitePage
func BenchmarkUncachedSitePage(b *testing.B) {
	ds, err := dataset.Load(dataset.Options{})
	if err != nil {
		b.Fatal(err)
	}
	url := sourcetest.Mount(b, "/hebei", samplehebei.New(ds, samplehebei.Options{}), nil)
	sourcetest.BenchSitePage(b, func(rt http.RoundTripper) connectors.Source {
		c, err := hebei.New(hebei.Config{BaseURL: url, AppKey: samplehebei.DemoAppKey, HTTP: fastRetries, Cache: cache.Policy{}}, kit.WithTransport(rt))
		if err != nil {
			b.Fatal(err)
		}
		return c
	})
}
