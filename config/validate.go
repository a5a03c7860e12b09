package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/civgraph/civgraph/connectors/baseurl"
)

// Validate checks every setting and reports all problems, each naming its
// key.
func (c Config) Validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{key}, args...)...))
	}
	positive := func(key string, d time.Duration) {
		if d <= 0 {
			bad(key, "must be positive, got %s", d)
		}
	}

	if err := checkListen(c.Listen); err != nil {
		bad("listen", "%v", err)
	}
	if !slices.Contains([]string{"debug", "info", "warn", "error"}, c.Log.Level) {
		bad("log.level", "must be debug, info, warn or error, got %q", c.Log.Level)
	}
	if !slices.Contains([]string{"text", "json"}, c.Log.Format) {
		bad("log.format", "must be text or json, got %q", c.Log.Format)
	}
	if c.Log.FlushInterval < 0 || c.Log.FlushInterval > MaxLogFlushInterval {
		bad("log.flush_interval", "must be between 0 and %s, got %s", MaxLogFlushInterval, c.Log.FlushInterval)
	}

	positive("http.read_header_timeout", c.HTTP.ReadHeaderTimeout)
	positive("http.read_timeout", c.HTTP.ReadTimeout)
	positive("http.idle_timeout", c.HTTP.IdleTimeout)
	positive("http.shutdown_timeout", c.HTTP.ShutdownTimeout)
	if c.HTTP.WriteTimeout <= c.GraphQL.Timeout {
		bad("http.write_timeout", "must exceed graphql.timeout (%s), got %s", c.GraphQL.Timeout, c.HTTP.WriteTimeout)
	}

	positive("graphql.timeout", c.GraphQL.Timeout)
	positive("graphql.source_deadline", c.GraphQL.SourceDeadline)
	if c.GraphQL.MaxBodyBytes <= 0 {
		bad("graphql.max_body_bytes", "must be positive, got %d", c.GraphQL.MaxBodyBytes)
	}
	if c.GraphQL.QueryCacheSize <= 0 {
		bad("graphql.query_cache_size", "must be positive, got %d", c.GraphQL.QueryCacheSize)
	}
	if c.GraphQL.BatchWait <= 0 || c.GraphQL.BatchWait > MaxBatchWait {
		bad("graphql.batch_wait", "must be positive and at most %s, got %s", MaxBatchWait, c.GraphQL.BatchWait)
	}
	// gqlgen answers _service only with introspection on, and a router's
	// query plans are in no trusted-documents manifest.
	if c.GraphQL.Subgraph && !c.GraphQL.Introspection {
		bad("graphql.subgraph", "needs graphql.introspection: a router reads the subgraph's schema through _service")
	}
	if c.GraphQL.Subgraph && c.GraphQL.TrustedDocumentsOnly {
		bad("graphql.subgraph", "cannot be combined with graphql.trusted_documents_only: a router sends operations of its own")
	}

	if c.Playground.Enabled && c.Playground.AssetsDir == "" {
		bad("playground.assets_dir", "must be set when the playground is enabled")
	}

	if err := checkTileURL(c.Playground.MapTileURL); err != nil {
		bad("playground.map_tile_url", "%v", err)
	}

	if err := checkOrigins(c.CORS.AllowedOrigins); err != nil {
		bad("cors.allowed_origins", "%v", err)
	}
	if c.CORS.AllowCredentials && slices.Contains(c.CORS.AllowedOrigins, "*") {
		bad("cors.allow_credentials", "cannot be true while cors.allowed_origins is *: list the origins that may send credentials")
	}

	switch c.Cache.Backend {
	case DefaultCacheBackend:
	case CacheBackendRedis:
		if c.Redis.URL == "" {
			bad("cache.backend", "redis needs redis.url")
		}
	default:
		bad("cache.backend", "must be memory or redis, got %q", c.Cache.Backend)
	}
	errs = append(errs, c.Redis.validate()...)
	positive("cache.cleanup_interval", c.Cache.CleanupInterval)
	errs = append(errs, c.Cache.validate()...)
	for p, s := range c.Sources.ByProvince() {
		if s.CacheMaxBytes > c.Cache.MaxBytes {
			bad("sources."+strings.ToLower(string(p))+".cache_max_bytes", "must not exceed cache.max_bytes (%d), got %d", c.Cache.MaxBytes, s.CacheMaxBytes)
		}
	}

	errs = append(errs, c.validateAccess()...)
	errs = append(errs, c.Limits.validate()...)
	errs = append(errs, c.ResponseCache.validate()...)
	errs = append(errs, c.Debug.validate()...)
	errs = append(errs, c.Metrics.validate()...)
	errs = append(errs, c.Runtime.validate()...)

	errs = append(errs, c.Sources.Hebei.validate("sources.hebei")...)
	errs = append(errs, c.Sources.Hubei.validate("sources.hubei")...)
	errs = append(errs, c.Sources.Jiangsu.validate("sources.jiangsu")...)
	errs = append(errs, c.Sources.Jiangsu.validateBulk()...)
	errs = append(errs, c.Sources.Shanghai.validate("sources.shanghai")...)
	return errors.Join(errs...)
}

