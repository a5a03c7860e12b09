package jiangsu

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"

	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	samplejiangsu "github.com/civgraph/civgraph/internal/sampleapi/jiangsu"
)

// BenchmarkBulkLoad parses and indexes the sample portal's bulk file, the
// whole of a first load but the download, each load made beside the
// previous index as a rebuild is (dropped once the new file proves
// usable). JIANGSU_BENCH_SITES sets the generated sites (default 100,000;
// about 507 bytes a site). JIANGSU_BENCH_FILE streams a file from disk
// instead, so that the process holds nothing but the snapshots, and the
// peak resident MB over the loop (Linux) is the load's and rebuild's own:
//
//	civgraph upstreams --sample-sites 1000000   # then, with its URL:
//	curl -H 'Authorization: Bearer jiangsu-demo-token' -o /tmp/sites.csv URL/jiangsu/opendata/bulk/service_sites.csv
//	JIANGSU_BENCH_FILE=/tmp/sites.csv go test ./connectors/jiangsu -run '^$' -bench BulkLoad -benchtime 2x
//
// It reports the file's MB/s and the index's mapped MB (slab, outside the
// Go heap, whose B/op no longer counts it).
func BenchmarkBulkLoad(b *testing.B) {
	open, size := bulkSource(b)
	b.SetBytes(size)
	resetPeakRSS()
	b.ResetTimer()
	var prev *index
	var mapped int
	for b.Loop() {
		body := open()
		r, err := parseSites(body)
		_ = body.Close()
		if err != nil {
			b.Fatal(err)
		}
		ix, err := newIndex(r, func() {
			if prev != nil {
				prev.slab.free() // as dropSnapshot, without waiting for the collector
				prev = nil
			}
		})
		if err != nil {
			b.Fatal(err)
		}
		mapped = 0
		for _, m := range ix.slab.regions {
			mapped += len(m)
		}
		prev = ix
	}
	b.ReportMetric(float64(mapped)/(1<<20), "mapped-MB")
	if peak, ok := peakRSS(); ok && os.Getenv("JIANGSU_BENCH_FILE") != "" {
		b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MB")
	}
}

// bulkSource opens the bulk file to read: JIANGSU_BENCH_FILE, or the
// sample portal's file generated in memory.
func bulkSource(b *testing.B) (open func() io.ReadCloser, size int64) {
	if path := os.Getenv("JIANGSU_BENCH_FILE"); path != "" {
		st, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		return func() io.ReadCloser {
			f, err := os.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			return f
		}, st.Size()
	}
	file := bulkFile(b)
	return func() io.ReadCloser { return io.NopCloser(bytes.NewReader(file)) }, int64(len(file))
}

// bulkFile is the sample portal's bulk file of JIANGSU_BENCH_SITES sites.
func bulkFile(b *testing.B) []byte {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("JIANGSU_BENCH_SITES")); err == nil && v > 0 {
		n = v
	}
	ds, err := dataset.Load(dataset.Options{SampleSitesPerProvince: n})
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, samplejiangsu.BulkSitesPath, nil)
	req.Header.Set("Authorization", "Bearer "+samplejiangsu.DemoToken)
	rec := httptest.NewRecorder()
	samplejiangsu.New(ds, samplejiangsu.Options{}).ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("bulk file: HTTP %d", rec.Code)
	}
	return rec.Body.Bytes()
}

// resetPeakRSS starts the kernel's peak resident count (VmHWM) afresh.
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS is the process's peak resident bytes since resetPeakRSS.
func peakRSS() (int64, bool) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	_, rest, ok := bytes.Cut(b, []byte("VmHWM:"))
	line, _, _ := bytes.Cut(rest, []byte("\n"))
	kb, err := strconv.ParseInt(string(bytes.TrimSuffix(bytes.TrimSpace(line), []byte(" kB"))), 10, 64)
	return kb << 10, ok && err == nil
}
