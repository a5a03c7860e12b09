package server

import (
	"net/http"
	"time"

	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/metrics"
	"github.com/civgraph/civgraph/reqinfo"
)

// WithMetrics records every GraphQL request in m and, when metrics.token
// is set and metrics.listen is not, serves GET /metrics on the main
// listener behind that bearer token (like the other admin endpoints).
func WithMetrics(m *metrics.Registry) Option { return func(o *options) { o.metrics = m } }

// MetricsHandler is the separate metrics listener's handler (metrics.listen):
// GET /metrics only, behind metrics.token when one is set.
func MetricsHandler(c config.MetricsConfig, m *metrics.Registry) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", protectMetrics(c, m.Handler()))
	return withRequestInfo(mux)
}

func protectMetrics(c config.MetricsConfig, h http.Handler) http.Handler {
	if c.Token == "" {
		return h
	}
	return adminOnly(string(c.Token), h)
}

// observeGraphQL records a finished /graphql request in m from what the
// request's reqinfo.Info learnt (operation, error codes, data or not).
// CORS preflights are not GraphQL requests.
func observeGraphQL(m *metrics.Registry, r *http.Request, status int, took time.Duration) {
	if m == nil || r.URL.Path != "/graphql" || r.Method == http.MethodOptions {
		return
	}
	s := reqinfo.From(r.Context()).Snapshot()
	op := s.Operation
	if !s.Parsed {
		op = metrics.OperationNone
	}
	m.ObserveGraphQL(op, status, s.Codes, s.HasData, took)
}
