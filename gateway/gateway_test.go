package gateway_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/gateway"
	"github.com/civgraph/civgraph/server"
)

var update = flag.Bool("update", false, "rewrite the golden responses in testdata/golden")

// startGateway runs the whole gateway (sample upstreams over loopback HTTP
// for the provinces mutate leaves without a base URL, connectors,
// federation, GraphQL handler, HTTP server).
func startGateway(t testing.TB, mutate func(*config.Config)) *httptest.Server {
	t.Helper()
	cfg := config.Default()
	cfg.GraphQL.CursorSecret = "test cursor secret"
	if mutate != nil {
		mutate(&cfg)
	}
	gateway.UseSampleUpstreams(t, &cfg)
	g, err := gateway.New(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = g.Close() })
	srv := httptest.NewServer(server.New(cfg, g.GraphQLHandler(), g.Ready, nil, server.WithReadiness(g.Readiness)))
	t.Cleanup(srv.Close)
	return srv
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

// TestGoldenQueries runs each query in testdata/queries against the whole
// gateway and compares data and errors with testdata/golden (extensions,
// which carry fetch times, are checked separately).
func TestGoldenQueries(t *testing.T) {
	srv := startGateway(t, nil)
	files, _ := filepath.Glob("testdata/queries/*.graphql")
	if len(files) < 12 {
		t.Fatalf("found %d golden queries, want at least 12", len(files))
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".graphql")
		t.Run(name, func(t *testing.T) {
			query, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			resp := post(t, srv.URL, string(query), nil)
			got, _ := json.MarshalIndent(struct {
				Data   json.RawMessage  `json:"data"`
				Errors []map[string]any `json:"errors,omitempty"`
			}{resp.Data, resp.Errors}, "", "  ")
			golden := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./gateway -update to create it)", err)
			}
			if !bytes.Equal(bytes.TrimSpace(want), bytes.TrimSpace(got)) {
				t.Fatalf("response differs from %s:\n%s", golden, got)
			}
		})
	}
}
