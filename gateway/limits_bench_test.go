package gateway

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/graph"
)

// BenchmarkLimitsOverhead measures, in one run, what checking the query
// limits costs against the whole cached request it guards: a page of
// sites across the four provinces answered from the connectors' caches
// and the parsed-query LRU. It reports both and their ratio in percent.
//
//	go test ./gateway -run '^$' -bench LimitsOverhead -benchtime 2000x
func BenchmarkLimitsOverhead(b *testing.B) {
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
	defer g.Close()
	const query = `{ serviceSites(first: 20) { totalCount edges { cursor node { id name type address region { code name } location { lat lng } capacity sample } } } }`
	body := `{"query":"` + query + `"}`
	request := func() {
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		g.handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), `"errors"`) {
			b.Fatalf("HTTP %d: %s", rec.Code, rec.Body)
		}
	}
	schema := graph.NewExecutableSchema(graph.Config{Resolvers: g.resolver}).Schema()
	doc, errs := gqlparser.LoadQuery(schema, query)
	if errs != nil {
		b.Fatal(errs)
	}
	ext := queryLimits(cfg.Limits, civ.AllProvinces)
	check := func() {
		fig := ext.Model.Analyze(doc, doc.Operations[0], nil, ext.Limits.MaxComplexity)
		if err := ext.Limits.Check(fig); err != nil {
			b.Fatal(err)
		}
	}
	request() // fill the caches
	var requestTime, checkTime time.Duration
	for b.Loop() {
		start := time.Now()
		request()
		requestTime += time.Since(start)
		start = time.Now()
		check()
		checkTime += time.Since(start)
	}
	b.ReportMetric(float64(requestTime.Nanoseconds())/float64(b.N), "request-ns/op")
	b.ReportMetric(float64(checkTime.Nanoseconds())/float64(b.N), "limits-ns/op")
	b.ReportMetric(100*float64(checkTime)/float64(requestTime), "limits-%-of-request")
}
