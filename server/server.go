package server

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/rs/cors"

	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/errcode"
)

// New returns the gateway's HTTP handler: gql at /graphql (GET and POST),
// the playground at / with its assets under /playground/assets/, and
// /healthz reporting ready(ctx).
func New(cfg config.Config, gql http.Handler, ready func(context.Context) error, logger *slog.Logger) http.Handler {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	mux := http.NewServeMux()
	mux.Handle("/graphql", graphqlHandler(cfg, gql))
	mux.Handle("GET /healthz", health(ready))
	if cfg.Playground.Enabled {
		p := newPlayground(cfg.Playground.AssetsDir)
		mux.Handle("GET /{$}", p)
		mux.Handle("GET "+assetsPath+"{file...}", http.HandlerFunc(p.serveAsset))
	}
	return accessLog(logger, recoverPanics(logger, mux))
}

// graphqlHandler applies the CORS policy, the body cap and the query
// deadline in front of the GraphQL handler.
func graphqlHandler(cfg config.Config, gql http.Handler) http.Handler {
	c := cors.New(cors.Options{
		AllowedOrigins: cfg.CORS.AllowedOrigins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost},
		AllowedHeaders: []string{"Accept", "Content-Type"},
		MaxAge:         600,
		// Never with credentials: the data is public and "*" must stay safe.
		AllowCredentials: false,
	})
	limit, timeout := cfg.GraphQL.MaxBodyBytes, cfg.GraphQL.Timeout
	return c.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > limit {
			writeJSONError(w, http.StatusRequestEntityTooLarge, "request body too large", errcode.BadRequest)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		gql.ServeHTTP(w, r.WithContext(ctx))
	}))
}
