package server

import (
	"bytes"
	"context"
	_ "embed"
	"io/fs"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/rs/cors"

	"github.com/civgraph/civgraph/auth"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/csvexport"
	"github.com/civgraph/civgraph/errcode"
	"github.com/civgraph/civgraph/metrics"
	"github.com/civgraph/civgraph/redisconn"
	"github.com/civgraph/civgraph/reqinfo"
	"github.com/civgraph/civgraph/schema"
)

// Option adds an optional endpoint to the handler.
type Option func(*options)

type options struct {
	readiness Readiness
	purge     CachePurger
	auth      *auth.Authenticator
	assets    fs.FS
	metrics   *metrics.Registry
	shared    *redisconn.Conn
}

// WithPlaygroundAssets serves the playground's assets from fsys (laid
// out as npm's node_modules) instead of playground.assets_dir: the files
// a binary built with them embedded carries.
func WithPlaygroundAssets(fsys fs.FS) Option { return func(o *options) { o.assets = fsys } }

// WithShared shares the per-client rate limits with the other replicas
// through shared (nil: this process's own limits).
func WithShared(shared *redisconn.Conn) Option { return func(o *options) { o.shared = shared } }

// WithReadiness serves /readyz from r.
func WithReadiness(r Readiness) Option { return func(o *options) { o.readiness = r } }

// exportSlack is room, past limits.max_response_bytes, for the envelope of
// an answer the size guard stopped.
const exportSlack = 64 << 10

// New returns the gateway's HTTP handler: gql at /graphql (GET and POST),
// a persisted operation's answer as CSV at GET /export.csv,
// the playground at / with its assets under /playground/assets/, the
// comparison dashboard at /compare and the site map at /map,
// /healthz reporting ready(ctx), /favicon.ico, /possible-types.json (the
// schema's interface and union members, for front-end caches), given
// WithReadiness, /readyz, given WithCachePurge and cache.admin_token,
// POST /admin/cache/purge, and given WithMetrics and metrics.token without
// metrics.listen, GET /metrics. Every request gets an id (X-Request-Id)
// and one access log line.
func New(cfg config.Config, gql http.Handler, ready func(context.Context) error, logger *slog.Logger, opts ...Option) http.Handler {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	logger = slog.New(reqinfo.NewLogHandler(logger.Handler()))
	var o options
	for _, f := range opts {
		f(&o)
	}
	mux := http.NewServeMux()
	c := newCORS(cfg.CORS)
	gqlChain := graphqlHandler(cfg, accessChain(o, logger, func(h http.Handler) http.Handler {
		return limitGraphQL(cfg.Limits, o.shared, logger, h)
	}, gql))
	mux.Handle("/graphql", c.Handler(gqlChain))
	// Through the same chain: an export is one more GraphQL request, with
	// its caller's credentials, rate and limits.
	mux.Handle("GET /export.csv", c.Handler(csvexport.Handler(gqlChain, cfg.Limits.MaxResponseBytes+exportSlack)))
	mux.Handle("GET /healthz", health(ready))
	mux.Handle("GET /favicon.ico", staticFile("image/x-icon", favicon))
	mux.Handle("/possible-types.json", c.Handler(staticFile("application/json", schema.PossibleTypes)))
	if o.readiness != nil {
		mux.Handle("GET /readyz", readyz(o.readiness))
	}
	if o.purge != nil && cfg.Cache.AdminToken != "" {
		mux.Handle("POST /admin/cache/purge", adminOnly(string(cfg.Cache.AdminToken), purgeHandler(o.purge, logger)))
	}
	if o.metrics != nil && cfg.Metrics.Listen == "" && cfg.Metrics.Token != "" {
		mux.Handle("GET /metrics", protectMetrics(cfg.Metrics, o.metrics.Handler()))
	}
	if cfg.Playground.Enabled {
		p := newPlayground(cfg.Playground.AssetsDir, o.assets)
		mux.Handle("GET /{$}", p)
		mux.Handle("GET "+assetsPath+"{file...}", http.HandlerFunc(p.serveAsset))
		d := dashboard{assetsDir: p.dir, files: p.files, tileURL: cfg.Playground.MapTileURL}
		mux.Handle("GET /compare", d.page("compare", "civgraph · 四省比较 · Comparison dashboard"))
		mux.Handle("GET /map", d.page("map", "civgraph · 服务场所地图 · Service-site map"))
		mux.Handle("GET "+dashboardPath+"{file}", http.HandlerFunc(d.file))
		mux.Handle("GET "+dashboardPath+"settings.json", http.HandlerFunc(d.settings))
	}
	return withRequestInfo(accessLog(logger, o.metrics, recoverPanics(logger, mux)))
}

// corsHeaders are the request headers a cross-origin page may send: the
// ones GraphQL clients, tracing and auth (Authorization, X-API-Key) add,
// besides the content headers.
var corsHeaders = []string{
	"Accept", "Content-Type", "Authorization",
	"Apollographql-Client-Name", "Apollographql-Client-Version",
	"Traceparent", "Tracestate", "X-Request-Id", "X-API-Key",
}

// newCORS builds the CORS policy of /graphql and /possible-types.json.
// Config validation refuses credentials with the "*" origin; the check is
// repeated here so that no configuration can make rs/cors reflect any
// origin together with Access-Control-Allow-Credentials: true.
func newCORS(c config.CORSConfig) *cors.Cors {
	return cors.New(cors.Options{
		AllowedOrigins:   c.AllowedOrigins,
		AllowedMethods:   []string{http.MethodGet, http.MethodPost},
		AllowedHeaders:   corsHeaders,
		ExposedHeaders:   []string{"X-Request-Id"},
		MaxAge:           600,
		AllowCredentials: c.AllowCredentials && !slices.Contains(c.AllowedOrigins, "*"),
	})
}

// staticFile serves fixed bytes, cacheable for five minutes.
func staticFile(contentType string, body []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Cache-Control", "public, max-age=300")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
	})
}

// favicon is the playground's icon, also asked for by browsers on every
// page of the gateway.
//
//go:embed favicon.ico
var favicon []byte

// graphqlHandler applies the body cap and the query deadline in front of
// the GraphQL handler.
func graphqlHandler(cfg config.Config, gql http.Handler) http.Handler {
	limit, timeout := cfg.GraphQL.MaxBodyBytes, cfg.GraphQL.Timeout
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > limit {
			writeJSONError(w, http.StatusRequestEntityTooLarge, "request body too large", errcode.BadRequest)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		// Lazy: an answer served from the response cache waits on nothing
		// and so never pays for the deadline's timer.
		ctx, cancel := withLazyDeadline(r.Context(), timeout)
		defer cancel()
		gql.ServeHTTP(w, r.WithContext(ctx))
	})
}
