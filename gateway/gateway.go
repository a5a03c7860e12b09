package gateway

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/civgraph/civgraph/auth"
	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/compare"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/health"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/federation"
	"github.com/civgraph/civgraph/metrics"
	"github.com/civgraph/civgraph/population"
	"github.com/civgraph/civgraph/redisconn"
	"github.com/civgraph/civgraph/regions"
	"github.com/civgraph/civgraph/resolvers"
	"github.com/civgraph/civgraph/respcache"
	"github.com/civgraph/civgraph/tracing"
)

// Gateway is an assembled GraphQL gateway. What a configuration reload
// may change (connectors, query limits, the GraphQL handler) lives in a
// generation swapped atomically by Reload; the cache, the memo, the
// connection to Redis and each province's guard and health outlive
// generations.
type Gateway struct {
	handler http.Handler // serves with the current generation
	current atomic.Pointer[generation]
	health  *health.Registry
	cache   *cache.Cache
	memo    *kit.Memo
	shared  *redisconn.Conn // nil without redis.url
	logger  *slog.Logger
	metrics *metrics.Registry
	tracer  *tracing.Tracer
	secret  []byte     // the cursor key: cursors must survive a reload
	reload  sync.Mutex // one reload at a time
}

// generation is what one configuration builds.
type generation struct {
	cfg       config.Config
	handler   http.Handler
	resolver  *resolvers.Resolver
	provinces int
	loaders   map[civ.ProvinceCode]firstLoader // for /readyz
	// responses keeps whole answers; a new configuration starts it
	// empty (nil: response_cache.max_bytes is 0).
	responses *respcache.Cache
}

// Option adds optional instrumentation to a Gateway.
type Option func(*Gateway)

// WithMetrics records upstream attempts in m and exposes each province's
// health, breaker and cache figures through it.
func WithMetrics(m *metrics.Registry) Option { return func(g *Gateway) { g.metrics = m } }

// WithTracer makes spans for operations, province calls and upstream
// attempts (nil: none).
func WithTracer(t *tracing.Tracer) Option { return func(g *Gateway) { g.tracer = t } }

// New builds the gateway from cfg. Every province needs a base URL and
// the credentials its upstream protocol takes.
func New(ctx context.Context, cfg config.Config, logger *slog.Logger, opts ...Option) (*Gateway, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	g := &Gateway{logger: logger}
	for _, o := range opts {
		o(g)
	}
	shared, err := openShared(cfg, logger)
	if err != nil {
		return nil, err
	}
	g.shared = shared
	c, memo, err := newCache(cfg, shared, logger)
	if err != nil {
		g.Close()
		return nil, err
	}
	g.cache, g.memo = c, memo
	g.health = newHealth(cfg.Sources)
	g.secret = cursorSecret(ctx, cfg, shared, logger)
	gen, err := g.build(cfg)
	if err != nil {
		g.Close()
		return nil, err
	}
	g.current.Store(gen)
	g.handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.current.Load().handler.ServeHTTP(w, r)
	})
	g.metrics.WatchProvinces(g.provinceFigures)
	if shared != nil {
		g.metrics.WatchShared(g.sharedFigures)
	}
	return g, nil
}

// build makes a generation from cfg over the gateway's lasting parts.
func (g *Gateway) build(cfg config.Config) (*generation, error) {
	opts := []kit.Option{kit.WithCache(g.cache), kit.WithMemo(g.memo), kit.WithLogger(g.logger)}
	sources, err := buildSources(cfg.Sources, opts, g.health, g.instrument)
	if err != nil {
		return nil, err
	}
	loaders := firstLoaders(sources)
	sources = watchSources(sources, g.health)
	for i, s := range sources {
		sources[i] = g.tracer.Source(s)
	}
	// Outside the health watch: a caller's FORBIDDEN is no upstream failure.
	if cfg.Auth.Enabled() {
		sources = federation.Guard(sources, auth.Allowed)
	}
	acc, err := newAccess(cfg, g.shared)
	if err != nil {
		return nil, err
	}
	if acc.manifest != nil {
		g.metrics.AllowOperations(acc.manifest.OperationNames()...)
	}
	fed, err := federation.New(sources, g.secret, federation.WithLogger(g.logger),
		federation.WithSourceDeadline(min(cfg.GraphQL.SourceDeadline, cfg.GraphQL.Timeout)))
	if err != nil {
		return nil, err
	}
	gen := &generation{cfg: cfg, provinces: len(sources), loaders: loaders}
	gen.resolver = resolvers.New(fed, regions.Default(), resolvers.WithHealth(g.health),
		resolvers.WithBatchWait(cfg.GraphQL.BatchWait),
		resolvers.WithComparer(compare.New(fed, regions.Default(), population.Default())))
	gql := newGraphQLHandler(gen.resolver, cfg.GraphQL.QueryCacheSize, cfg.Limits, g.logger, g.health, acc)
	if g.tracer != nil {
		gql.Use(g.tracer.Extension())
	}
	gen.handler = gql
	if cfg.ResponseCache.MaxBytes > 0 {
		gen.responses = newResponseCache(cfg, g.cache)
		gen.handler = gen.responses.Wrap(gen.handler)
	}
	return gen, nil
}

// GraphQLHandler serves GraphQL over POST and GET.
func (g *Gateway) GraphQLHandler() http.Handler { return g.handler }

// Ready reports whether the gateway can answer queries.
func (g *Gateway) Ready(ctx context.Context) error {
	if gen := g.current.Load(); gen == nil || gen.provinces == 0 {
		return errors.New("no province sources are configured")
	}
	return nil
}

// Close stops background cache work, closes the cache file and the
// connection to Redis.
func (g *Gateway) Close() error {
	var err error
	if g.cache != nil {
		err = g.cache.Close()
	}
	if g.shared != nil {
		err = errors.Join(err, g.shared.Close())
	}
	return err
}
