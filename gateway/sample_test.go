package gateway

import (
	"testing"

	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/internal/embedded"
)

// UseSampleUpstreams points every province of cfg without a base URL at
// the sample upstream APIs, started on loopback for the test and stopped
// when it ends. (Exported for the gateway_test package.)
func UseSampleUpstreams(tb testing.TB, cfg *config.Config) {
	tb.Helper()
	srv, err := embedded.Start(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	if srv != nil {
		tb.Cleanup(func() { _ = srv.Close() })
	}
}
