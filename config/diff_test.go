package config_test

import (
	"slices"
	"testing"
	"time"

	"github.com/civgraph/civgraph/config"
)

func TestDiffNamesChangedKeys(t *testing.T) {
	a := config.Default()
	b := config.Default()
	if d := config.Diff(a, b); len(d) != 0 {
		t.Fatalf("equal configs differ in %v", d)
	}
	b.Sources.Hubei.CacheTTL = time.Second
	b.Limits.MaxDepth = 3
	b.Sources.Shanghai.Token = "a new token"
	b.CORS.AllowedOrigins = []string{"https://example.org"}
	want := []string{"cors.allowed_origins", "sources.hubei.cache_ttl", "sources.shanghai.token", "limits.max_depth"}
	got := config.Diff(a, b)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("Diff = %v, want %v", got, want)
	}
}
