package gateway_test

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civgraph/civgraph/config"
)

// BenchmarkRefusalFlood measures, in one run over loopback, a normal
// query's median latency alone and beside 200 concurrent clients each
// sending the refused region-tree query back to back (rate limit raised,
// so every one of them reaches the query limits), and prints the ratio.
// Client and server share the machine's cores: the ratio includes the
// load generator's own CPU.
//
//	go test ./gateway -run '^$' -bench RefusalFlood -benchtime 1x -v
func BenchmarkRefusalFlood(b *testing.B) {
	t := startReplayTarget(b, func(c *config.Config) { c.Limits.RatePerSecond, c.Limits.RateBurst = 1_000_000, 1_000_000 })
	attack := attackQueries()["region-tree"]
	t.medianNormal(10) // warm the caches
	for b.Loop() {
		alone := t.medianNormal(100)
		var refused, shed atomic.Int64
		stopLoad := t.loop(200, attack, func(status int, code string) {
			switch {
			case code == "QUERY_TOO_COMPLEX":
				refused.Add(1)
			case status == http.StatusServiceUnavailable:
				shed.Add(1)
			default:
				b.Errorf("attack answered HTTP %d %s", status, code)
			}
		})
		time.Sleep(200 * time.Millisecond)
		start, before := time.Now(), refused.Load()+shed.Load()
		beside := t.medianNormal(100)
		rate := float64(refused.Load()+shed.Load()-before) / time.Since(start).Seconds()
		stopLoad()
		b.Logf("normal query p50: %.2f ms alone, %.2f ms beside 200 looping refused-query clients (%.2fx); %.0f refusals/s while measured, %d refused, %d shed",
			ms(alone), ms(beside), float64(beside)/float64(alone), rate, refused.Load(), shed.Load())
		b.ReportMetric(float64(beside)/float64(alone), "slowdown-x")
		b.ReportMetric(rate, "refusals/s")
	}
}
