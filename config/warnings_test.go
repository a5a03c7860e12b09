package config_test

import (
	"strings"
	"testing"

	"github.com/civgraph/civgraph/config"
)

func TestWarnings(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want []string // substrings, one warning each, in order
	}{
		{"defaults: embedded upstreams need nothing", nil, nil},
		{"base URLs with every credential", map[string]string{
			"CIVGRAPH_SOURCES_HEBEI_BASE_URL": "http://127.0.0.1:9090/hebei", "CIVGRAPH_SOURCES_HEBEI_APP_KEY": "k",
			"CIVGRAPH_SOURCES_HUBEI_BASE_URL": "http://127.0.0.1:9090/hubei", "CIVGRAPH_SOURCES_HUBEI_PAAS_ID": "p", "CIVGRAPH_SOURCES_HUBEI_TOKEN": "t",
			"CIVGRAPH_SOURCES_JIANGSU_BASE_URL": "http://127.0.0.1:9090/jiangsu", "CIVGRAPH_SOURCES_JIANGSU_BEARER_TOKEN": "b",
			"CIVGRAPH_SOURCES_SHANGHAI_BASE_URL": "http://127.0.0.1:9090/shanghai", "CIVGRAPH_SOURCES_SHANGHAI_TOKEN": "s",
		}, nil},
		{"base URLs only", map[string]string{
			"CIVGRAPH_SOURCES_HEBEI_BASE_URL":    "http://127.0.0.1:9090/hebei",
			"CIVGRAPH_SOURCES_HUBEI_BASE_URL":    "http://127.0.0.1:9090/hubei",
			"CIVGRAPH_SOURCES_JIANGSU_BASE_URL":  "http://127.0.0.1:9090/jiangsu",
			"CIVGRAPH_SOURCES_SHANGHAI_BASE_URL": "http://127.0.0.1:9090/shanghai",
		}, []string{
			"sources.hebei.base_url is set but sources.hebei.app_key is not (set CIVGRAPH_SOURCES_HEBEI_APP_KEY or sources.hebei.app_key_file)",
			"sources.shanghai.base_url is set but sources.shanghai.token is not (set CIVGRAPH_SOURCES_SHANGHAI_TOKEN",
			"sources.jiangsu.base_url is set but sources.jiangsu.bearer_token is not (set CIVGRAPH_SOURCES_JIANGSU_BEARER_TOKEN",
			"sources.hubei.base_url is set but sources.hubei.paas_id and sources.hubei.token are not (set CIVGRAPH_SOURCES_HUBEI_PAAS_ID",
		}},
		{"half of Hubei's credentials", map[string]string{
			"CIVGRAPH_SOURCES_HUBEI_BASE_URL": "http://127.0.0.1:9090/hubei", "CIVGRAPH_SOURCES_HUBEI_TOKEN": "t",
		}, []string{"sources.hubei.base_url is set but sources.hubei.paas_id is not"}},
		{"credentials without a base URL", map[string]string{"CIVGRAPH_SOURCES_JIANGSU_BEARER_TOKEN": "b"},
			[]string{"sources.jiangsu.bearer_token is set but sources.jiangsu.base_url is not"}},
		{"redis without the shared cache", map[string]string{"CIVGRAPH_REDIS_URL": "redis://127.0.0.1:6379/0"},
			[]string{"redis.url is set but cache.backend is memory"}},
		{"redis with the shared cache", map[string]string{"CIVGRAPH_REDIS_URL": "redis://127.0.0.1:6379/0", "CIVGRAPH_CACHE_BACKEND": "redis"}, nil},
		{"memory limit below the caches", map[string]string{"CIVGRAPH_CACHE_MAX_BYTES": "1073741824"},
			[]string{"runtime.memory_limit (402653184 bytes) leaves less than"}},
		{"no memory limit beside large caches", map[string]string{"CIVGRAPH_CACHE_MAX_BYTES": "1073741824", "CIVGRAPH_RUNTIME_MEMORY_LIMIT": "0"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := config.Load("", envMap(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			got := cfg.Warnings()
			if len(got) != len(tt.want) {
				t.Fatalf("got %d warnings, want %d:\n%s", len(got), len(tt.want), strings.Join(got, "\n"))
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("warning %d = %q, want it to contain %q", i, got[i], w)
				}
				for _, v := range tt.env {
					if len(v) == 1 && strings.Contains(got[i], "="+v) {
						t.Errorf("warning %d leaks a credential: %q", i, got[i])
					}
				}
			}
		})
	}
}

func TestSetAndEnvName(t *testing.T) {
	cfg := config.Default()
	if err := cfg.Set("sources.hubei.token", "tok"); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Set("graphql.timeout", "3s"); err != nil {
		t.Fatal(err)
	}
	if cfg.Sources.Hubei.Token != "tok" || cfg.GraphQL.Timeout.String() != "3s" {
		t.Errorf("Set did not apply: token %q, timeout %s", string(cfg.Sources.Hubei.Token), cfg.GraphQL.Timeout)
	}
	if err := cfg.Set("graphql.timeuot", "3s"); err == nil || !strings.Contains(err.Error(), "graphql.timeuot") {
		t.Errorf("unknown key: err %v", err)
	}
	if err := cfg.Set("graphql.timeout", "soon"); err == nil {
		t.Error("bad duration accepted")
	}
	if got := config.EnvName("sources.hebei.app_key"); got != "CIVGRAPH_SOURCES_HEBEI_APP_KEY" {
		t.Errorf("EnvName = %q", got)
	}
}

func TestCORSCredentialsNeedListedOrigins(t *testing.T) {
	_, err := config.Load("", envMap(map[string]string{"CIVGRAPH_CORS_ALLOW_CREDENTIALS": "true"}))
	if err == nil || !strings.Contains(err.Error(), "cors.allow_credentials") {
		t.Errorf("credentials with the * origin: err %v, want one naming cors.allow_credentials", err)
	}
	cfg, err := config.Load("", envMap(map[string]string{
		"CIVGRAPH_CORS_ALLOW_CREDENTIALS": "true",
		"CIVGRAPH_CORS_ALLOWED_ORIGINS":   "https://app.example.org, http://127.0.0.1:5173",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.CORS.AllowCredentials || len(cfg.CORS.AllowedOrigins) != 2 {
		t.Errorf("CORS = %+v", cfg.CORS)
	}
}
