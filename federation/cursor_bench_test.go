package federation

import (
	"strings"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
)

// BenchmarkPageCursors measures the cursors of a full page (100 edges over
// four provinces) signed once per page, as merge does, against an HMAC per
// edge, as cursor version 1 did, in the same run, and reports the ratio.
//
//	go test -run - -bench PageCursors ./federation
func BenchmarkPageCursors(b *testing.B) {
	codec := cursorCodec{key: []byte("bench secret")}
	query := fingerprint(KindServiceSite, civ.AllProvinces, civ.Filter{}, connectors.Order{Field: connectors.OrderName})
	from := strings.Repeat("0123", 25)
	state := pageState{Query: query, Start: []int{1200, 340, 5600, 78}, From: from}
	var sink string
	timeOf := func(page func()) time.Duration {
		start := time.Now()
		for range b.N {
			page()
		}
		return time.Since(start)
	}
	perEdge := timeOf(func() {
		for k := range len(from) {
			s := state
			s.From = from[:k+1]
			sink = codec.sign(s)
		}
	})
	once := timeOf(func() {
		signed := codec.sign(state)
		for k := range len(from) {
			sink = edgeCursor(signed, k)
		}
	})
	_ = sink
	b.ReportMetric(float64(perEdge.Nanoseconds())/float64(b.N), "ns/page-hmac-per-edge")
	b.ReportMetric(float64(once.Nanoseconds())/float64(b.N), "ns/page-signed-once")
	b.ReportMetric(float64(perEdge)/float64(max(once, 1)), "x-faster")
}
