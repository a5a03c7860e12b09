package hebei_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"civgraph/civ"
	"civgraph/connectors"
	"civgraph/connectors/cache"
	"civgraph/connectors/hebei"
	"civgraph/connectors/sourcetest"
	"civgraph/connectors/upstream"
	"civgraph/upstreams/dataset"
	upstreamhebei "civgraph/upstreams/hebei"
)

var fastRetries = upstream.Config{RetryMax: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond}

// counting wraps a handler and counts the requests it serves.
func counting(h http.Handler, n *atomic.Int32) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { n.Add(1); h.ServeHTTP(w, r) })
}

func start(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func newClient(t *testing.T, url, key string, policy cache.Policy) *hebei.Client {
	t.Helper()
	c, err := hebei.New(hebei.Config{BaseURL: url, AppKey: key, HTTP: fastRetries, Cache: policy})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestConformance(t *testing.T) {
	sourcetest.Run(t, func(t *testing.T, ds *dataset.Dataset) connectors.Source {
		return newClient(t, start(t, upstreamhebei.New(ds, upstreamhebei.Options{})), upstreamhebei.DemoAppKey, cache.Policy{})
	})
}

func fixture(t *testing.T) *dataset.Dataset {
	t.Helper()
	ds, err := dataset.Load(dataset.Options{SampleSitesPerProvince: 20})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func TestUnknownDateRoundTrips(t *testing.T) {
	c := newClient(t, start(t, upstreamhebei.New(fixture(t), upstreamhebei.Options{})), upstreamhebei.DemoAppKey, cache.Policy{})
	res, err := c.Meetings(context.Background(), connectors.Query{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Items) != 1 || res.Items[0].Date.Precision != civ.PrecisionUnknown || res.Items[0].Date.Text != "日前" || !res.Items[0].Date.Date.IsZero() {
		t.Fatalf("meetings = %+v; want the 日前 meeting with no date", res.Items)
	}
}

func TestBusinessErrors(t *testing.T) {
	ds := fixture(t)
	t.Run("wrong appKey", func(t *testing.T) {
		c := newClient(t, start(t, upstreamhebei.New(ds, upstreamhebei.Options{})), "wrong", cache.Policy{})
		_, err := c.Tasks(context.Background(), connectors.Query{Limit: 5})
		if ue, ok := connectors.AsUpstreamError(err); !ok || ue.Code != connectors.CodeAuth {
			t.Fatalf("err = %v, want SOURCE_AUTH_FAILED", err)
		}
	})
	t.Run("system busy is retried", func(t *testing.T) {
		var n atomic.Int32
		c := newClient(t, start(t, counting(upstreamhebei.New(ds, upstreamhebei.Options{BusyEvery: 2}), &n)), upstreamhebei.DemoAppKey, cache.Policy{})
		for range 3 {
			if _, err := c.Tasks(context.Background(), connectors.Query{Limit: 5}); err != nil {
				t.Fatalf("busy answers must be retried: %v", err)
			}
		}
		if n.Load() <= 3 {
			t.Fatalf("upstream saw %d requests for 3 calls; the busy answers were not retried", n.Load())
		}
	})
	t.Run("always busy", func(t *testing.T) {
		c := newClient(t, start(t, upstreamhebei.New(ds, upstreamhebei.Options{BusyEvery: 1})), upstreamhebei.DemoAppKey, cache.Policy{})
		_, err := c.Tasks(context.Background(), connectors.Query{Limit: 5})
		if ue, ok := connectors.AsUpstreamError(err); !ok || ue.Code != connectors.CodeUnavailable {
			t.Fatalf("err = %v, want SOURCE_UNAVAILABLE", err)
		}
	})
}

func TestMalformedPayloads(t *testing.T) {
	cases := map[string]string{
		"not json":          `<html>gateway error</html>`,
		"no code":           `{"msg":"ok"}`,
		"data not a list":   `{"code":0,"success":true,"data":{"list":{},"total":1}}`,
		"no total":          `{"code":0,"success":true,"data":{"list":[]}}`,
		"bad time":          `{"code":0,"success":true,"data":{"list":[{"id":"x","hymc":"t","hylx":"GZHY","hysj":{"sj":"2024/03/20","jd":"D"}}],"total":1}}`,
		"unknown kind":      `{"code":0,"success":true,"data":{"list":[{"id":"x","hymc":"t","hylx":"PARTY","hysj":{"jd":"U"}}],"total":1}}`,
		"unknown precision": `{"code":0,"success":true,"data":{"list":[{"id":"x","hymc":"t","hylx":"GZHY","hysj":{"jd":"Q"}}],"total":1}}`,
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			url := start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(body)) }))
			_, err := newClient(t, url, "k", cache.Policy{}).Meetings(context.Background(), connectors.Query{Limit: 5})
			ue, ok := connectors.AsUpstreamError(err)
			if !ok || ue.Code != connectors.CodeBadResponse || ue.Message == "" {
				t.Fatalf("err = %v, want SOURCE_BAD_RESPONSE with a message", err)
			}
		})
	}
}

func TestSecondIdenticalCallIsCached(t *testing.T) {
	var n atomic.Int32
	url := start(t, counting(upstreamhebei.New(fixture(t), upstreamhebei.Options{}), &n))
	c := newClient(t, url, upstreamhebei.DemoAppKey, cache.Policy{TTL: time.Minute})
	q := connectors.Query{Filter: civ.Filter{SiteType: civ.SiteMealPoint}, Limit: 10}
	first, err := c.ServiceSites(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	second, err := c.ServiceSites(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if n.Load() != 1 || first.Meta.Cached || !second.Meta.Cached {
		t.Fatalf("upstream requests %d, cached %v/%v; want 1 request and a cache hit", n.Load(), first.Meta.Cached, second.Meta.Cached)
	}
}
