package server

import (
	"context"
	"encoding/json"
	"net/http"
)

// Readiness reports whether the gateway can serve traffic and a
// JSON-encodable account of why (per-province detail).
type Readiness func(ctx context.Context) (ready bool, report any)

// readyz answers 200 with r's report while r says ready, else 503 with it:
// a load balancer stops sending traffic only when no province can serve.
func readyz(r Readiness) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		ctx, cancel := context.WithTimeout(req.Context(), healthTimeout)
		defer cancel()
		ready, report := r(ctx)
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Type", "application/json")
		if !ready {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		_ = json.NewEncoder(w).Encode(report)
	})
}
