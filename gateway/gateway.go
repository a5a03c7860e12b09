package gateway

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/civgraph/civgraph/auth"
	"github.com/civgraph/civgraph/compare"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/health"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/federation"
	"github.com/civgraph/civgraph/population"
	"github.com/civgraph/civgraph/redisconn"
	"github.com/civgraph/civgraph/regions"
	"github.com/civgraph/civgraph/resolvers"
)

// Gateway is an assembled GraphQL gateway.
type Gateway struct {
	handler   http.Handler
	resolver  *resolvers.Resolver
	provinces int
	health    *health.Registry
	cache     *cache.Cache
	shared    *redisconn.Conn // nil without redis.url
}

// New builds the gateway from cfg. Every province needs a base URL and
// the credentials its upstream protocol takes.
func New(ctx context.Context, cfg config.Config, logger *slog.Logger) (*Gateway, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	g := &Gateway{}
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
	g.cache = c
	opts := []kit.Option{kit.WithCache(c), kit.WithMemo(memo), kit.WithLogger(logger)}
	g.health = newHealth(cfg.Sources)
	sources, err := buildSources(cfg.Sources, opts, g.health)
	if err != nil {
		g.Close()
		return nil, err
	}
	sources = watchSources(sources, g.health)
	// Outside the health watch: a caller's FORBIDDEN is no upstream failure.
	if cfg.Auth.Enabled() {
		sources = federation.Guard(sources, auth.Allowed)
	}
	acc, err := newAccess(cfg, shared)
	if err != nil {
		g.Close()
		return nil, err
	}
	secret := cursorSecret(ctx, cfg, shared, logger)
	fed, err := federation.New(sources, secret, federation.WithLogger(logger),
		federation.WithSourceDeadline(min(cfg.GraphQL.SourceDeadline, cfg.GraphQL.Timeout)))
	if err != nil {
		g.Close()
		return nil, err
	}
	g.provinces = len(sources)
	g.resolver = resolvers.New(fed, regions.Default(), resolvers.WithHealth(g.health),
		resolvers.WithBatchWait(cfg.GraphQL.BatchWait),
		resolvers.WithComparer(compare.New(fed, regions.Default(), population.Default())))
	g.handler = overHTTP(newGraphQLHandler(g.resolver, cfg.GraphQL.QueryCacheSize, cfg.Limits, logger, g.health, acc))
	return g, nil
}

// GraphQLHandler serves GraphQL over POST and GET.
func (g *Gateway) GraphQLHandler() http.Handler { return g.handler }

// Ready reports whether the gateway can answer queries.
func (g *Gateway) Ready(ctx context.Context) error {
	if g.handler == nil || g.provinces == 0 {
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
