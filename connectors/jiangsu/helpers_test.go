package jiangsu_test

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/httpclient"
	"github.com/civgraph/civgraph/connectors/jiangsu"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/connectors/sourcetest"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	samplejiangsu "github.com/civgraph/civgraph/internal/sampleapi/jiangsu"
)

// fastRetries keeps retry waits to milliseconds.
var fastRetries = httpclient.Config{RetryMax: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond}

// hits counts requests reaching a test server: all of them, full bulk
// downloads (200 on the bulk path) and 304 answers.
type hits struct {
	all, downloads, notModified atomic.Int64
}

// countingWriter counts a response when its status is decided, before any
// byte reaches the client, so a test that has its answer sees the count.
type countingWriter struct {
	http.ResponseWriter
	r       *http.Request
	n       *hits
	counted bool
}

func (c *countingWriter) WriteHeader(status int) {
	if !c.counted {
		c.counted = true
		switch {
		case status == http.StatusNotModified:
			c.n.notModified.Add(1)
		case c.r.URL.Path == samplejiangsu.BulkSitesPath && status == http.StatusOK && c.Header().Get("ETag") != "":
			c.n.downloads.Add(1)
		}
	}
	c.ResponseWriter.WriteHeader(status)
}

func (c *countingWriter) Write(b []byte) (int, error) {
	if !c.counted {
		c.WriteHeader(http.StatusOK)
	}
	return c.ResponseWriter.Write(b)
}

// counted serves h on loopback and counts what reaches it.
func counted(t *testing.T, h http.Handler) (string, *hits) {
	t.Helper()
	n := &hits{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.all.Add(1)
		h.ServeHTTP(&countingWriter{ResponseWriter: w, r: r, n: n}, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, n
}

func start(t *testing.T, h http.Handler) string {
	t.Helper()
	url, _ := counted(t, h)
	return url
}

// portal starts the real sample portal over ds.
func portal(t *testing.T, ds *dataset.Dataset, opts samplejiangsu.Options) (string, *hits) {
	t.Helper()
	return counted(t, samplejiangsu.New(ds, opts))
}

func demoConfig(url string) jiangsu.Config {
	return jiangsu.Config{BaseURL: url, BearerToken: samplejiangsu.DemoToken, HTTP: fastRetries}
}

func newClient(t *testing.T, cfg jiangsu.Config, opts ...kit.Option) *jiangsu.Client {
	t.Helper()
	c, err := jiangsu.New(cfg, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// withPolicy returns cfg with the cache policy p.
func withPolicy(cfg jiangsu.Config, p cache.Policy) jiangsu.Config {
	cfg.Cache = p
	return cfg
}

var code = sourcetest.Code

// same compares domain values: empty and nil slices alike, times by
// instant, coordinates within a micro-degree (the wire carries float64).
var same = sourcetest.ExactPoints
