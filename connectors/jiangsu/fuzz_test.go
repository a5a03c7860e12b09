package jiangsu_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/httpclient"
	"github.com/civgraph/civgraph/connectors/jiangsu"
	"github.com/civgraph/civgraph/connectors/sourcetest"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	samplejiangsu "github.com/civgraph/civgraph/internal/sampleapi/jiangsu"
)

// FuzzPayload feeds arbitrary bodies to the whole Jiangsu decoding path
// (envelope, rows, dates, codes, regions, coordinates). Seeds are the
// sample upstream's real answers, whole, truncated and corrupted, plus
// hostile bodies; each must give a page within bounds or a coded error
// that shows neither the upstream URL nor the credential.
func FuzzPayload(f *testing.F) { fuzzJiangsu(f, "application/json") }

// FuzzBulkCSV does the same for the bulk site file: arbitrary bytes served
// as GB18030 CSV.
func FuzzBulkCSV(f *testing.F) { fuzzJiangsu(f, "text/csv; charset=GB18030") }

func fuzzJiangsu(f *testing.F, contentType string) {
	noRetries := httpclient.Config{RetryMax: -1, Timeout: time.Second}
	build := func(tb testing.TB, base, key string, rt http.RoundTripper) connectors.Source {
		c, err := jiangsu.New(jiangsu.Config{BaseURL: base, BearerToken: key, HTTP: noRetries}, connectors.WithTransport(rt))
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
		srv := httptest.NewServer(http.StripPrefix("/jiangsu", samplejiangsu.New(ds, samplejiangsu.Options{})))
		tb.Cleanup(srv.Close)
		return build(tb, srv.URL+"/jiangsu", samplejiangsu.DemoToken, rt)
	}
	const base, key = "http://127.0.0.1:9/jiangsu-fuzz", "jiangsu-fuzz-credential-0123456789abcdef"
	canned := func(tb testing.TB, rt http.RoundTripper) connectors.Source { return build(tb, base, key, rt) }
	sourcetest.FuzzPayloads(f, contentType, live, canned, base, key)
}
