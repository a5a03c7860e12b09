package config

import (
	"time"

	"github.com/civgraph/civgraph/civ"
)

// Defaults for the settings below. A YAML file or the environment overrides
// them; Describe lists them with their keys.
const (
	DefaultListen = "127.0.0.1:8080"

	DefaultLogLevel  = "info"
	DefaultLogFormat = "text"
	// DefaultLogFlushInterval batches log lines: one write for many under
	// load, at the price of losing at most this much on a hard crash.
	DefaultLogFlushInterval = 200 * time.Millisecond
	MaxLogFlushInterval     = 10 * time.Second

	DefaultReadHeaderTimeout = 5 * time.Second
	DefaultReadTimeout       = 15 * time.Second
	DefaultWriteTimeout      = 30 * time.Second // longer than the query deadline
	DefaultIdleTimeout       = 2 * time.Minute
	DefaultShutdownTimeout   = 15 * time.Second

	DefaultGraphQLTimeout = 10 * time.Second
	DefaultSourceDeadline = 5 * time.Second
	DefaultMaxBodyBytes   = 1 << 20
	DefaultQueryCacheSize = 1000
	DefaultBatchWait      = 5 * time.Millisecond
	MaxBatchWait          = time.Second

	DefaultIntrospection   = true
	DefaultSubgraph        = false
	DefaultHTTPCacheMaxAge = 5 * time.Minute
	DefaultJWTLeeway       = 30 * time.Second

	DefaultPlaygroundEnabled = true
	DefaultMapTileURL        = "" // no tiles: the map works offline
	DefaultAssetsDir         = "web/node_modules"

	// DefaultAllowedOrigin lets any web page read the gateway's answers. That
	// is safe because the data is public open data and the gateway uses no
	// cookies or ambient credentials: CORS is sent without
	// Access-Control-Allow-Credentials, so a foreign page can learn nothing it
	// could not fetch itself.
	DefaultAllowedOrigin = "*"
	// DefaultAllowCredentials keeps cookies and HTTP authentication out of
	// cross-origin requests (an Authorization header set by the page's own
	// script is a plain header and needs no credentials mode).
	DefaultAllowCredentials = false

	DefaultCacheBackend    = "memory"
	CacheBackendRedis      = "redis"
	DefaultCleanupInterval = time.Minute

	DefaultCacheMaxBytes           int64 = 64 << 20
	DefaultCacheMaxEntries               = 100_000
	DefaultCacheRefreshPercent           = 80
	DefaultCacheRefreshConcurrency       = 4
	DefaultCacheLoadTimeout              = 10 * time.Second
	DefaultCacheMemoMaxBytes       int64 = 32 << 20
	DefaultCacheDiskMaxBytes       int64 = 256 << 20
	DefaultCacheDiskMaxAge               = 24 * time.Hour

	// Redis, shared by replicas: tight timeouts, since a slow Redis must
	// cost a request less than the upstream call it saves.
	DefaultRedisKeyPrefix           = "civgraph:"
	DefaultRedisDialTimeout         = 250 * time.Millisecond
	DefaultRedisTimeout             = 100 * time.Millisecond
	DefaultRedisRetryInterval       = time.Second
	DefaultRedisLockTTL             = 5 * time.Second
	DefaultRedisMaxValueBytes int64 = 8 << 20
	DefaultRedisAPQTTL              = 24 * time.Hour

	DefaultSourceTimeout      = 3 * time.Second // per attempt
	DefaultSourceRetryMax     = 6
	DefaultSourceRetryWaitMin = 100 * time.Millisecond
	DefaultSourceRetryWaitMax = time.Second
	DefaultSourceCacheTTL     = 5 * time.Minute
	DefaultSourceStaleGrace   = time.Hour

	// Keep-alive pool of each province's upstream: enough idle
	// connections for a burst of concurrent page fetches to reuse rather
	// than dial, none capped by default (max_conns 0).
	DefaultSourceIdleConns       = 64
	DefaultSourceMaxConns        = 0
	DefaultSourceIdleConnTimeout = 90 * time.Second

	DefaultSourceNegativeTTL         = 30 * time.Second
	DefaultSourceCacheMaxBytes int64 = 0 // no own budget: the province shares cache.max_bytes

	DefaultSourceBreakerFailures       = 10 // see guard.DefaultConsecutiveFailures
	DefaultSourceBreakerFailurePercent = 80
	DefaultSourceBreakerMinRequests    = 20
	DefaultSourceBreakerWindow         = time.Minute
	DefaultSourceBreakerOpenTimeout    = 30 * time.Second
	DefaultSourceBreakerProbes         = 1
	DefaultSourceRetryAfterMax         = 10 * time.Minute
	DefaultSourceQuotaRequests         = 0 // no quota
	DefaultSourceQuotaPeriod           = time.Second
	DefaultSourceQuotaBurst            = 0 // quota_requests

	// A million Jiangsu sites make a bulk file of about 215 MB, parsed as
	// it streams; downloading and indexing it takes seconds.
	DefaultJiangsuBulkMaxBytes int64 = 512 << 20
	DefaultJiangsuBulkTimeout        = 2 * time.Minute
)

