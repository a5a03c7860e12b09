package hubei_test

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civgraph/civgraph/connectors/httpclient"
	"github.com/civgraph/civgraph/connectors/hubei"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/connectors/sourcetest"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	samplehubei "github.com/civgraph/civgraph/internal/sampleapi/hubei"
)

// fastRetries keeps retry waits, Retry-After included, to milliseconds.
var fastRetries = httpclient.Config{RetryMax: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond, RetryAfterMax: time.Millisecond}

// counted serves h on loopback and counts the requests that reach it.
func counted(t *testing.T, h http.Handler) (string, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &n
}

func start(t *testing.T, h http.Handler) string {
	t.Helper()
	url, _ := counted(t, h)
	return url
}

// gateway starts the real sample gateway over ds.
func gateway(t *testing.T, ds *dataset.Dataset, opts samplehubei.Options) (string, *atomic.Int64) {
	t.Helper()
	return counted(t, samplehubei.New(ds, opts))
}

func demoConfig(url string) hubei.Config {
	return hubei.Config{BaseURL: url, PaasID: samplehubei.DemoPaasID, Token: samplehubei.DemoToken, HTTP: fastRetries}
}

func newClient(t *testing.T, cfg hubei.Config, opts ...kit.Option) *hubei.Client {
	t.Helper()
	c, err := hubei.New(cfg, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var code = sourcetest.Code

// same compares domain values: empty and nil slices alike, times by
// instant, coordinates within a micro-degree (the wire carries float64).
var same = sourcetest.ExactPoints
