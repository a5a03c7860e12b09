package sourcetest

import (
	"context"
	"net/http"
	"testing"

	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
)

// BenchSitePage measures a connector's own cost of an uncached page of
// 20 service sites. upstream is the province's sample API over the default
// dataset, mounted under prefix; connect builds the connector, uncached,
// for a base URL over a transport. One real answer is recorded from the
// sample API, then served by a Canned transport for every iteration, so
// that allocations and time are the connector's (retry check, envelope,
// rows, mapping), not the network's or the upstream's.
func BenchSitePage(b *testing.B, prefix string, upstream func(*dataset.Dataset) http.Handler,
	connect func(url string, rt http.RoundTripper) (connectors.Source, error)) {
	ds, err := dataset.Load(dataset.Options{})
	if err != nil {
		b.Fatal(err)
	}
	url := Serve(b, http.StripPrefix(prefix, upstream(ds))) + prefix
	source := func(rt http.RoundTripper) connectors.Source {
		src, err := connect(url, rt)
		if err != nil {
			b.Fatal(err)
		}
		return src
	}
	ctx := context.Background()
	q := connectors.Query{Limit: 20}
	rec := &Recorder{}
	if _, err := source(rec).ServiceSites(ctx, q); err != nil {
		b.Fatal(err)
	}
	bodies := rec.Bodies()
	if len(bodies) != 1 {
		b.Fatalf("recorded %d answers, want 1", len(bodies))
	}
	src := source(Canned{ContentType: "application/json", Body: bodies[0]})
	b.SetBytes(int64(len(bodies[0])))
	b.ReportAllocs()
	for b.Loop() {
		res, err := src.ServiceSites(ctx, q)
		if err != nil || len(res.Items) != q.Limit {
			b.Fatalf("%d rows, %v", len(res.Items), err)
		}
	}
}
