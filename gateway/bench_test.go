package gateway

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/civgraph/civgraph/config"
)

// benchQuery is answered by the gateway itself (provinces and the region
// index), so what is measured is the handler's own work: parsing,
// validating and executing the query.
const benchQuery = `{"query":"query Overview { provinces { id code adminCode name nameEn department departmentEn region { code name level seat { lat lng } } } shanghai: region(code: \"310000\") { code name level children { code name level parent { code } } } }"}`

func serve(b *testing.B, h http.Handler) { serveBody(b, h, benchQuery) }

// BenchmarkQueryCache measures, in one run, the same query through the
// handler with and without the parsed-query LRU and reports the ratio
// (uncached ns / cached ns): the saving the LRU exists for.
//
//	go test ./gateway -run '^$' -bench QueryCache -benchtime 2000x
func BenchmarkQueryCache(b *testing.B) {
	cfg := config.Default()
	cfg.GraphQL.CursorSecret = "bench"
	UseSampleUpstreams(b, &cfg)
	g, err := New(context.Background(), cfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer g.Close()
	cached := g.handler
	uncached := newGraphQLHandler(g.current.Load().resolver, -1, cfg.Limits, slog.New(slog.DiscardHandler), g.health, access{introspection: true})
	timeIt := func(h http.Handler, n int) time.Duration {
		start := time.Now()
		for range n {
			serve(b, h)
		}
		return time.Since(start)
	}
	var withCache, withoutCache time.Duration
	for b.Loop() {
		// Alternate so both see the same machine load.
		withCache += timeIt(cached, 1)
		withoutCache += timeIt(uncached, 1)
	}
	b.ReportMetric(float64(withCache.Nanoseconds())/float64(b.N), "cached-ns/op")
	b.ReportMetric(float64(withoutCache.Nanoseconds())/float64(b.N), "uncached-ns/op")
	b.ReportMetric(float64(withoutCache)/float64(withCache), "uncached/cached")
}

// BenchmarkCachedSitesPage measures a first page of service sites across
// all four provinces answered from the connectors' caches: the common
// front-end request.
//
//	go test ./gateway -run '^$' -bench CachedSitesPage -benchtime 500x
func BenchmarkCachedSitesPage(b *testing.B) {
	g, _ := cachedGateway(b)
	for b.Loop() {
		serveBody(b, g.handler, `{"query":"`+sitesPageQuery+`"}`)
	}
}

// sitesPageQuery is the common front-end request: a first page of service
// sites across all four provinces.
const sitesPageQuery = `{ serviceSites(first: 20) { totalCount edges { cursor node { id name type address region { code name } location { lat lng } capacity sample } } } }`

// cachedGateway starts a gateway whose connectors keep answers for an
// hour, so that repeated requests are served from their caches.
func cachedGateway(b *testing.B) (*Gateway, config.Config) {
	cfg := config.Default()
	cfg.GraphQL.CursorSecret = "bench"
	for _, s := range []*config.SourceConfig{&cfg.Sources.Hebei.SourceConfig, &cfg.Sources.Hubei.SourceConfig, &cfg.Sources.Jiangsu.SourceConfig, &cfg.Sources.Shanghai.SourceConfig} {
		s.CacheTTL = time.Hour
	}
	UseSampleUpstreams(b, &cfg)
	g, err := New(context.Background(), cfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = g.Close() })
	return g, cfg
}

// serveBody posts body to h and fails on anything but a clean answer.
func serveBody(b *testing.B, h http.Handler, body string) {
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), `"errors"`) {
		b.Fatalf("HTTP %d: %s", rec.Code, rec.Body)
	}
}
