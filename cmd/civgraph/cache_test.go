package main

import (
	"context"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/gateway"
	"github.com/civgraph/civgraph/server"
)

func TestCachePurgeCommand(t *testing.T) {
	const token = "cli-test-admin-token-0123"
	cfg := config.Default()
	cfg.GraphQL.CursorSecret = "test"
	cfg.Cache.AdminToken = token
	url := startGateway(t, cfg, func(g *gateway.Gateway) []server.Option {
		return []server.Option{server.WithCachePurge(g.PurgeCache)}
	})

	purge := func(args ...string) (int, string, string) {
		var out, errOut strings.Builder
		code := run(context.Background(), append([]string{"cache", "purge", "--url", url}, args...), &out, &errOut)
		return code, out.String(), errOut.String()
	}
	if code, _, errOut := purge("--province", "HUBEI"); code != 1 || !strings.Contains(errOut, "cache.admin_token is not set") {
		t.Fatalf("without a token: exit %d, %q", code, errOut)
	}
	t.Setenv("CIVGRAPH_CACHE_ADMIN_TOKEN", token+"-wrong")
	if code, _, errOut := purge("--province", "HUBEI"); code != 1 || !strings.Contains(errOut, "HTTP 401") {
		t.Fatalf("with a wrong token: exit %d, %q", code, errOut)
	}
	t.Setenv("CIVGRAPH_CACHE_ADMIN_TOKEN", token)
	if code, out, errOut := purge("--province", "HUBEI"); code != 0 || !strings.Contains(out, "of HUBEI") {
		t.Fatalf("purge: exit %d, %q %q", code, out, errOut)
	}
	if code, _, errOut := purge("--province", "XIZANG"); code != 1 || !strings.Contains(errOut, "HTTP 400") {
		t.Fatalf("unknown province: exit %d, %q", code, errOut)
	}
	if code, _, _ := purge(); code != 2 {
		t.Fatalf("no --province: exit %d, want 2", code)
	}
}
