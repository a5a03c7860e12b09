package jiangsu

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime/debug"
	"strconv"
	"testing"

	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	samplejiangsu "github.com/civgraph/civgraph/internal/sampleapi/jiangsu"
)

// BenchmarkBulkLoad parses and indexes the sample portal's bulk file, the
// whole of a first load but the download. JIANGSU_BENCH_SITES sets the
// generated sites (default 100,000; the file is about 507 bytes a site):
//
//	JIANGSU_BENCH_SITES=1000000 go test ./connectors/jiangsu -run '^$' -bench BulkLoad -benchtime 2x
//
// It reports the file's MB/s, the index's mapped MB (slab, outside the Go
// heap, whose B/op no longer counts it) and, on Linux, the process's peak
// resident MB over the loop, each load made beside the previous index as
// a rebuild is (dropped once the new file proves usable).
func BenchmarkBulkLoad(b *testing.B) {
	file := bulkFile(b)
	b.SetBytes(int64(len(file)))
	resetPeakRSS()
	b.ResetTimer()
	var prev *index
	var mapped int
	for b.Loop() {
		r, err := parseSites(bytes.NewReader(file))
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
	if peak, ok := peakRSS(); ok {
		b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MB")
	}
}

// bulkFile is the sample portal's bulk file of JIANGSU_BENCH_SITES sites;
// the dataset it was made from is returned to the system before timing.
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
	file := bytes.Clone(rec.Body.Bytes())
	rec = nil
	debug.FreeOSMemory()
	return file
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
