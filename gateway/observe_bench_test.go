package gateway

import (
	"net/http"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/civgraph/civgraph/metrics"
	"github.com/civgraph/civgraph/server"
	"github.com/civgraph/civgraph/tracing"
)

// BenchmarkInstrumentation measures, in one run, the cached sites page
// through the HTTP stack without and with metrics and tracing (every span
// sampled and exported to a no-op exporter) and reports the ratio
// (instrumented ns / plain ns): what observability costs per request.
//
//	go test ./gateway -run '^$' -bench Instrumentation -benchtime 500x
func BenchmarkInstrumentation(b *testing.B) {
	plainGW, cfg := cachedGateway(b)
	cfg.Limits.RatePerSecond, cfg.Limits.RateBurst = 1_000_000, 1_000_000 // one client sends everything
	plain := server.New(cfg, plainGW.GraphQLHandler(), nil, nil)

	reg := metrics.New(0)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(tracetest.NewNoopExporter()))
	b.Cleanup(func() { _ = tp.Shutdown(b.Context()) })
	observedGW, err := New(b.Context(), cfg, nil, WithMetrics(reg), WithTracer(tracing.New(tp)))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = observedGW.Close() })
	observed := server.New(cfg, observedGW.GraphQLHandler(), nil, nil, server.WithMetrics(reg))

	body := `{"query":"` + sitesPageQuery + `"}`
	timeIt := func(h http.Handler) time.Duration {
		start := time.Now()
		serveBody(b, h, body)
		return time.Since(start)
	}
	timeIt(plain) // fill both caches
	timeIt(observed)
	var plainTime, observedTime time.Duration
	for b.Loop() {
		// Alternate so both see the same machine load.
		plainTime += timeIt(plain)
		observedTime += timeIt(observed)
	}
	b.ReportMetric(float64(plainTime.Nanoseconds())/float64(b.N), "plain-ns/op")
	b.ReportMetric(float64(observedTime.Nanoseconds())/float64(b.N), "instrumented-ns/op")
	b.ReportMetric(float64(observedTime)/float64(plainTime), "instrumented/plain")
}
