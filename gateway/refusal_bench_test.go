package gateway

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/graph"
	"github.com/civgraph/civgraph/querylimit"
	"github.com/civgraph/civgraph/resolvers"
)

// regionTreeQuery is a short document whose cost is far over the default
// limit: six levels of region children.
var regionTreeQuery = `{ region(code:"130000") { ` + strings.Repeat(`children { parent { `, 6) + `code name` + strings.Repeat(` } }`, 6) + ` } }`

// BenchmarkRepeatedRefusal measures, in one run, what refusing the same
// over-complex document costs the limits extension when it walks the
// document every time and when the memo answers a repeat, and their ratio.
//
//	go test ./gateway -run '^$' -bench RepeatedRefusal -benchtime 2000x
func BenchmarkRepeatedRefusal(b *testing.B) {
	lim := config.Default().Limits
	schema := graph.NewExecutableSchema(graph.Config{Resolvers: &resolvers.Resolver{}}).Schema()
	doc, errs := gqlparser.LoadQuery(schema, regionTreeQuery)
	if errs != nil {
		b.Fatal(errs)
	}
	walking := queryLimits(lim, civ.AllProvinces)
	walking.Memo = nil
	memoized := queryLimits(lim, civ.AllProvinces)
	refuse := func(ext querylimit.Extension) time.Duration {
		opCtx := &graphql.OperationContext{RawQuery: regionTreeQuery, Doc: doc, Operation: doc.Operations[0]}
		start := time.Now()
		err := ext.MutateOperationContext(context.Background(), opCtx)
		d := time.Since(start)
		if err == nil || err.Extensions["code"] != querylimit.CodeTooComplex {
			b.Fatalf("not refused as too complex: %v", err)
		}
		return d
	}
	var walked, remembered time.Duration
	for b.Loop() {
		walked += refuse(walking)
		remembered += refuse(memoized)
	}
	b.ReportMetric(float64(walked.Nanoseconds())/float64(b.N), "walk-ns/refusal")
	b.ReportMetric(float64(remembered.Nanoseconds())/float64(b.N), "memo-ns/refusal")
	b.ReportMetric(float64(walked)/float64(remembered), "walk/memo-x")
}

// BenchmarkRefusedRequest is the whole in-process request path of a
// refused query (transport, parsed-query cache, limits, error presenter)
// beside a cached normal page, in one run.
//
//	go test ./gateway -run '^$' -bench RefusedRequest -benchtime 2000x
func BenchmarkRefusedRequest(b *testing.B) {
	g, _ := cachedGateway(b)
	ask := func(query string) (time.Duration, string) {
		body, _ := json.Marshal(map[string]any{"query": query})
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		start := time.Now()
		g.handler.ServeHTTP(rec, req)
		return time.Since(start), rec.Body.String()
	}
	ask(sitesPageQuery) // fill the caches
	var refused, normal time.Duration
	for b.Loop() {
		d, body := ask(regionTreeQuery)
		if !strings.Contains(body, querylimit.CodeTooComplex) {
			b.Fatalf("not refused: %s", body)
		}
		refused += d
		d, _ = ask(sitesPageQuery)
		normal += d
	}
	b.ReportMetric(float64(refused.Nanoseconds())/float64(b.N), "refused-ns/op")
	b.ReportMetric(float64(normal.Nanoseconds())/float64(b.N), "normal-ns/op")
}
