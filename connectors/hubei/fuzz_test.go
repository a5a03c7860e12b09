package hubei_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/httpclient"
	"github.com/civgraph/civgraph/connectors/hubei"
	"github.com/civgraph/civgraph/connectors/sourcetest"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	samplehubei "github.com/civgraph/civgraph/internal/sampleapi/hubei"
)

// FuzzPayload feeds arbitrary bodies to the whole Hubei decoding path
// (envelope, rows, dates, codes, regions, coordinates). Seeds are the
// sample upstream's real answers, whole, truncated and corrupted, plus
// hostile bodies; each must give a page within bounds or a coded error
// that shows neither the upstream URL nor the credential.
func FuzzPayload(f *testing.F) {
	noRetries := httpclient.Config{RetryMax: -1, Timeout: time.Second}
	build := func(tb testing.TB, base, key string, rt http.RoundTripper) connectors.Source {
		c, err := hubei.New(hubei.Config{BaseURL: base, PaasID: samplehubei.DemoPaasID, Token: key, HTTP: noRetries}, connectors.WithTransport(rt))
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
		srv := httptest.NewServer(http.StripPrefix("/hubei", samplehubei.New(ds, samplehubei.Options{})))
		tb.Cleanup(srv.Close)
		return build(tb, srv.URL+"/hubei", samplehubei.DemoToken, rt)
	}
	const base, key = "http://127.0.0.1:9/hubei-fuzz", "hubei-fuzz-credential-0123456789abcdef"
	canned := func(tb testing.TB, rt http.RoundTripper) connectors.Source { return build(tb, base, key, rt) }
	sourcetest.FuzzPayloads(f, "application/json", live, canned, base, key)
}
