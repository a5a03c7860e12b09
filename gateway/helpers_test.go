package gateway_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/civgraph/civgraph/auth"
	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/gateway"
	"github.com/civgraph/civgraph/internal/embedded"
	"github.com/civgraph/civgraph/server"
)

// The one way these tests start a gateway: startGateway for the usual
// case, serveGateway when a test builds the configuration itself.

// startGateway runs the whole gateway (sample upstreams over loopback HTTP
// for the provinces mutate leaves without a base URL, connectors,
// federation, GraphQL handler, HTTP server), its configuration validated
// as civgraph serve validates it.
func startGateway(t testing.TB, mutate func(*config.Config)) *httptest.Server {
	t.Helper()
	cfg := config.Default()
	cfg.GraphQL.CursorSecret = "test cursor secret"
	if mutate != nil {
		mutate(&cfg)
	}
	gateway.UseSampleUpstreams(t, &cfg)
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	_, srv := serveGateway(t, cfg, nil)
	return srv
}

// serveGateway builds a gateway from cfg and serves it over loopback with
// every option civgraph serve sets: readiness, authentication from
// cfg.Auth, the cache purge endpoint. Both stop when the test ends.
func serveGateway(t testing.TB, cfg config.Config, logger *slog.Logger) (*gateway.Gateway, *httptest.Server) {
	t.Helper()
	g, err := gateway.New(context.Background(), cfg, logger)
	if err != nil {
		t.Fatal(err)
	}
	a, err := auth.New(cfg.Auth)
	if err != nil {
		_ = g.Close()
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.New(cfg, g.GraphQLHandler(), g.Ready, logger,
		server.WithReadiness(g.Readiness), server.WithAuthenticator(a), server.WithCachePurge(g.PurgeCache),
		server.WithShared(g.Shared())))
	t.Cleanup(func() { srv.Close(); _ = g.Close() })
	return g, srv
}

// countingServer serves h on loopback and counts the requests it gets.
func countingServer(t testing.TB, h http.Handler) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	calls := &atomic.Int64{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, calls
}

// pointAtSamples points province p of cfg at the sample API handler served
// at baseURL, with its demo credentials, as civgraph serve does.
func pointAtSamples(t testing.TB, cfg *config.Config, p civ.ProvinceCode, baseURL string) {
	t.Helper()
	for _, s := range embedded.Settings(p, baseURL) {
		if err := cfg.Set(s[0], s[1]); err != nil {
			t.Fatal(err)
		}
	}
}

type gqlResponse struct {
	Data       json.RawMessage  `json:"data"`
	Errors     []map[string]any `json:"errors"`
	Extensions map[string]any   `json:"extensions"`
}

func post(t *testing.T, url, query string, vars map[string]any) gqlResponse {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	resp, err := http.Post(url+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out gqlResponse
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("status %d, body %s: %v", resp.StatusCode, raw, err)
	}
	return out
}
