package gateway

import (
	"fmt"
	"slices"

	"github.com/civgraph/civgraph/config"
)

// Reload builds a new generation from cfg and swaps it in atomically:
// requests in flight finish with the generation they started with, new
// ones get the new one, none is dropped. What is reloaded is what the
// gateway builds per generation — each province's base URL, credentials,
// cache TTLs, stale grace, negative TTL, timeouts, retries and keep-alive
// pools (a new generation dials through new pools; the old one's idle
// connections close after its idle_conn_timeout); the query
// limits (depth, complexity, aliases, operations, upstream calls, tokens,
// response bytes); graphql.source_deadline, batch_wait, query_cache_size,
// introspection, trusted documents and http_cache_max_age. Everything else
// keeps its running value (it is built once: the cache, the breakers and
// quotas, the HTTP server's limits, auth, the cursor key) and is listed in
// restart. When cfg is invalid or a connector cannot be built, Reload
// returns the error and the running generation stays.
func (g *Gateway) Reload(cfg config.Config) (changed, restart []string, err error) {
	g.reload.Lock()
	defer g.reload.Unlock()
	old := g.current.Load().cfg
	next := reloadable(old, cfg)
	if err := next.Validate(); err != nil {
		return nil, nil, fmt.Errorf("invalid configuration: %w", err)
	}
	gen, err := g.build(next)
	if err != nil {
		return nil, nil, err
	}
	g.current.Store(gen)
	restart = slices.DeleteFunc(config.Diff(next, cfg), func(key string) bool {
		// Load draws a random key when none is configured: not a change.
		return key == "graphql.cursor_secret" && cfg.GraphQL.CursorSecretFile == old.GraphQL.CursorSecretFile
	})
	return config.Diff(old, next), restart, nil
}

// reloadable is the configuration a reload runs with: next's values where
// a generation uses them, old's where they were built once.
func reloadable(old, next config.Config) config.Config {
	out := old
	out.Sources = next.Sources
	keepGuard(&out.Sources.Hebei.SourceConfig, old.Sources.Hebei.SourceConfig)
	keepGuard(&out.Sources.Hubei.SourceConfig, old.Sources.Hubei.SourceConfig)
	keepGuard(&out.Sources.Jiangsu.SourceConfig, old.Sources.Jiangsu.SourceConfig)
	keepGuard(&out.Sources.Shanghai.SourceConfig, old.Sources.Shanghai.SourceConfig)

	out.GraphQL = next.GraphQL
	out.GraphQL.Timeout = old.GraphQL.Timeout           // the server's deadline
	out.GraphQL.MaxBodyBytes = old.GraphQL.MaxBodyBytes // the server's body cap
	out.GraphQL.CursorSecret, out.GraphQL.CursorSecretFile = old.GraphQL.CursorSecret, old.GraphQL.CursorSecretFile

	out.Runtime = next.Runtime // the process applies it, not a generation

	q, l := &out.Limits, next.Limits // rates and max_concurrent stay: the server holds them
	q.MaxDepth, q.MaxComplexity, q.MaxAliases, q.MaxOperations = l.MaxDepth, l.MaxComplexity, l.MaxAliases, l.MaxOperations
	q.MaxUpstreamCalls, q.MaxTokens, q.MaxResponseBytes = l.MaxUpstreamCalls, l.MaxTokens, l.MaxResponseBytes
	return out
}

// keepGuard keeps a province's breaker, Retry-After and quota settings and
// its cache budget: its guard and the cache store are built once.
func keepGuard(s *config.SourceConfig, old config.SourceConfig) {
	s.BreakerFailures, s.BreakerFailurePercent, s.BreakerMinRequests = old.BreakerFailures, old.BreakerFailurePercent, old.BreakerMinRequests
	s.BreakerWindow, s.BreakerOpenTimeout, s.BreakerProbes = old.BreakerWindow, old.BreakerOpenTimeout, old.BreakerProbes
	s.RetryAfterMax, s.QuotaRequests, s.QuotaPeriod, s.QuotaBurst = old.RetryAfterMax, old.QuotaRequests, old.QuotaPeriod, old.QuotaBurst
	s.CacheMaxBytes = old.CacheMaxBytes
}
