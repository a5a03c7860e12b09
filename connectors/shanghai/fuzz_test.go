package shanghai_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/httpclient"
	"github.com/civgraph/civgraph/connectors/shanghai"
	"github.com/civgraph/civgraph/connectors/sourcetest"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	sampleshanghai "github.com/civgraph/civgraph/internal/sampleapi/shanghai"
)

// FuzzPayload feeds arbitrary bodies to the whole Shanghai decoding path
// (envelope, rows, dates, codes, regions, coordinates). Seeds are the
// sample upstream's real answers, whole, truncated and corrupted, plus
// hostile bodies; each must give a page within bounds or a coded error
// that shows neither the upstream URL nor the credential.
func FuzzPayload(f *testing.F) {
	noRetries := httpclient.Config{RetryMax: -1, Timeout: time.Second}
	build := func(tb testing.TB, base, key string, rt http.RoundTripper) connectors.Source {
		c, err := shanghai.New(shanghai.Config{BaseURL: base, Token: key, HTTP: noRetries}, connectors.WithTransport(rt))
		if err != nil {
			tb.Fatal(err)
		}
		return c
	}
	live := func(tb testing.TB, rt http.RoundTripper) connectors.Source {
		ds, err := dataset.Load(dataset.Options{SampleSitesPerProvince: 4, Seed: 1})
		if err != nil {
			tb.Fatal(err)
		}
		srv := httptest.NewServer(http.StripPrefix("/shanghai", sampleshanghai.New(ds, sampleshanghai.Options{})))
		tb.Cleanup(srv.Close)
		return build(tb, srv.URL+"/shanghai", sampleshanghai.DemoToken, rt)
	}
	const base, key = "http://127.0.0.1:9/shanghai-fuzz", "fedcba9876543210fedcba9876543210"
	canned := func(tb testing.TB, rt http.RoundTripper) connectors.Source { return build(tb, base, key, rt) }
	sourcetest.FuzzPayloads(f, "application/json", live, canned, base, key)
}
