package gateway

import (
	"context"
	"crypto/rand"
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
}

// New builds the gateway from cfg. Every province needs a base URL and
// the credentials its upstream protocol takes.
func New(ctx context.Context, cfg config.Config, logger *slog.Logger) (*Gateway, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	g := &Gateway{}
	c, memo, err := newCache(cfg, logger)
	if err != nil {
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
	acc, err := newAccess(cfg)
	if err != nil {
		return nil, err
	}
	secret := []byte(cfg.GraphQL.CursorSecret)
	if len(secret) == 0 {
		// Without a configured secret cursors are signed with a key of this
		// process: they do not survive a restart or cross replicas.
		secret = make([]byte, 32)
		_, _ = rand.Read(secret)
		logger.Warn("graphql.cursor_secret is not set; cursors are valid only for this process")
	}
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

// Close stops background cache work and closes the cache file.
func (g *Gateway) Close() error {
	if g.cache != nil {
		return g.cache.Close()
	}
	return nil
}
