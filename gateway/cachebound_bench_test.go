package gateway_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkCacheBound drives 20,000 GraphQL queries, each with a distinct
// 2 KB keyword (so every one misses the cache and makes a new entry per
// province), through a real gateway against the sample upstreams over
// loopback, and reports how far the process grew against the configured
// cache bound (cache.max_bytes + cache.memo_max_bytes): what a client
// spraying long keywords can do to the gateway's memory.
//
//	go test ./gateway -run '^$' -bench CacheBound -benchtime 1x
func BenchmarkCacheBound(b *testing.B) {
	const (
		queries  = 20_000
		workers  = 8
		maxBytes = 16 << 20
		memo     = 4 << 20
	)
	_, cfg := startUpstreams(b)
	cfg.Cache.MaxBytes = maxBytes
	cfg.Cache.MemoMaxBytes = memo
	// One client sends every query: the per-client rate limit is not
	// what is measured.
	cfg.Limits.RatePerSecond, cfg.Limits.RateBurst = 1_000_000, 1_000_000
	g, srv := serveGateway(b, cfg, nil)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
	const q = `query($k: String) { meetings(filter: {keyword: $k}) { totalCount edges { node { id } } } }`
	pad := strings.Repeat("民政养老服务", 114) // 2052 bytes of UTF-8
	send := func(i int) {
		body, _ := json.Marshal(map[string]any{"query": q, "variables": map[string]any{"k": fmt.Sprintf("%s%08d", pad, i)}})
		resp, err := client.Post(srv.URL+"/graphql", "application/json", bytes.NewReader(body))
		if err != nil {
			b.Error(err)
			return
		}
		var out gqlResponse
		err = json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		if err != nil || len(out.Errors) > 0 {
			b.Errorf("query %d: %v %v", i, err, out.Errors)
		}
	}
	for i := range 100 { // warm up connections, parsers and pools
		send(-1 - i)
	}
	type sample struct {
		queries   int
		heap, rss uint64 // after a GC
	}
	measure := func(n int) sample {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		rss, _ := procStatus("VmRSS")
		return sample{queries: n, heap: ms.HeapInuse, rss: rss}
	}
	base := measure(0)
	var samples []sample
	for b.Loop() {
		start := time.Now()
		// Four rounds of a quarter each, measured after each, so the
		// report shows whether memory still grows with the queries sent.
		for round := range 4 {
			var next atomic.Int64
			var wg sync.WaitGroup
			for range workers {
				wg.Go(func() {
					for i := int(next.Add(1)); i <= queries/4; i = int(next.Add(1)) {
						send(round*queries/4 + i)
					}
				})
			}
			wg.Wait()
			samples = append(samples, measure((round+1)*queries/4))
		}
		b.Logf("%d queries in %s", queries, time.Since(start).Round(time.Millisecond))
	}
	peakRSS, _ := procStatus("VmHWM")
	var cached int64
	var entries int
	var evictions int64
	for _, s := range g.CacheStats() {
		cached, entries, evictions = cached+s.Bytes, entries+s.Entries, evictions+s.Evictions
	}
	bound := float64(maxBytes + memo)
	mb := func(n float64) float64 { return n / (1 << 20) }
	last, half := samples[len(samples)-1], samples[len(samples)/2-1]
	b.ReportMetric(mb(bound), "bound-MB")
	b.ReportMetric(mb(float64(cached)), "cache-accounted-MB")
	b.ReportMetric(float64(evictions), "evictions")
	b.ReportMetric(mb(float64(last.heap)-float64(base.heap)), "heap-growth-MB")
	b.ReportMetric(mb(float64(last.rss)-float64(base.rss)), "rss-growth-MB")
	b.ReportMetric((float64(last.rss)-float64(base.rss))/bound, "rss-growth/bound")
	b.ReportMetric(mb(float64(last.heap)-float64(half.heap)), "heap-growth-2nd-half-MB")
	b.Logf("bound %0.f MB (cache.max_bytes %d MB + cache.memo_max_bytes %d MB); before: heap %0.1f MB, RSS %0.1f MB", mb(bound), maxBytes>>20, memo>>20, mb(float64(base.heap)), mb(float64(base.rss)))
	for _, s := range samples {
		b.Logf("after %5d queries: heap in use %5.1f MB (+%5.1f), RSS %5.1f MB (+%5.1f)", s.queries,
			mb(float64(s.heap)), mb(float64(s.heap)-float64(base.heap)), mb(float64(s.rss)), mb(float64(s.rss)-float64(base.rss)))
	}
	b.Logf("peak RSS %0.1f MB; the cache holds %0.1f MB in %d entries after %d evictions", mb(float64(peakRSS)), mb(float64(cached)), entries, evictions)
}

// procStatus reads a size field (in kB) of /proc/self/status, in bytes.
func procStatus(field string) (uint64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no %s in /proc/self/status", field)
}