// Defaults of the limits that keep one client or one query from taking the
// gateway or a province's quota down. Realistic queries stay far inside
// them (the playground's examples cost at most a few hundred).
const (
	DefaultMaxDepth            = 15
	DefaultMaxComplexity       = 20000
	DefaultMaxAliases          = 30
	DefaultMaxOperations       = 10
	DefaultMaxUpstreamCalls    = 120
	DefaultMaxTokens           = 5000
	DefaultMaxResponseBytes    = 4 << 20
	DefaultMaxConcurrent       = 64
	DefaultRatePerSecond       = 20
	DefaultRateBurst           = 100
	DefaultRateClients         = 10000
	DefaultRateClientIdleAfter = 10 * time.Minute
)

// Config is the whole gateway configuration. The yaml tags give both the
// file keys and, upper-cased and prefixed with CIVGRAPH_, the environment
// variables; the doc tags feed Describe.
type Config struct {
	Listen     string           `yaml:"listen" doc:"address the HTTP server listens on (host:port; port 0 picks a free one)"`
	Log        LogConfig        `yaml:"log"`
	HTTP       HTTPConfig       `yaml:"http"`
	GraphQL    GraphQLConfig    `yaml:"graphql"`
	Playground PlaygroundConfig `yaml:"playground"`
	CORS       CORSConfig       `yaml:"cors"`
	Cache      CacheConfig      `yaml:"cache"`
	Redis      RedisConfig      `yaml:"redis"`
	Sources    Sources          `yaml:"sources"`
	Auth       AuthConfig       `yaml:"auth"`
	Limits     LimitsConfig     `yaml:"limits"`
	Metrics    MetricsConfig    `yaml:"metrics"`
	Runtime    RuntimeConfig    `yaml:"runtime"`

	ResponseCache ResponseCacheConfig `yaml:"response_cache"`
	Debug         DebugConfig         `yaml:"debug"`
}

// LimitsConfig bounds what one query and one client may cost. Queries over
// a limit are refused before they run, with a coded error.
type LimitsConfig struct {
	MaxDepth            int           `yaml:"max_depth" doc:"deepest field nesting a query may have (QUERY_TOO_DEEP)"`
	MaxComplexity       int           `yaml:"max_complexity" doc:"largest query cost: one per field instance, a connection's fields counted first times, other lists by their assumed length (QUERY_TOO_COMPLEX)"`
	MaxAliases          int           `yaml:"max_aliases" doc:"aliased fields allowed in one document (TOO_MANY_ALIASES)"`
	MaxOperations       int           `yaml:"max_operations" doc:"operations allowed in one document (TOO_MANY_OPERATIONS)"`
	MaxUpstreamCalls    int           `yaml:"max_upstream_calls" doc:"upstream calls one query may cause to any one province, estimated before it runs (TOO_MANY_UPSTREAM_CALLS)"`
	MaxTokens           int           `yaml:"max_tokens" doc:"lexical tokens the parser reads before giving up on a document (GRAPHQL_PARSE_FAILED)"`
	MaxResponseBytes    int64         `yaml:"max_response_bytes" doc:"largest response in bytes; building stops once it is passed (RESPONSE_TOO_LARGE)"`
	MaxConcurrent       int           `yaml:"max_concurrent" doc:"GraphQL requests executed at once; beyond it 503 with Retry-After (OVERLOADED)"`
	RatePerSecond       int           `yaml:"rate_per_second" doc:"GraphQL requests per second one client may sustain (a client: the authenticated caller, at its own rate when its key or auth.jwt.rate_limit sets one, else the address, an IPv6 one by its /64); beyond it 429 with Retry-After (RATE_LIMITED)"`
	RateBurst           int           `yaml:"rate_burst" doc:"requests one client may send at once above its rate"`
	RateClients         int           `yaml:"rate_clients" doc:"clients whose rate is tracked at once; the least recently seen is forgotten first"`
	RateClientIdleAfter time.Duration `yaml:"rate_client_idle_after" doc:"how long an idle client's rate state is kept"`
}

