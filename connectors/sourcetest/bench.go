package sourcetest

import (
	"context"
	"net/http"
	"testing"

	"github.com/civgraph/civgraph/connectors"
)

// BenchSitePage measures a connector's own cost of an uncached page of
// 20 service sites: connect builds it, uncached, over the given transport.
// One real answer is recorded from the upstream at url, then served by a
// Canned transport for every iteration, so that allocations and time are
// the connector's (retry check, envelope, rows, mapping), not the network's
// or the upstream's.
func BenchSitePage(b *testing.B, connect func(rt http.RoundTripper) connectors.Source) {
	ctx := context.Background()
	q := connectors.Query{Limit: 20}
	rec := &Recorder{}
	if _, err := connect(rec).ServiceSites(ctx, q); err != nil {
		b.Fatal(err)
	}
	bodies := rec.Bodies()
	if len(bodies) != 1 {
		b.Fatalf("recorded %d answers, want 1", len(bodies))
	}
	src := connect(Canned{ContentType: "application/json", Body: bodies[0]})
	b.SetBytes(int64(len(bodies[0])))
	b.ReportAllocs()
	for b.Loop() {
		res, err := src.ServiceSites(ctx, q)
		if err != nil || len(res.Items) != q.Limit {
			b.Fatalf("%d rows, %v", len(res.Items), err)
		}
	}
}
