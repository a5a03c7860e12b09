package server

import (
	"log/slog"
	"math"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/ratelimit"
)

// overloadRetryAfter is what a shed request is told to wait: executions
// are bounded by graphql.timeout, most end far sooner.
const overloadRetryAfter = time.Second

// limitGraphQL applies, in front of the GraphQL handler, the per-client
// rate limit (429) and then the bound on concurrent executions (503). Both
// answer at once, with Retry-After, rather than queue.
func limitGraphQL(cfg config.LimitsConfig, logger *slog.Logger, next http.Handler) http.Handler {
	limiter := ratelimit.New(float64(cfg.RatePerSecond), cfg.RateBurst, cfg.RateClients, cfg.RateClientIdleAfter)
	running := make(chan struct{}, cfg.MaxConcurrent)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ok, wait := limiter.Allow(clientKey(r), time.Now()); !ok {
			retryAfter(w, wait)
			writeJSONError(w, http.StatusTooManyRequests, "too many requests from this client; retry later",
				string(connectors.CodeClientRateLimited))
			return
		}
		select {
		case running <- struct{}{}:
			defer func() { <-running }()
			next.ServeHTTP(w, r)
		default:
			// Debug only: under attack a line per shed request would flood the log.
			logger.DebugContext(r.Context(), "shedding load", "running", cap(running))
			retryAfter(w, overloadRetryAfter)
			writeJSONError(w, http.StatusServiceUnavailable, "the gateway is busy; retry later",
				string(connectors.CodeOverloaded))
		}
	})
}

func retryAfter(w http.ResponseWriter, d time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(max(d, time.Second).Seconds()))))
}

// clientKey identifies the client a request is counted against: its API
// key when it sends one, else its address. Keys are only identifiers here;
// whether they are valid is for authentication to decide.
func clientKey(r *http.Request) string {
	if k := r.Header.Get("X-API-Key"); k != "" {
		return "key:" + k
	}
	if a := r.Header.Get("Authorization"); a != "" {
		return "auth:" + a
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return "addr:" + host
}