// LogConfig chooses the log output.
type LogConfig struct {
	Level  string `yaml:"level" doc:"minimum log level: debug, info, warn or error"`
	Format string `yaml:"format" doc:"log format: text or json"`
	// FlushInterval trades write system calls for what a crash may lose.
	FlushInterval time.Duration `yaml:"flush_interval" doc:"longest a log line waits in the log buffer before it is written (with every other line waiting: one write for many); errors, a full buffer (64 KiB) and shutdown write at once; a process killed without shutting down (SIGKILL, a crash) loses at most this much (0: every line is written as it comes)"`
}

// HTTPConfig holds the HTTP server's timeouts.
type HTTPConfig struct {
	ReadHeaderTimeout time.Duration `yaml:"read_header_timeout" doc:"time allowed to read request headers"`
	ReadTimeout       time.Duration `yaml:"read_timeout" doc:"time allowed to read a whole request"`
	WriteTimeout      time.Duration `yaml:"write_timeout" doc:"time allowed to write a response; must exceed graphql.timeout"`
	IdleTimeout       time.Duration `yaml:"idle_timeout" doc:"how long an idle keep-alive connection stays open"`
	ShutdownTimeout   time.Duration `yaml:"shutdown_timeout" doc:"how long a graceful shutdown waits for requests in flight"`
}

// GraphQLConfig limits GraphQL requests.
type GraphQLConfig struct {
	Timeout        time.Duration `yaml:"timeout" doc:"deadline of one GraphQL request, shared by all upstream calls it makes"`
	SourceDeadline time.Duration `yaml:"source_deadline" doc:"longest one province may take within a request (at most graphql.timeout); a slower one is reported as SOURCE_TIMEOUT while the others answer (its fetch goes on in the background and fills the cache)"`
	MaxBodyBytes   int64         `yaml:"max_body_bytes" doc:"largest accepted request body in bytes"`
	QueryCacheSize int           `yaml:"query_cache_size" doc:"parsed queries kept in the LRU query cache"`
	BatchWait      time.Duration `yaml:"batch_wait" doc:"how long the nested fields of a list (task origins, a meeting's tasks, node lookups) gather their keys before one batched upstream call per province (at most 1s); longer batches more under load, shorter answers sooner"`
	// CursorSecret signs pagination cursors; replicas must share it. Load
	// fills an empty one with a random key for this process, unless
	// redis.url is set: then the replicas agree on one stored in Redis.
	CursorSecret     Secret `yaml:"cursor_secret" doc:"key that signs pagination cursors; replicas must share it (empty: with redis.url, a random key stored in Redis by the first replica and used by all; without, a random key per process, so cursors do not survive a restart)"`
	CursorSecretFile string `yaml:"cursor_secret_file" doc:"file holding cursor_secret"`
	Introspection    bool   `yaml:"introspection" doc:"answer introspection queries (__schema, __type); turn off in production to hide the schema (the playground needs it)"`
	// Trusted documents: operations built into a front end, listed in a
	// manifest, are the only ones a locked-down deployment runs.
	TrustedDocumentsFile string        `yaml:"trusted_documents_file" doc:"JSON manifest of trusted operations: {hash: document} (graphql-codegen persistedDocuments) or {format, version, operations: [{id, body, name, type}]} (Apollo persisted query manifest); requests name one by documentId or extensions.persistedQuery.sha256Hash"`
	TrustedDocumentsOnly bool          `yaml:"trusted_documents_only" doc:"run only operations from graphql.trusted_documents_file; any other is refused with OPERATION_NOT_TRUSTED or PERSISTED_QUERY_NOT_FOUND, and automatic persisted queries no longer register new ones"`
	HTTPCacheMaxAge      time.Duration `yaml:"http_cache_max_age" doc:"longest Cache-Control max-age of a persisted GET answer; the actual one is the least remaining freshness (sources.*.cache_ttl) of the data it used (0: no caching headers)"`
	// Subgraph swaps /graphql's schema for the Apollo Federation v2
	// subgraph schema: the same types and fields, plus _service and
	// _entities, which the regular schema does not have at all.
	Subgraph bool `yaml:"subgraph" doc:"serve /graphql as an Apollo Federation v2 subgraph: the same schema with @key on Province, Region, ServiceSite, Meeting, Task and PolicyDocument (by id), plus _service and _entities for a router (off: those fields do not exist); needs graphql.introspection, and not graphql.trusted_documents_only, since a router sends its own operations"`
}

