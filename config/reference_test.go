package config_test

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/config"
)

var update = flag.Bool("update", false, "rewrite REFERENCE.md from Describe")

// TestReference keeps REFERENCE.md in step with the code; regenerate it
// with go generate ./config.
func TestReference(t *testing.T) {
	want := config.Reference()
	if *update {
		if err := os.WriteFile("REFERENCE.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("REFERENCE.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Error("REFERENCE.md is out of date; run go generate ./config")
	}
}

func TestDescribe(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range config.Describe() {
		if seen[s.Key] {
			t.Errorf("duplicate key %s", s.Key)
		}
		seen[s.Key] = true
		if s.Doc == "" {
			t.Errorf("%s has no doc tag", s.Key)
		}
		if want := "CIVGRAPH_" + strings.ToUpper(strings.ReplaceAll(s.Key, ".", "_")); s.Env != want {
			t.Errorf("%s: env %s, want %s", s.Key, s.Env, want)
		}
		// Every described variable must really be honoured: set it to a bad
		// value and expect Load to complain about exactly it.
		if s.Key == "cors.allowed_origins" || strings.HasSuffix(s.Key, "_file") || s.Secret || strings.HasSuffix(s.Key, "base_url") ||
			s.Key == "listen" || s.Key == "metrics.listen" || s.Key == "debug.listen" || strings.HasPrefix(s.Key, "log.") || strings.HasSuffix(s.Key, "dir") || s.Key == "cache.backend" ||
			strings.HasSuffix(s.Key, "_path") ||
			s.Key == "auth.jwt.audience" || s.Key == "auth.jwt.issuer" || s.Key == "redis.url" || s.Key == "redis.key_prefix" ||
			s.Key == "playground.map_tile_url" {
			continue // strings accept anything at parse time; covered by TestErrors and TestValidate
		}
		t.Run(s.Env, func(t *testing.T) {
			_, err := config.Load("", envMap(map[string]string{s.Env: "not-a-value"}))
			if err == nil || !strings.Contains(err.Error(), s.Env) {
				t.Errorf("Load with bad %s = %v", s.Env, err)
			}
		})
	}
	for _, key := range []string{"listen", "graphql.timeout", "sources.hebei.base_url", "sources.hubei.retry_max", "sources.shanghai.token"} {
		if !seen[key] {
			t.Errorf("Describe misses %s", key)
		}
	}
}

func TestUnknownEnv(t *testing.T) {
	got := config.UnknownEnv([]string{
		"PATH=/usr/bin", "CIVGRAPH_LISTEN=:1", "CIVGRAPH_LISTNE=:1", "CIVGRAPH_SOURCES_HEBEI_TOKEN=x", "CIVGRAPH_SOURCES_HUBEI_TOKEN=y",
	})
	if strings.Join(got, " ") != "CIVGRAPH_LISTNE CIVGRAPH_SOURCES_HEBEI_TOKEN" {
		t.Errorf("UnknownEnv = %v", got)
	}
}
