package shanghai_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"civgraph/civ"
	"civgraph/connectors"
	"civgraph/connectors/cache"
	"civgraph/connectors/shanghai"
	"civgraph/connectors/sourcetest"
	"civgraph/connectors/upstream"
	"civgraph/geo"
	"civgraph/upstreams/dataset"
	upstreamshanghai "civgraph/upstreams/shanghai"
)

var fastRetries = upstream.Config{RetryMax: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond, RetryAfterMax: 20 * time.Millisecond}

func start(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func newClient(t *testing.T, url, token string) *shanghai.Client {
	t.Helper()
	c, err := shanghai.New(shanghai.Config{BaseURL: url, Token: token, HTTP: fastRetries, Cache: cache.Policy{}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func code(err error) connectors.Code {
	if ue, ok := connectors.AsUpstreamError(err); ok {
		return ue.Code
	}
	return ""
}

func TestConformance(t *testing.T) {
	sourcetest.Run(t, func(t *testing.T, ds *dataset.Dataset) connectors.Source {
		return newClient(t, start(t, upstreamshanghai.New(ds, upstreamshanghai.Options{})), upstreamshanghai.DemoToken)
	})
}

func TestCoordinatesAreConvertedFromGCJ02(t *testing.T) {
	// 黄浦区 seat as published by AMap in GCJ-02, and its WGS-84 truth.
	truth := geo.GCJ02ToWGS84(civ.GeoPoint{Lat: 31.222771, Lng: 121.490317})
	ds := dataset.New(map[civ.ProvinceCode]*dataset.Province{civ.Shanghai: {ServiceSites: []civ.ServiceSite{
		{ID: "s1", Province: civ.Shanghai, Type: civ.SiteCommunityCanteen, Name: "n", Location: &truth},
	}}})
	url := start(t, upstreamshanghai.New(ds, upstreamshanghai.Options{}))
	// On the wire the point is GCJ-02: hundreds of metres from the truth.
	res, err := newClient(t, url, upstreamshanghai.DemoToken).ServiceSites(context.Background(), connectors.Query{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	got := res.Items[0].Location
	if got == nil || geo.Distance(*got, truth) > 10 {
		t.Fatalf("location %v, want within 10 m of %v", got, truth)
	}
	if d := geo.Distance(geo.WGS84ToGCJ02(truth), truth); d < 100 {
		t.Fatalf("test point offset only %.0f m; it would not catch a missing conversion", d)
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	ds, _ := dataset.Load(dataset.Options{SampleSitesPerProvince: 5})
	var n atomic.Int32
	h := upstreamshanghai.New(ds, upstreamshanghai.Options{RateLimitEvery: 2, RetryAfter: time.Second})
	url := start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { n.Add(1); h.ServeHTTP(w, r) }))
	c := newClient(t, url, upstreamshanghai.DemoToken)
	for range 2 {
		if _, err := c.Tasks(context.Background(), connectors.Query{Limit: 3}); err != nil {
			t.Fatalf("429 must be retried: %v", err)
		}
	}
	if n.Load() != 3 {
		t.Fatalf("%d requests for two calls, want 3 (one retry after the 429)", n.Load())
	}
	always := newClient(t, start(t, upstreamshanghai.New(ds, upstreamshanghai.Options{RateLimitEvery: 1})), upstreamshanghai.DemoToken)
	if _, err := always.Tasks(context.Background(), connectors.Query{Limit: 3}); code(err) != connectors.CodeRateLimited {
		t.Fatalf("err = %v, want SOURCE_RATE_LIMITED", err)
	}
}

func TestWrongToken(t *testing.T) {
	ds, _ := dataset.Load(dataset.Options{SampleSitesPerProvince: 1})
	c := newClient(t, start(t, upstreamshanghai.New(ds, upstreamshanghai.Options{})), "ffffffffffffffffffffffffffffffff")
	if _, err := c.PolicyDocuments(context.Background(), connectors.Query{Limit: 1}); code(err) != connectors.CodeAuth {
		t.Fatalf("err = %v, want SOURCE_AUTH_FAILED", err)
	}
}

func TestMalformedPayloads(t *testing.T) {
	inner := func(rows string) string {
		return `{"code":"000000","message":"成功","data":` + strconv.Quote(`{"state":true,"total":1,"data":`+rows+`}`) + `}`
	}
	cases := map[string]string{
		"data not a string":  `{"code":"000000","data":{"state":true}}`,
		"data string broken": `{"code":"000000","data":"{oops"}`,
		"state false":        `{"code":"000000","data":` + strconv.Quote(`{"state":false,"total":0,"data":[],"message":"维护中"}`) + `}`,
		"unknown org type":   inner(`[{"id":"s","orgName":"n","orgType":9999}]`),
		"absurd timestamp":   inner(`[{"id":"s","orgName":"n","orgType":2014,"updateTime":99999999999999999}]`),
		"string timestamp":   inner(`[{"id":"s","orgName":"n","orgType":2014,"updateTime":"yesterday"}]`),
		"half a coordinate":  inner(`[{"id":"s","orgName":"n","orgType":2014,"lng":121.4}]`),
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			url := start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(body)) }))
			_, err := newClient(t, url, "t").ServiceSites(context.Background(), connectors.Query{Limit: 1})
			if c := code(err); c != connectors.CodeBadResponse && !(name == "state false" && c == connectors.CodeBusiness) {
				t.Fatalf("err = %v, want SOURCE_BAD_RESPONSE", err)
			}
		})
	}
}