// PlaygroundConfig controls the GraphiQL page served at /.
type PlaygroundConfig struct {
	Enabled   bool   `yaml:"enabled" doc:"serve the GraphiQL playground at /"`
	AssetsDir string `yaml:"assets_dir" doc:"directory holding the playground's npm packages (make web installs them)"`
	// MapTileURL is empty by default: the site map then draws no tiles and
	// needs no network beyond the gateway.
	MapTileURL string `yaml:"map_tile_url" doc:"XYZ raster tile URL template for the site map at /map, http(s) with {z}, {x} and {y} (e.g. a tile server on the local network); empty: no tiles, the map draws the regions' seats only"`
}

// CORSConfig controls cross-origin access to /graphql.
type CORSConfig struct {
	AllowedOrigins []string `yaml:"allowed_origins" doc:"origins allowed to call /graphql (comma-separated in the environment); * allows all, never with credentials"`
	// AllowCredentials answers Access-Control-Allow-Credentials: true, so
	// that pages may send cookies; it requires listed origins, never *.
	AllowCredentials bool `yaml:"allow_credentials" doc:"let allowed origins send credentials (cookies, HTTP auth, client certificates) with credentials: 'include'; needs explicit allowed_origins, never *"`
}

// CacheConfig chooses the upstream response cache.
type CacheConfig struct {
	Backend         string        `yaml:"backend" doc:"cache store: memory (this process only) or redis (shared by every replica using redis.url; the in-memory cache keeps a copy and answers while Redis cannot be reached)"`
	CleanupInterval time.Duration `yaml:"cleanup_interval" doc:"how often expired cache entries are purged"`

	MaxBytes           int64         `yaml:"max_bytes" doc:"bound of the in-memory cache in bytes (keys, values and a fixed per-entry overhead); least recently used entries are evicted past it"`
	MaxEntries         int           `yaml:"max_entries" doc:"bound of the in-memory cache in entries"`
	RefreshPercent     int           `yaml:"refresh_percent" doc:"age, in percent of a source's cache_ttl, from which a cached answer that is read is refreshed in the background while callers keep getting it (100: never)"`
	RefreshConcurrency int           `yaml:"refresh_concurrency" doc:"background cache refreshes running at once at most; more are skipped until one ends"`
	LoadTimeout        time.Duration `yaml:"load_timeout" doc:"deadline of an upstream load that outlives the request that started it (background refreshes, coalesced loads)"`
	MemoMaxBytes       int64         `yaml:"memo_max_bytes" doc:"bound, in estimated bytes, of the decoded pages kept beside the cache"`
	DiskPath           string        `yaml:"disk_path" doc:"bbolt file keeping the last good answer of every cached request, read back after a restart (empty: none)"`
	DiskMaxBytes       int64         `yaml:"disk_max_bytes" doc:"bound of the cache file's entries in bytes; the oldest writes go first"`
	DiskMaxAge         time.Duration `yaml:"disk_max_age" doc:"oldest answer the cache file may serve"`
	// AdminToken protects POST /admin/cache/purge; without one the
	// endpoint does not exist.
	AdminToken     Secret `yaml:"admin_token" doc:"bearer token of the admin endpoint POST /admin/cache/purge?province=P (empty: the endpoint is off)"`
	AdminTokenFile string `yaml:"admin_token_file" doc:"file holding admin_token"`
}