func (s SourceConfig) validate(prefix string) []error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s.%s: "+format, append([]any{prefix, key}, args...)...))
	}
	if s.BaseURL != "" {
		if _, err := baseurl.Parse(s.BaseURL); err != nil {
			bad("base_url", "%v", err)
		}
	}
	if s.Timeout <= 0 {
		bad("timeout", "must be positive, got %s", s.Timeout)
	}
	if s.RetryMax < 0 || s.RetryMax > 10 {
		bad("retry_max", "must be between 0 and 10, got %d", s.RetryMax)
	}
	if s.RetryWaitMin <= 0 {
		bad("retry_wait_min", "must be positive, got %s", s.RetryWaitMin)
	}
	if s.RetryWaitMax < s.RetryWaitMin {
		bad("retry_wait_max", "must be at least retry_wait_min (%s), got %s", s.RetryWaitMin, s.RetryWaitMax)
	}
	if s.CacheTTL < 0 {
		bad("cache_ttl", "must not be negative, got %s", s.CacheTTL)
	}
	if s.StaleGrace < 0 {
		bad("stale_grace", "must not be negative, got %s", s.StaleGrace)
	}
	if s.CacheNegativeTTL < 0 {
		bad("cache_negative_ttl", "must not be negative, got %s", s.CacheNegativeTTL)
	}
	if s.CacheMaxBytes < 0 || (s.CacheMaxBytes > 0 && s.CacheMaxBytes < minSourceCacheBytes) {
		bad("cache_max_bytes", "must be 0 (share cache.max_bytes) or at least %d, got %d", minSourceCacheBytes, s.CacheMaxBytes)
	}
	s.validateGuard(bad)
	s.validatePool(bad)
	return errs
}

// maxSourceConns bounds a province's keep-alive pool and connections: far
// above what one gateway's requests can keep busy, low enough that a typo
// cannot have it hold thousands of sockets to one upstream.
const maxSourceConns = 1024

func (s SourceConfig) validatePool(bad func(key, format string, args ...any)) {
	if s.IdleConns < 0 || s.IdleConns > maxSourceConns {
		bad("idle_conns", "must be between 0 and %d, got %d", maxSourceConns, s.IdleConns)
	}
	if s.MaxConns < 0 || s.MaxConns > maxSourceConns {
		bad("max_conns", "must be between 0 (no limit) and %d, got %d", maxSourceConns, s.MaxConns)
	} else if s.MaxConns > 0 && s.IdleConns > s.MaxConns {
		bad("idle_conns", "must not exceed max_conns (%d), got %d", s.MaxConns, s.IdleConns)
	}
	if s.IdleConnTimeout <= 0 {
		bad("idle_conn_timeout", "must be positive, got %s", s.IdleConnTimeout)
	}
}

// minSourceCacheBytes is the smallest budget of a province's own: one
// that still holds a few pages.
const minSourceCacheBytes = 64 << 10

// minAdminToken is the shortest admin token accepted: one that cannot be
// guessed online.
const minAdminToken = 16

func (c CacheConfig) validate() []error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("cache.%s: "+format, append([]any{key}, args...)...))
	}
	if c.MaxBytes < 1<<20 {
		bad("max_bytes", "must be at least 1 MiB (1048576), got %d", c.MaxBytes)
	}
	if c.MaxEntries <= 0 {
		bad("max_entries", "must be positive, got %d", c.MaxEntries)
	}
	if c.RefreshPercent < 1 || c.RefreshPercent > 100 {
		bad("refresh_percent", "must be between 1 and 100, got %d", c.RefreshPercent)
	}
	if c.RefreshConcurrency < 1 || c.RefreshConcurrency > 64 {
		bad("refresh_concurrency", "must be between 1 and 64, got %d", c.RefreshConcurrency)
	}
	if c.LoadTimeout <= 0 {
		bad("load_timeout", "must be positive, got %s", c.LoadTimeout)
	}
	if c.MemoMaxBytes < 1<<20 {
		bad("memo_max_bytes", "must be at least 1 MiB (1048576), got %d", c.MemoMaxBytes)
	}
	if c.DiskMaxBytes < 1<<20 {
		bad("disk_max_bytes", "must be at least 1 MiB (1048576), got %d", c.DiskMaxBytes)
	}
	if c.DiskMaxAge <= 0 {
		bad("disk_max_age", "must be positive, got %s", c.DiskMaxAge)
	}
	if c.AdminToken != "" && len(c.AdminToken) < minAdminToken {
		bad("admin_token", "must be at least %d characters", minAdminToken)
	}
	return errs
}

