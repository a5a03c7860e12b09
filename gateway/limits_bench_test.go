package gateway

import (
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/graph"
)

// BenchmarkLimitsOverhead measures, in one run, what checking the query
// limits costs against the whole cached request it guards: a page of
// sites across the four provinces answered from the connectors' caches
// and the parsed-query LRU. It reports both and their ratio in percent.
//
//	go test ./gateway -run '^$' -bench LimitsOverhead -benchtime 2000x
func BenchmarkLimitsOverhead(b *testing.B) {
	g, cfg := cachedGateway(b)
	request := func() { serveBody(b, g.handler, `{"query":"`+sitesPageQuery+`"}`) }
	schema := graph.NewExecutableSchema(graph.Config{Resolvers: g.current.Load().resolver}).Schema()
	doc, errs := gqlparser.LoadQuery(schema, sitesPageQuery)
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