// RedisConfig connects replicas to the Redis they share. With a URL set,
// the automatic persisted queries, the per-client rate limits and (when
// graphql.cursor_secret is empty) the cursor signing key are shared
// through it; cache.backend redis shares the upstream cache as well. While
// Redis cannot be reached each replica uses its in-process state.
type RedisConfig struct {
	URL           string        `yaml:"url" doc:"Redis shared by the replicas: redis://host:port/db (rediss:// for TLS; the password goes in redis.password); empty: no Redis, every replica on its own"`
	Password      Secret        `yaml:"password" doc:"password of the Redis user (AUTH)"`
	PasswordFile  string        `yaml:"password_file" doc:"file holding password"`
	KeyPrefix     string        `yaml:"key_prefix" doc:"prefix of every key civgraph writes, so deployments can share one Redis"`
	DialTimeout   time.Duration `yaml:"dial_timeout" doc:"time allowed to connect to Redis"`
	Timeout       time.Duration `yaml:"timeout" doc:"time allowed for one Redis command; a slower Redis counts as unreachable"`
	RetryInterval time.Duration `yaml:"retry_interval" doc:"how long after Redis failed (3 commands in a row) replicas use only their in-process state before trying it again"`
	LockTTL       time.Duration `yaml:"lock_ttl" doc:"life of the lock a replica takes in Redis while it loads a cold page, so that the others wait for its answer instead of calling the upstream; a replica that dies holding it delays the others at most this long"`
	MaxValueBytes int64         `yaml:"max_value_bytes" doc:"largest upstream answer kept in Redis; larger ones stay in the replica's memory only"`
	APQTTL        time.Duration `yaml:"apq_ttl" doc:"how long an automatic persisted query registered by a client is kept in Redis"`
}

// AuthConfig controls who may call /graphql. With nothing set, every
// caller is anonymous and sees every province.
type AuthConfig struct {
	Required    bool      `yaml:"required" doc:"refuse /graphql requests without valid credentials (UNAUTHENTICATED, HTTP 401); needs auth.api_keys_file or auth.jwt"`
	APIKeysFile string    `yaml:"api_keys_file" doc:"YAML file listing API keys sent in the X-API-Key header: name, sha256 (hex SHA-256 of the key; civgraph hash-key prints it), rate_limit (requests per second, 0: the default) and provinces (empty: all)"`
	JWT         JWTConfig `yaml:"jwt"`
}

// JWTConfig accepts bearer tokens signed with HS256 (a shared secret) or
// RS256 (public keys from a JWKS file).
type JWTConfig struct {
	HS256Secret     Secret        `yaml:"hs256_secret" doc:"shared secret of HS256 tokens (at least 32 bytes; empty: HS256 not accepted)"`
	HS256SecretFile string        `yaml:"hs256_secret_file" doc:"file holding hs256_secret"`
	JWKSFile        string        `yaml:"jwks_file" doc:"JWKS file (RFC 7517) with the public keys of RS256 tokens, chosen by kid (empty: RS256 not accepted)"`
	Audience        string        `yaml:"audience" doc:"aud claim every token must carry; required when JWT is enabled"`
	Issuer          string        `yaml:"issuer" doc:"iss claim every token must carry (empty: not checked)"`
	Leeway          time.Duration `yaml:"leeway" doc:"clock skew allowed when checking exp and nbf"`
	RateLimit       int           `yaml:"rate_limit" doc:"requests per second for each token subject (0: the default limit); the token's provinces claim lists the provinces it may see (absent: all)"`
}

// Enabled reports whether some kind of token is accepted.
func (j JWTConfig) Enabled() bool { return j.HS256Secret != "" || j.JWKSFile != "" }

