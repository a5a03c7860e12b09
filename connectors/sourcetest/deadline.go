package sourcetest

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
)

// checkContextEnd: when the caller's ctx ends before an upstream that
// never answers does, every list fails promptly with SOURCE_TIMEOUT,
// uncached and through the cache (whose shared load outlives the caller).
func checkContextEnd(t *testing.T, h Harness) {
	release := make(chan struct{})
	url := Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	// Registered after Serve, so it runs first: the server's Close waits
	// for the shared loads the timed-out callers left running.
	t.Cleanup(func() { close(release) })
	for name, policy := range map[string]cache.Policy{"uncached": {}, "through the cache": {TTL: time.Minute}} {
		t.Run(name, func(t *testing.T) {
			src := h.connect(t, url, policy)
			for entity, call := range map[string]func(context.Context, connectors.Query) error{
				"meetings":         func(ctx context.Context, q connectors.Query) error { _, err := src.Meetings(ctx, q); return err },
				"policy documents": func(ctx context.Context, q connectors.Query) error { _, err := src.PolicyDocuments(ctx, q); return err },
				"tasks":            func(ctx context.Context, q connectors.Query) error { _, err := src.Tasks(ctx, q); return err },
				"service sites":    func(ctx context.Context, q connectors.Query) error { _, err := src.ServiceSites(ctx, q); return err },
			} {
				ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
				began := time.Now()
				err := call(ctx, connectors.Query{Offset: 150, Limit: 100})
				cancel()
				ue, ok := connectors.AsUpstreamError(err)
				if !ok || ue.Code != connectors.CodeTimeout || ue.Province != src.Province() {
					t.Errorf("%s: err = %v, want %s of %s", entity, err, connectors.CodeTimeout, src.Province())
				}
				if d := time.Since(began); d > 2*time.Second {
					t.Errorf("%s: the call outlived its deadline by %v", entity, d)
				}
			}
		})
	}
}
