// Package gateway assembles civgraph: connectors, federation, resolvers
// and the GraphQL handler, plus the embedded sample upstreams when a
// province has no configured base URL.
//
// It is the one place that knows every layer; server and cmd use it, and
// nothing below imports it.
package gateway

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/federation"
	"github.com/civgraph/civgraph/internal/sampleapi"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	"github.com/civgraph/civgraph/regions"
	"github.com/civgraph/civgraph/resolvers"
)

// Gateway is an assembled GraphQL gateway.
type Gateway struct {
	handler   http.Handler
	resolver  *resolvers.Resolver
	embedded  *sampleapi.Server // nil when every province is configured
	provinces int
}

// New builds the gateway from cfg. Provinces without a base URL are served
// by embedded sample upstreams started on loopback, with their demo
// credentials.
func New(ctx context.Context, cfg config.Config, logger *slog.Logger) (*Gateway, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	g := &Gateway{}
	if cfg.Sources.NeedsEmbedded() {
		ds, err := dataset.Load(dataset.Options{})
		if err != nil {
			return nil, fmt.Errorf("load sample data: %w", err)
		}
		g.embedded, err = sampleapi.Start("127.0.0.1:0", ds)
		if err != nil {
			return nil, err
		}
		logger.Info("embedded sample upstreams started", "url", g.embedded.URL)
	}
	store, err := newStore(cfg.Cache)
	if err != nil {
		g.Close()
		return nil, err
	}
	opts := []kit.Option{kit.WithCache(cache.New(store)), kit.WithLogger(logger)}
	sources, err := buildSources(cfg.Sources, g.embedded, opts)
	if err != nil {
		g.Close()
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
	g.resolver = resolvers.New(fed, regions.Default())
	g.handler = newGraphQLHandler(g.resolver, cfg.GraphQL.QueryCacheSize, logger)
	return g, nil
}

func newStore(cfg config.CacheConfig) (cache.Store, error) {
	switch cfg.Backend {
	case "", "memory":
		return cache.NewMemoryStore(cfg.CleanupInterval), nil
	}
	return nil, fmt.Errorf("cache.backend: unknown backend %q", cfg.Backend)
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

// Close stops embedded upstreams and background work.
func (g *Gateway) Close() error {
	if g.embedded != nil {
		return g.embedded.Close()
	}
	return nil
}