// Enabled reports whether any credentials are accepted.
func (a AuthConfig) Enabled() bool { return a.APIKeysFile != "" || a.JWT.Enabled() }

// Sources holds one block per province upstream.
type Sources struct {
	Hebei    HebeiSource    `yaml:"hebei"`
	Hubei    HubeiSource    `yaml:"hubei"`
	Jiangsu  JiangsuSource  `yaml:"jiangsu"`
	Shanghai ShanghaiSource `yaml:"shanghai"`
}

// SourceConfig is what every province upstream has in common.
type SourceConfig struct {
	BaseURL      string        `yaml:"base_url" doc:"upstream API base URL; empty: civgraph serve starts the embedded sample upstream, with its demo credentials"`
	Timeout      time.Duration `yaml:"timeout" doc:"timeout of one upstream attempt"`
	RetryMax     int           `yaml:"retry_max" doc:"retries after a failed attempt (0: none)"`
	RetryWaitMin time.Duration `yaml:"retry_wait_min" doc:"shortest backoff between attempts"`
	RetryWaitMax time.Duration `yaml:"retry_wait_max" doc:"longest backoff between attempts"`
	CacheTTL     time.Duration `yaml:"cache_ttl" doc:"how long an upstream answer is fresh (0: not cached)"`
	StaleGrace   time.Duration `yaml:"stale_grace" doc:"how long past cache_ttl an answer may be served, flagged stale, when the upstream fails"`

	CacheNegativeTTL time.Duration `yaml:"cache_negative_ttl" doc:"how long a not-found answer is cached (0: not cached)"`
	CacheMaxBytes    int64         `yaml:"cache_max_bytes" doc:"this province's own bound within cache.max_bytes (0: it shares cache.max_bytes with the others)"`

	BreakerFailures       int           `yaml:"breaker_failures" doc:"consecutive failing attempts (5xx, 429, network error, attempt timeout) that open the province's circuit breaker"`
	BreakerFailurePercent int           `yaml:"breaker_failure_percent" doc:"share of failing attempts in breaker_window (1-100) that also opens it, once breaker_min_requests were made"`
	BreakerMinRequests    int           `yaml:"breaker_min_requests" doc:"attempts in breaker_window before breaker_failure_percent is judged"`
	BreakerWindow         time.Duration `yaml:"breaker_window" doc:"period over which the closed breaker counts attempts"`
	BreakerOpenTimeout    time.Duration `yaml:"breaker_open_timeout" doc:"how long the open breaker fails fast (stale data or SOURCE_CIRCUIT_OPEN, no upstream call) before probing"`
	BreakerProbes         int           `yaml:"breaker_probes" doc:"probe attempts let through half-open; as many successes close the breaker, one failure reopens it"`
	RetryAfterMax         time.Duration `yaml:"retry_after_max" doc:"longest Retry-After honoured; the province is not called until it has passed (a longer one is cut to this)"`
	QuotaRequests         int           `yaml:"quota_requests" doc:"attempts the gateway allows itself per quota_period, as the province publishes (0: no quota)"`
	QuotaPeriod           time.Duration `yaml:"quota_period" doc:"period of quota_requests"`
	QuotaBurst            int           `yaml:"quota_burst" doc:"attempts allowed at once within the quota (0: quota_requests)"`

	IdleConns       int           `yaml:"idle_conns" doc:"keep-alive connections to the upstream kept open while idle, for the next requests to reuse instead of dialling (0: none, every request dials)"`
	MaxConns        int           `yaml:"max_conns" doc:"most connections open to the upstream at once, busy or idle; a request beyond waits for one to free (0: no limit)"`
	IdleConnTimeout time.Duration `yaml:"idle_conn_timeout" doc:"how long an idle keep-alive connection is kept before it is closed"`
}

// HebeiSource is Hebei's data middle-platform: an appKey header.
type HebeiSource struct {
	SourceConfig `yaml:",inline"`
	AppKey       Secret `yaml:"app_key" doc:"appKey header value"`
	AppKeyFile   string `yaml:"app_key_file" doc:"file holding app_key"`
}

