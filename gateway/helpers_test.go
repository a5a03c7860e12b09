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
	return serveWith(t, cfg, logger, nil, nil)
}

// serveWith is serveGateway with extra gateway and server options
// (metrics, tracing).
func serveWith(t testing.TB, cfg config.Config, logger *slog.Logger, gwOpts []gateway.Option, srvOpts []server.Option) (*gateway.Gateway, *httptest.Server) {
	t.Helper()
	g, err := gateway.New(context.Background(), cfg, logger, gwOpts...)
	if err != nil {
		t.Fatal(err)
	}
	a, err := auth.New(cfg.Auth)
	if err != nil {
		_ = g.Close()
		t.Fatal(err)
	}
	srvOpts = append(srvOpts, server.WithReadiness(g.Readiness), server.WithAuthenticator(a), server.WithCachePurge(g.PurgeCache),
		server.WithShared(g.Shared()))
	srv := httptest.NewServer(server.New(cfg, g.GraphQLHandler(), g.Ready, logger, srvOpts...))
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

// testRequestID is the X-Request-Id post sends; answers echo it in every
// error's extensions.requestId.
const testRequestID = "gateway-test"

type gqlResponse struct {
	Data       json.RawMessage  `json:"data"`
	Errors     []map[string]any `json:"errors"`
	Extensions map[string]any   `json:"extensions"`
}

func post(t *testing.T, url, query string, vars map[string]any) gqlResponse {
	t.Helper()
	// A fixed id keeps the goldens stable.
	_, _, out := postWith(t, url, query, vars, map[string]string{"X-Request-Id": testRequestID})
	return out
}

// postWith posts a GraphQL request with the given headers and returns the
// status, the response headers and the decoded body.
func postWith(t *testing.T, url, query string, vars map[string]any, headers map[string]string) (int, http.Header, gqlResponse) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequest(http.MethodPost, url+"/graphql", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out gqlResponse
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("status %d, body %s: %v", resp.StatusCode, raw, err)
	}
	return resp.StatusCode, resp.Header, out
}
