package main

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/gateway"
	"github.com/civgraph/civgraph/internal/embedded"
	"github.com/civgraph/civgraph/server"
)

func TestCachePurgeCommand(t *testing.T) {
	const token = "cli-test-admin-token-0123"
	cfg := config.Default()
	cfg.GraphQL.CursorSecret = "test"
	cfg.Cache.AdminToken = token
	samples, err := embedded.Start(&cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = samples.Close() })
	g, err := gateway.New(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = g.Close() })
	srv := httptest.NewServer(server.New(cfg, g.GraphQLHandler(), g.Ready, nil, server.WithCachePurge(g.PurgeCache)))
	t.Cleanup(srv.Close)

	purge := func(args ...string) (int, string, string) {
		var out, errOut strings.Builder
		code := run(context.Background(), append([]string{"cache", "purge", "--url", srv.URL}, args...), &out, &errOut)
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
