package config_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
)

// envMap is a test stand-in for os.LookupEnv.
func envMap(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaults(t *testing.T) {
	c, err := config.Load("", nil)
	if err != nil {
		t.Fatalf("Load with nothing set: %v", err)
	}
	if c.Listen != "127.0.0.1:8080" || c.GraphQL.Timeout != 10*time.Second ||
		!c.Playground.Enabled || c.Playground.AssetsDir != "web/node_modules" ||
		len(c.CORS.AllowedOrigins) != 1 || c.CORS.AllowedOrigins[0] != "*" || c.Cache.Backend != "memory" {
		t.Errorf("unexpected defaults:\n%s", c)
	}
	for p, s := range c.Sources.ByProvince() {
		if s.BaseURL != "" || s.Timeout != config.DefaultSourceTimeout || s.RetryMax != config.DefaultSourceRetryMax {
			t.Errorf("%s defaults = %+v", p, s)
		}
	}
	if len(c.Sources.ByProvince()) != len(civ.AllProvinces) {
		t.Errorf("ByProvince has %d provinces, want %d", len(c.Sources.ByProvince()), len(civ.AllProvinces))
	}
	if !c.Sources.NeedsEmbedded() {
		t.Error("NeedsEmbedded() = false with no base URLs")
	}
	other, _ := config.Load("", nil)
	if len(c.GraphQL.CursorSecret) < 32 || c.GraphQL.CursorSecret == other.GraphQL.CursorSecret {
		t.Error("an unset cursor secret must be filled with a fresh random key")
	}
	if err := config.Default().Validate(); err != nil {
		t.Errorf("Default().Validate() = %v", err)
	}
}

func TestFileThenEnv(t *testing.T) {
	file := writeFile(t, "civgraph.yaml", `
listen: 0.0.0.0:9000
graphql:
  timeout: 5s
  max_body_bytes: 2048
cors:
  allowed_origins: [https://a.example, https://b.example]
sources:
  hubei:
    retry_max: 4
    retry_wait_min: 50ms
`)
	tests := []struct {
		name  string
		env   map[string]string
		check func(config.Config) error
	}{
		{"file over defaults", nil, func(c config.Config) error {
			if c.Listen != "0.0.0.0:9000" || c.GraphQL.Timeout != 5*time.Second || c.GraphQL.MaxBodyBytes != 2048 ||
				c.Sources.Hubei.RetryMax != 4 || c.Sources.Hubei.RetryWaitMin != 50*time.Millisecond {
				return fmt.Errorf("file values not applied")
			}
			if c.GraphQL.QueryCacheSize != config.DefaultQueryCacheSize || c.Sources.Hubei.Timeout != config.DefaultSourceTimeout {
				return fmt.Errorf("defaults lost for keys absent from the file")
			}
			if strings.Join(c.CORS.AllowedOrigins, " ") != "https://a.example https://b.example" {
				return fmt.Errorf("origins = %q", c.CORS.AllowedOrigins)
			}
			return nil
		}},
		{"env over file", map[string]string{
			"CIVGRAPH_LISTEN":                  "127.0.0.1:0",
			"CIVGRAPH_GRAPHQL_TIMEOUT":         "750ms",
			"CIVGRAPH_SOURCES_HUBEI_RETRY_MAX": "0",
			"CIVGRAPH_CORS_ALLOWED_ORIGINS":    " https://c.example ,",
			"CIVGRAPH_PLAYGROUND_ENABLED":      "false",
		}, func(c config.Config) error {
			if c.Listen != "127.0.0.1:0" || c.GraphQL.Timeout != 750*time.Millisecond || c.Sources.Hubei.RetryMax != 0 ||
				c.Playground.Enabled || strings.Join(c.CORS.AllowedOrigins, " ") != "https://c.example" {
				return fmt.Errorf("env values not applied")
			}
			if c.GraphQL.MaxBodyBytes != 2048 {
				return fmt.Errorf("file value lost under unrelated env")
			}
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := config.Load(file, envMap(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			if err := tt.check(c); err != nil {
				t.Errorf("%v:\n%s", err, c)
			}
		})
	}
}

func TestBaseURLPerProvince(t *testing.T) {
	for _, p := range civ.AllProvinces {
		t.Run(string(p), func(t *testing.T) {
			url := "http://127.0.0.1:9090/" + strings.ToLower(string(p))
			c, err := config.Load("", envMap(map[string]string{"CIVGRAPH_SOURCES_" + string(p) + "_BASE_URL": url}))
			if err != nil {
				t.Fatal(err)
			}
			if !c.Sources.NeedsEmbedded() {
				t.Error("NeedsEmbedded() = false with three provinces unset")
			}
			for q, s := range c.Sources.ByProvince() {
				want := ""
				if q == p {
					want = url
				}
				if s.BaseURL != want {
					t.Errorf("%s base URL = %q, want %q", q, s.BaseURL, want)
				}
			}
		})
	}
}

func TestCredentials(t *testing.T) {
	keyFile := writeFile(t, "hebei.key", "  hebei-secret-key\n")
	yamlFile := writeFile(t, "c.yaml", "sources:\n  hebei:\n    app_key_file: "+keyFile+"\n")
	tests := []struct {
		name string
		file string
		env  map[string]string
		want func(config.Config) bool
	}{
		{"hebei from file named in yaml", yamlFile, nil, func(c config.Config) bool {
			return c.Sources.Hebei.AppKey == "hebei-secret-key"
		}},
		{"hebei from file named in env", "", map[string]string{"CIVGRAPH_SOURCES_HEBEI_APP_KEY_FILE": keyFile}, func(c config.Config) bool {
			return c.Sources.Hebei.AppKey == "hebei-secret-key"
		}},
		{"cursor secret from env", "", map[string]string{"CIVGRAPH_GRAPHQL_CURSOR_SECRET": "shared"}, func(c config.Config) bool {
			return c.GraphQL.CursorSecret == "shared"
		}},
		{"all from env", "", map[string]string{
			"CIVGRAPH_SOURCES_HEBEI_APP_KEY":        "k1",
			"CIVGRAPH_SOURCES_HUBEI_PAAS_ID":        "paas",
			"CIVGRAPH_SOURCES_HUBEI_TOKEN":          "t2",
			"CIVGRAPH_SOURCES_JIANGSU_BEARER_TOKEN": "b3",
			"CIVGRAPH_SOURCES_SHANGHAI_TOKEN":       "t4",
		}, func(c config.Config) bool {
			s := c.Sources
			return s.Hebei.AppKey == "k1" && s.Hubei.PaasID == "paas" && s.Hubei.Token == "t2" &&
				s.Jiangsu.BearerToken == "b3" && s.Shanghai.Token == "t4"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := config.Load(tt.file, envMap(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			if !tt.want(c) {
				t.Errorf("credentials not loaded: %#v", c.Sources)
			}
		})
	}
}

func TestRedaction(t *testing.T) {
	secrets := map[string]string{
		"CIVGRAPH_SOURCES_HEBEI_APP_KEY":        "s3cr3t-hebei",
		"CIVGRAPH_SOURCES_HUBEI_PAAS_ID":        "s3cr3t-paas",
		"CIVGRAPH_SOURCES_HUBEI_TOKEN":          "s3cr3t-hubei",
		"CIVGRAPH_SOURCES_JIANGSU_BEARER_TOKEN": "s3cr3t-jiangsu",
		"CIVGRAPH_SOURCES_SHANGHAI_TOKEN":       "s3cr3t-shanghai",
	}
	c, err := config.Load("", envMap(secrets))
	if err != nil {
		t.Fatal(err)
	}
	var text, js bytes.Buffer
	slog.New(slog.NewTextHandler(&text, nil)).Info("config", "config", c)
	slog.New(slog.NewJSONHandler(&js, nil)).Info("config", "config", c, "sources", c.Sources)
	outputs := map[string]string{
		"String": c.String(), "%v": fmt.Sprintf("%v", c), "%+v": fmt.Sprintf("%+v", c), "%#v": fmt.Sprintf("%#v", c),
		"slog text": text.String(), "slog json": js.String(),
	}
	for name, out := range outputs {
		t.Run(name, func(t *testing.T) {
			if strings.Contains(out, "s3cr3t") {
				t.Errorf("credential leaked:\n%s", out)
			}
			if !strings.Contains(out, "[redacted]") {
				t.Errorf("no sign that a credential is set:\n%s", out)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	keyFile := writeFile(t, "k", "key")
	emptyFile := writeFile(t, "empty", " \n")
	tests := []struct {
		name string
		yaml string // written to a file when not empty
		env  map[string]string
		want []string // substrings of the error
	}{
		{"unknown top-level key", "listne: :80\n", nil, []string{"listne"}},
		{"unknown nested key", "sources:\n  hebei:\n    base_ulr: http://x\n", nil, []string{"base_ulr"}},
		{"credential value in yaml", "sources:\n  shanghai:\n    token: abc\n", nil, []string{"sources.shanghai.token", "_file"}},
		{"bad yaml duration", "graphql:\n  timeout: soon\n", nil, []string{"soon"}},
		{"bad env duration", "", map[string]string{"CIVGRAPH_GRAPHQL_TIMEOUT": "10"}, []string{"CIVGRAPH_GRAPHQL_TIMEOUT", "duration"}},
		{"bad env int", "", map[string]string{"CIVGRAPH_SOURCES_HUBEI_RETRY_MAX": "three"}, []string{"CIVGRAPH_SOURCES_HUBEI_RETRY_MAX"}},
		{"bad env bool", "", map[string]string{"CIVGRAPH_PLAYGROUND_ENABLED": "yes please"}, []string{"CIVGRAPH_PLAYGROUND_ENABLED"}},
		{"missing credential file", "", map[string]string{"CIVGRAPH_SOURCES_JIANGSU_BEARER_TOKEN_FILE": "/nonexistent/token"}, []string{"sources.jiangsu.bearer_token_file"}},
		{"empty credential file", "", map[string]string{"CIVGRAPH_SOURCES_SHANGHAI_TOKEN_FILE": emptyFile}, []string{"sources.shanghai.token_file", "empty"}},
		{"credential from env and file", "", map[string]string{
			"CIVGRAPH_SOURCES_HEBEI_APP_KEY": "x", "CIVGRAPH_SOURCES_HEBEI_APP_KEY_FILE": keyFile,
		}, []string{"CIVGRAPH_SOURCES_HEBEI_APP_KEY", "sources.hebei.app_key_file"}},
		{"validation names key", "", map[string]string{"CIVGRAPH_SOURCES_JIANGSU_TIMEOUT": "0s"}, []string{"sources.jiangsu.timeout"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := ""
			if tt.yaml != "" {
				path = writeFile(t, "c.yaml", tt.yaml)
			}
			_, err := config.Load(path, envMap(tt.env))
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*config.Config)
		key    string
	}{
		{"listen without port", func(c *config.Config) { c.Listen = "localhost" }, "listen:"},
		{"listen bad port", func(c *config.Config) { c.Listen = "127.0.0.1:99999" }, "listen:"},
		{"log level", func(c *config.Config) { c.Log.Level = "loud" }, "log.level"},
		{"log flush interval negative", func(c *config.Config) { c.Log.FlushInterval = -time.Second }, "log.flush_interval"},
		{"log flush interval too long", func(c *config.Config) { c.Log.FlushInterval = time.Minute }, "log.flush_interval"},
		{"write timeout below query deadline", func(c *config.Config) { c.HTTP.WriteTimeout = 5 * time.Second }, "http.write_timeout"},
		{"graphql timeout", func(c *config.Config) { c.GraphQL.Timeout = 0 }, "graphql.timeout"},
		{"max body", func(c *config.Config) { c.GraphQL.MaxBodyBytes = 0 }, "graphql.max_body_bytes"},
		{"query cache", func(c *config.Config) { c.GraphQL.QueryCacheSize = -1 }, "graphql.query_cache_size"},
		{"batch wait zero", func(c *config.Config) { c.GraphQL.BatchWait = 0 }, "graphql.batch_wait"},
		{"batch wait too long", func(c *config.Config) { c.GraphQL.BatchWait = 2 * time.Second }, "graphql.batch_wait"},
		{"subgraph without introspection", func(c *config.Config) { c.GraphQL.Subgraph, c.GraphQL.Introspection = true, false }, "graphql.subgraph"},
		{"subgraph with trusted documents only", func(c *config.Config) {
			c.GraphQL.Subgraph, c.GraphQL.TrustedDocumentsOnly, c.GraphQL.TrustedDocumentsFile = true, true, "manifest.json"
		}, "graphql.subgraph"},
		{"assets dir", func(c *config.Config) { c.Playground.AssetsDir = "" }, "playground.assets_dir"},
		{"tile url placeholders", func(c *config.Config) { c.Playground.MapTileURL = "http://tiles.lan/{z}/{x}.png" }, "playground.map_tile_url"},
		{"tile url scheme", func(c *config.Config) { c.Playground.MapTileURL = "javascript:{z}{x}{y}" }, "playground.map_tile_url"},
		{"tile url credentials", func(c *config.Config) { c.Playground.MapTileURL = "https://u:p@tiles.lan/{z}/{x}/{y}.png" }, "playground.map_tile_url"},
		{"max depth", func(c *config.Config) { c.Limits.MaxDepth = 0 }, "limits.max_depth"},
		{"max complexity", func(c *config.Config) { c.Limits.MaxComplexity = -1 }, "limits.max_complexity"},
		{"max upstream calls", func(c *config.Config) { c.Limits.MaxUpstreamCalls = 0 }, "limits.max_upstream_calls"},
		{"max response bytes", func(c *config.Config) { c.Limits.MaxResponseBytes = 0 }, "limits.max_response_bytes"},
		{"max concurrent", func(c *config.Config) { c.Limits.MaxConcurrent = 0 }, "limits.max_concurrent"},
		{"rate clients", func(c *config.Config) { c.Limits.RateClients = 0 }, "limits.rate_clients"},
		{"no origins", func(c *config.Config) { c.CORS.AllowedOrigins = nil }, "cors.allowed_origins"},
		{"star with others", func(c *config.Config) { c.CORS.AllowedOrigins = []string{"*", "https://a.example"} }, "cors.allowed_origins"},
		{"origin with path", func(c *config.Config) { c.CORS.AllowedOrigins = []string{"https://a.example/app"} }, "cors.allowed_origins"},
		{"cache backend", func(c *config.Config) { c.Cache.Backend = "memcached" }, "cache.backend"},
		{"redis backend without url", func(c *config.Config) { c.Cache.Backend = "redis" }, "cache.backend"},
		{"redis url scheme", func(c *config.Config) { c.Redis.URL = "http://r:6379" }, "redis.url"},
		{"redis url password", func(c *config.Config) { c.Redis.URL = "redis://:pw@r:6379/0" }, "redis.url"},
		{"redis timeout", func(c *config.Config) { c.Redis.Timeout = 0 }, "redis.timeout"},
		{"redis lock ttl", func(c *config.Config) { c.Redis.LockTTL = -time.Second }, "redis.lock_ttl"},
		{"redis max value", func(c *config.Config) { c.Redis.MaxValueBytes = 10 }, "redis.max_value_bytes"},
		{"redis key prefix", func(c *config.Config) { c.Redis.KeyPrefix = strings.Repeat("p", 65) }, "redis.key_prefix"},
		{"base url scheme", func(c *config.Config) { c.Sources.Hebei.BaseURL = "ftp://x" }, "sources.hebei.base_url"},
		{"base url user info", func(c *config.Config) { c.Sources.Shanghai.BaseURL = "https://u:p@x" }, "sources.shanghai.base_url"},
		{"retry max", func(c *config.Config) { c.Sources.Hubei.RetryMax = -1 }, "sources.hubei.retry_max"},
		{"retry waits", func(c *config.Config) { c.Sources.Jiangsu.RetryWaitMax = time.Millisecond }, "sources.jiangsu.retry_wait_max"},
		{"stale grace", func(c *config.Config) { c.Sources.Shanghai.StaleGrace = -time.Second }, "sources.shanghai.stale_grace"},
		{"idle conns", func(c *config.Config) { c.Sources.Hebei.IdleConns = -1 }, "sources.hebei.idle_conns"},
		{"idle conns too many", func(c *config.Config) { c.Sources.Hubei.IdleConns = 5000 }, "sources.hubei.idle_conns"},
		{"idle conns over max conns", func(c *config.Config) { c.Sources.Shanghai.MaxConns = 8 }, "sources.shanghai.idle_conns"},
		{"max conns", func(c *config.Config) { c.Sources.Shanghai.MaxConns = -2 }, "sources.shanghai.max_conns"},
		{"idle conn timeout", func(c *config.Config) { c.Sources.Hebei.IdleConnTimeout = 0 }, "sources.hebei.idle_conn_timeout"},
		{"bulk max bytes", func(c *config.Config) { c.Sources.Jiangsu.BulkMaxBytes = 1000 }, "sources.jiangsu.bulk_max_bytes"},
		{"bulk timeout", func(c *config.Config) { c.Sources.Jiangsu.BulkTimeout = 0 }, "sources.jiangsu.bulk_timeout"},
		{"cache max bytes", func(c *config.Config) { c.Cache.MaxBytes = 1000 }, "cache.max_bytes"},
		{"refresh percent", func(c *config.Config) { c.Cache.RefreshPercent = 0 }, "cache.refresh_percent"},
		{"refresh concurrency", func(c *config.Config) { c.Cache.RefreshConcurrency = 1000 }, "cache.refresh_concurrency"},
		{"short admin token", func(c *config.Config) { c.Cache.AdminToken = "short" }, "cache.admin_token"},
		{"province budget over the total", func(c *config.Config) { c.Sources.Hubei.CacheMaxBytes = 1 << 40 }, "sources.hubei.cache_max_bytes"},
		{"tiny province budget", func(c *config.Config) { c.Sources.Jiangsu.CacheMaxBytes = 100 }, "sources.jiangsu.cache_max_bytes"},
		{"negative ttl", func(c *config.Config) { c.Sources.Hebei.CacheNegativeTTL = -time.Second }, "sources.hebei.cache_negative_ttl"},
		{"breaker failures", func(c *config.Config) { c.Sources.Hebei.BreakerFailures = 0 }, "sources.hebei.breaker_failures"},
		{"breaker percent", func(c *config.Config) { c.Sources.Hubei.BreakerFailurePercent = 101 }, "sources.hubei.breaker_failure_percent"},
		{"breaker open timeout", func(c *config.Config) { c.Sources.Jiangsu.BreakerOpenTimeout = 0 }, "sources.jiangsu.breaker_open_timeout"},
		{"breaker probes", func(c *config.Config) { c.Sources.Shanghai.BreakerProbes = 0 }, "sources.shanghai.breaker_probes"},
		{"retry after max", func(c *config.Config) { c.Sources.Shanghai.RetryAfterMax = 48 * time.Hour }, "sources.shanghai.retry_after_max"},
		{"quota requests", func(c *config.Config) { c.Sources.Hebei.QuotaRequests = -1 }, "sources.hebei.quota_requests"},
		{"quota period", func(c *config.Config) { c.Sources.Hebei.QuotaPeriod = 0 }, "sources.hebei.quota_period"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := config.Default()
			tt.mutate(&c)
			err := c.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.key) {
				t.Errorf("Validate() = %v, want an error naming %s", err, tt.key)
			}
		})
	}
	t.Run("valid origins list", func(t *testing.T) {
		c := config.Default()
		c.CORS.AllowedOrigins = []string{"https://a.example", "http://127.0.0.1:3000"}
		if err := c.Validate(); err != nil {
			t.Error(err)
		}
	})
}

func TestNeedsEmbedded(t *testing.T) {
	env := map[string]string{}
	for _, p := range civ.AllProvinces {
		env["CIVGRAPH_SOURCES_"+string(p)+"_BASE_URL"] = "https://" + strings.ToLower(string(p)) + ".example/api"
	}
	c, err := config.Load("", envMap(env))
	if err != nil {
		t.Fatal(err)
	}
	if c.Sources.NeedsEmbedded() {
		t.Error("NeedsEmbedded() = true with every base URL set")
	}
}

func TestValidatePerfKeys(t *testing.T) {
	for _, c := range []struct {
		name string
		set  func(*config.Config)
		key  string
	}{
		{"negative cache bytes", func(c *config.Config) { c.ResponseCache.MaxBytes = -1 }, "response_cache.max_bytes"},
		{"entry above total", func(c *config.Config) { c.ResponseCache.MaxEntryBytes = c.ResponseCache.MaxBytes + 1 }, "response_cache.max_entry_bytes"},
		{"zero max age", func(c *config.Config) { c.ResponseCache.MaxAge = 0 }, "response_cache.max_age"},
		{"debug listen without port", func(c *config.Config) { c.Debug.Listen = "127.0.0.1" }, "debug.listen"},
		{"zero gc percent", func(c *config.Config) { c.Runtime.GCPercent = 0 }, "runtime.gc_percent"},
		{"gc percent below -1", func(c *config.Config) { c.Runtime.GCPercent = -2 }, "runtime.gc_percent"},
		{"gc off without a memory limit", func(c *config.Config) { c.Runtime.GCPercent, c.Runtime.MemoryLimit = -1, 0 }, "runtime.gc_percent"},
		{"tiny memory limit", func(c *config.Config) { c.Runtime.MemoryLimit = 1 << 20 }, "runtime.memory_limit"},
		{"negative memory limit", func(c *config.Config) { c.Runtime.MemoryLimit = -1 }, "runtime.memory_limit"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := config.Default()
			c.set(&cfg)
			if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), c.key) {
				t.Errorf("Validate = %v, want an error naming %s", err, c.key)
			}
		})
	}
	cfg := config.Default()
	cfg.ResponseCache.MaxBytes = 0 // off
	cfg.Debug.Listen = "127.0.0.1:0"
	if err := cfg.Validate(); err != nil {
		t.Errorf("Validate with the response cache off and a debug listener = %v", err)
	}
	cfg.Runtime = config.RuntimeConfig{GCPercent: -1, MemoryLimit: config.MinMemoryLimit}
	if err := cfg.Validate(); err != nil {
		t.Errorf("Validate with the collector paced by the memory limit alone = %v", err)
	}
	cfg.Runtime = config.RuntimeConfig{GCPercent: 100, MemoryLimit: 0}
	if err := cfg.Validate(); err != nil {
		t.Errorf("Validate without a memory limit = %v", err)
	}
}

// With Redis, an empty cursor secret is left for the replicas to agree on
// there; without, Load makes one for the process.
func TestCursorSecretLeftToRedis(t *testing.T) {
	c, err := config.Load("", envMap(map[string]string{"CIVGRAPH_REDIS_URL": "redis://127.0.0.1:6379/0"}))
	if err != nil || c.GraphQL.CursorSecret != "" {
		t.Fatalf("with redis.url: secret set %v, %v", c.GraphQL.CursorSecret != "", err)
	}
	c, err = config.Load("", envMap(nil))
	if err != nil || c.GraphQL.CursorSecret == "" {
		t.Fatalf("without redis.url: secret set %v, %v", c.GraphQL.CursorSecret != "", err)
	}
}