// HubeiSource is Hubei's government service gateway: a paas id and a token
// used to sign every request.
type HubeiSource struct {
	SourceConfig `yaml:",inline"`
	PaasID       Secret `yaml:"paas_id" doc:"x-tif-paasid header value"`
	PaasIDFile   string `yaml:"paas_id_file" doc:"file holding paas_id"`
	Token        Secret `yaml:"token" doc:"token that signs requests (x-tif-signature)"`
	TokenFile    string `yaml:"token_file" doc:"file holding token"`
}

// JiangsuSource is Jiangsu's open-data portal: a bearer token.
type JiangsuSource struct {
	SourceConfig    `yaml:",inline"`
	BearerToken     Secret        `yaml:"bearer_token" doc:"Authorization: Bearer token"`
	BearerTokenFile string        `yaml:"bearer_token_file" doc:"file holding bearer_token"`
	BulkMaxBytes    int64         `yaml:"bulk_max_bytes" doc:"largest bulk service-site file accepted, in bytes (it is parsed as it streams, never held whole); a larger one is SOURCE_BAD_RESPONSE, not retried"`
	BulkTimeout     time.Duration `yaml:"bulk_timeout" doc:"time allowed to download and index the bulk service-site file once; callers meanwhile get the previous snapshot, flagged stale, within stale_grace"`
}

// ShanghaiSource is Shanghai's public data platform: a token header.
type ShanghaiSource struct {
	SourceConfig `yaml:",inline"`
	Token        Secret `yaml:"token" doc:"token header value"`
	TokenFile    string `yaml:"token_file" doc:"file holding token"`
}

// NeedsEmbedded reports whether some province has no base URL and so is
// served by the embedded sample upstreams.
func (s Sources) NeedsEmbedded() bool {
	for _, c := range s.ByProvince() {
		if c.BaseURL == "" {
			return true
		}
	}
	return false
}

// ByProvince returns the settings every source shares, keyed by province.
func (s Sources) ByProvince() map[civ.ProvinceCode]SourceConfig {
	return map[civ.ProvinceCode]SourceConfig{
		civ.Hebei:    s.Hebei.SourceConfig,
		civ.Hubei:    s.Hubei.SourceConfig,
		civ.Jiangsu:  s.Jiangsu.SourceConfig,
		civ.Shanghai: s.Shanghai.SourceConfig,
	}
}

func defaultSource() SourceConfig {
	return SourceConfig{
		Timeout:      DefaultSourceTimeout,
		RetryMax:     DefaultSourceRetryMax,
		RetryWaitMin: DefaultSourceRetryWaitMin,
		RetryWaitMax: DefaultSourceRetryWaitMax,
		CacheTTL:     DefaultSourceCacheTTL,
		StaleGrace:   DefaultSourceStaleGrace,

		CacheNegativeTTL: DefaultSourceNegativeTTL,
		CacheMaxBytes:    DefaultSourceCacheMaxBytes,

		BreakerFailures:       DefaultSourceBreakerFailures,
		BreakerFailurePercent: DefaultSourceBreakerFailurePercent,
		BreakerMinRequests:    DefaultSourceBreakerMinRequests,
		BreakerWindow:         DefaultSourceBreakerWindow,
		BreakerOpenTimeout:    DefaultSourceBreakerOpenTimeout,
		BreakerProbes:         DefaultSourceBreakerProbes,
		RetryAfterMax:         DefaultSourceRetryAfterMax,
		QuotaRequests:         DefaultSourceQuotaRequests,
		QuotaPeriod:           DefaultSourceQuotaPeriod,
		QuotaBurst:            DefaultSourceQuotaBurst,

		IdleConns:       DefaultSourceIdleConns,
		MaxConns:        DefaultSourceMaxConns,
		IdleConnTimeout: DefaultSourceIdleConnTimeout,
	}
}