func (l LimitsConfig) validate() []error {
	var errs []error
	for _, s := range []struct {
		key string
		n   int64
	}{
		{"max_depth", int64(l.MaxDepth)}, {"max_complexity", int64(l.MaxComplexity)},
		{"max_aliases", int64(l.MaxAliases)}, {"max_operations", int64(l.MaxOperations)},
		{"max_upstream_calls", int64(l.MaxUpstreamCalls)}, {"max_tokens", int64(l.MaxTokens)},
		{"max_response_bytes", l.MaxResponseBytes}, {"max_concurrent", int64(l.MaxConcurrent)},
		{"rate_per_second", int64(l.RatePerSecond)}, {"rate_burst", int64(l.RateBurst)},
		{"rate_clients", int64(l.RateClients)}, {"rate_client_idle_after", int64(l.RateClientIdleAfter)},
	} {
		if s.n <= 0 {
			errs = append(errs, fmt.Errorf("limits.%s: must be positive, got %d", s.key, s.n))
		}
	}
	return errs
}

func checkListen(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("want host:port: %w", err)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("bad port %q", port)
	}
	return nil
}

func checkOrigins(origins []string) error {
	if len(origins) == 0 {
		return errors.New("must list at least one origin (or *)")
	}
	for _, o := range origins {
		if o == "*" {
			if len(origins) > 1 {
				return errors.New("* allows every origin and cannot be combined with others")
			}
			continue
		}
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
			return fmt.Errorf("%q is not an origin such as https://example.org", o)
		}
	}
	return nil
}

// validateGuard checks the breaker, Retry-After and quota settings.
func (s SourceConfig) validateGuard(bad func(key, format string, args ...any)) {
	between := func(key string, v, lo, hi int) {
		if v < lo || v > hi {
			bad(key, "must be between %d and %d, got %d", lo, hi, v)
		}
	}
	positive := func(key string, d time.Duration) {
		if d <= 0 {
			bad(key, "must be positive, got %s", d)
		}
	}
	between("breaker_failures", s.BreakerFailures, 1, 1000)
	between("breaker_failure_percent", s.BreakerFailurePercent, 1, 100)
	between("breaker_min_requests", s.BreakerMinRequests, 1, 100000)
	between("breaker_probes", s.BreakerProbes, 1, 100)
	between("quota_requests", s.QuotaRequests, 0, 1000000)
	between("quota_burst", s.QuotaBurst, 0, 1000000)
	positive("breaker_window", s.BreakerWindow)
	positive("breaker_open_timeout", s.BreakerOpenTimeout)
	positive("quota_period", s.QuotaPeriod)
	if s.RetryAfterMax <= 0 || s.RetryAfterMax > 24*time.Hour {
		bad("retry_after_max", "must be positive and at most 24h, got %s", s.RetryAfterMax)
	}
}

// validateBulk checks the bulk service-site file's limits.
func (s JiangsuSource) validateBulk() []error {
	var errs []error
	if s.BulkMaxBytes < 1<<20 {
		errs = append(errs, fmt.Errorf("sources.jiangsu.bulk_max_bytes: must be at least 1 MiB (1048576), got %d", s.BulkMaxBytes))
	}
	if s.BulkTimeout <= 0 {
		errs = append(errs, fmt.Errorf("sources.jiangsu.bulk_timeout: must be positive, got %s", s.BulkTimeout))
	}
	return errs
}

// checkTileURL accepts "" or an http(s) URL template with {z}, {x} and
// {y}, no credentials and no query beyond the placeholders' own.
func checkTileURL(t string) error {
	if t == "" {
		return nil
	}
	for _, p := range []string{"{z}", "{x}", "{y}"} {
		if !strings.Contains(t, p) {
			return fmt.Errorf("must contain {z}, {x} and {y}, got %q", t)
		}
	}
	u, err := url.Parse(strings.NewReplacer("{z}", "0", "{x}", "0", "{y}", "0").Replace(t))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return fmt.Errorf("must be an http or https URL without credentials, got %q", t)
	}
	return nil
}
