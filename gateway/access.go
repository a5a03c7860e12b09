package gateway

import (
	"context"
	"fmt"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/federation"
	"github.com/civgraph/civgraph/httpcache"
	"github.com/civgraph/civgraph/persisted"
	"github.com/civgraph/civgraph/redisconn"
)

// access holds what the GraphQL handler needs for introspection, trusted
// documents, HTTP caching and the federation subgraph mode.
type access struct {
	introspection bool
	subgraph      bool                // serve the subgraph schema (see subgraph.go)
	manifest      *persisted.Manifest // nil: no trusted documents
	trustedOnly   bool
	maxAge        time.Duration                      // cap of Cache-Control max-age; 0: no caching headers
	ttl           map[civ.ProvinceCode]time.Duration // freshness of each province's data
	now           func() time.Time
	responses     responsePolicy        // what the whole-response cache may keep
	apq           graphql.Cache[string] // automatic persisted queries by hash; nil: this process's own
}

func newAccess(cfg config.Config, shared *redisconn.Conn) (access, error) {
	a := access{
		introspection: cfg.GraphQL.Introspection,
		subgraph:      cfg.GraphQL.Subgraph,
		trustedOnly:   cfg.GraphQL.TrustedDocumentsOnly,
		maxAge:        cfg.GraphQL.HTTPCacheMaxAge,
		ttl:           map[civ.ProvinceCode]time.Duration{},
		now:           time.Now,
		responses:     newResponsePolicy(cfg),
	}
	for p, s := range cfg.Sources.ByProvince() {
		a.ttl[p] = s.CacheTTL
	}
	if shared != nil {
		a.apq = persisted.NewSharedAPQ(shared, newPersistedCache(persistedQueryCache), cfg.Redis.APQTTL, int(cfg.GraphQL.MaxBodyBytes))
	}
	if f := cfg.GraphQL.TrustedDocumentsFile; f != "" {
		m, err := persisted.LoadManifest(f)
		if err != nil {
			return access{}, fmt.Errorf("graphql.trusted_documents_file: %w", err)
		}
		a.manifest = m
	}
	return a, nil
}

// use installs introspection, trusted documents and automatic persisted
// queries, in that order (trusted documents must see an id before APQ).
func (a access) use(srv *handler.Server) {
	if a.introspection {
		srv.Use(extension.Introspection{})
	}
	if a.subgraph {
		srv.Use(entitiesBound{})
	}
	if a.manifest != nil {
		srv.Use(persisted.Extension{Manifest: a.manifest, Only: a.trustedOnly})
	}
	if !a.trustedOnly { // else a client could register any operation as "persisted"
		apq := a.apq
		if apq == nil {
			apq = newPersistedCache(persistedQueryCache)
		}
		srv.Use(extension.AutomaticPersistedQuery{Cache: apq})
	}
}

// allowHTTPCaching lets an error-free answer be cached for as long as the
// least fresh province data it used stays fresh.
func (a access) allowHTTPCaching(ctx context.Context, resp *graphql.Response, sources []federation.SourceStatus) {
	if a.maxAge <= 0 || len(resp.Errors) > 0 {
		return
	}
	httpcache.Allow(ctx, a.freshness(sources))
}

// freshness is the remaining freshness of the data behind sources, at
// most maxAge; data that was stale, uncached or of unknown age gives 0.
func (a access) freshness(sources []federation.SourceStatus) time.Duration {
	return freshFor(sources, a.maxAge, a.ttl, a.now()).Truncate(time.Second)
}

// freshFor is the remaining freshness at now of the data behind sources,
// each province's fresh for ttl from its fetch, at most limit; data that
// was stale, uncached or of unknown age gives 0.
func freshFor(sources []federation.SourceStatus, limit time.Duration, ttl map[civ.ProvinceCode]time.Duration, now time.Time) time.Duration {
	left := limit
	for _, s := range sources {
		if s.State == federation.StateStale || s.State == federation.StateFailed || s.FetchedAt == nil {
			return 0
		}
		left = min(left, s.FetchedAt.Add(ttl[s.Province]).Sub(now))
	}
	return max(left, 0)
}