// Default returns the configuration used when nothing is set: every
// province served by the embedded sample upstreams, no credentials needed.
func Default() Config {
	return Config{
		Listen: DefaultListen,
		Log:    LogConfig{Level: DefaultLogLevel, Format: DefaultLogFormat, FlushInterval: DefaultLogFlushInterval},
		HTTP: HTTPConfig{
			ReadHeaderTimeout: DefaultReadHeaderTimeout,
			ReadTimeout:       DefaultReadTimeout,
			WriteTimeout:      DefaultWriteTimeout,
			IdleTimeout:       DefaultIdleTimeout,
			ShutdownTimeout:   DefaultShutdownTimeout,
		},
		GraphQL: GraphQLConfig{
			Timeout:         DefaultGraphQLTimeout,
			SourceDeadline:  DefaultSourceDeadline,
			MaxBodyBytes:    DefaultMaxBodyBytes,
			QueryCacheSize:  DefaultQueryCacheSize,
			Introspection:   DefaultIntrospection,
			Subgraph:        DefaultSubgraph,
			HTTPCacheMaxAge: DefaultHTTPCacheMaxAge,
			BatchWait:       DefaultBatchWait,
		},
		Playground: PlaygroundConfig{Enabled: DefaultPlaygroundEnabled, AssetsDir: DefaultAssetsDir, MapTileURL: DefaultMapTileURL},
		CORS:       CORSConfig{AllowedOrigins: []string{DefaultAllowedOrigin}, AllowCredentials: DefaultAllowCredentials},
		Cache: CacheConfig{Backend: DefaultCacheBackend, CleanupInterval: DefaultCleanupInterval,
			MaxBytes: DefaultCacheMaxBytes, MaxEntries: DefaultCacheMaxEntries, RefreshPercent: DefaultCacheRefreshPercent,
			RefreshConcurrency: DefaultCacheRefreshConcurrency, LoadTimeout: DefaultCacheLoadTimeout,
			MemoMaxBytes: DefaultCacheMemoMaxBytes, DiskMaxBytes: DefaultCacheDiskMaxBytes, DiskMaxAge: DefaultCacheDiskMaxAge},
		Redis: RedisConfig{KeyPrefix: DefaultRedisKeyPrefix, DialTimeout: DefaultRedisDialTimeout, Timeout: DefaultRedisTimeout,
			RetryInterval: DefaultRedisRetryInterval, LockTTL: DefaultRedisLockTTL, MaxValueBytes: DefaultRedisMaxValueBytes,
			APQTTL: DefaultRedisAPQTTL},
		Sources: Sources{
			Hebei:    HebeiSource{SourceConfig: defaultSource()},
			Hubei:    HubeiSource{SourceConfig: defaultSource()},
			Jiangsu:  JiangsuSource{SourceConfig: defaultSource(), BulkMaxBytes: DefaultJiangsuBulkMaxBytes, BulkTimeout: DefaultJiangsuBulkTimeout},
			Shanghai: ShanghaiSource{SourceConfig: defaultSource()},
		},
		Auth: AuthConfig{JWT: JWTConfig{Leeway: DefaultJWTLeeway}},
		ResponseCache: ResponseCacheConfig{MaxBytes: DefaultResponseCacheMaxBytes,
			MaxEntryBytes: DefaultResponseCacheMaxEntryBytes, MaxAge: DefaultResponseCacheMaxAge},
		Debug: DebugConfig{Listen: DefaultDebugListen},
		Limits: LimitsConfig{
			MaxDepth:            DefaultMaxDepth,
			MaxComplexity:       DefaultMaxComplexity,
			MaxAliases:          DefaultMaxAliases,
			MaxOperations:       DefaultMaxOperations,
			MaxUpstreamCalls:    DefaultMaxUpstreamCalls,
			MaxTokens:           DefaultMaxTokens,
			MaxResponseBytes:    DefaultMaxResponseBytes,
			MaxConcurrent:       DefaultMaxConcurrent,
			RatePerSecond:       DefaultRatePerSecond,
			RateBurst:           DefaultRateBurst,
			RateClients:         DefaultRateClients,
			RateClientIdleAfter: DefaultRateClientIdleAfter,
		},
		Metrics: MetricsConfig{MaxOperations: DefaultMetricsMaxOperations},
		Runtime: RuntimeConfig{GCPercent: DefaultGCPercent, MemoryLimit: DefaultMemoryLimit},
	}
}
