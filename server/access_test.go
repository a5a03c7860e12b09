package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/auth"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/server"
)

// TestAuthentication: the identity reaches the GraphQL handler, failures
// stop at 401 without reaching it, and CORS preflights pass untouched.
func TestAuthentication(t *testing.T) {
	const key = "cg_server-test-key-0123456789abcdef"
	keys := filepath.Join(t.TempDir(), "keys.yaml")
	if err := os.WriteFile(keys, []byte("keys:\n  - name: tester\n    sha256: "+auth.HashKey(key)+"\n    rate_limit: 2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Auth = config.AuthConfig{Required: true, APIKeysFile: keys}
	a, err := auth.New(cfg.Auth)
	if err != nil {
		t.Fatal(err)
	}
	reached := 0
	gql := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached++
		id, _ := auth.FromContext(r.Context())
		_ = json.NewEncoder(w).Encode(map[string]any{"name": id.Name, "rate": id.RateLimit})
	})
	srv := httptest.NewServer(server.New(cfg, gql, nil, nil, server.WithAuthenticator(a)))
	t.Cleanup(srv.Close)

	send := func(method string, headers map[string]string) *http.Response {
		req, _ := http.NewRequest(method, srv.URL+"/graphql", strings.NewReader(`{"query":"{ a }"}`))
		req.Header.Set("Content-Type", "application/json")
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}

	resp := send(http.MethodPost, map[string]string{"X-API-Key": key})
	var got struct {
		Name string
		Rate float64
	}
	_ = json.NewDecoder(resp.Body).Decode(&got)
	if resp.StatusCode != 200 || got.Name != "tester" || got.Rate != 2 {
		t.Errorf("valid key: %d %+v", resp.StatusCode, got)
	}
	for _, h := range []map[string]string{nil, {"X-API-Key": "cg_wrong"}} {
		if resp := send(http.MethodPost, h); resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("%v: status %d", h, resp.StatusCode)
		}
	}
	if reached != 1 {
		t.Errorf("the GraphQL handler was reached %d times, want once", reached)
	}
	pre := send(http.MethodOptions, map[string]string{"Origin": "https://example.org", "Access-Control-Request-Method": "POST"})
	if pre.StatusCode == http.StatusUnauthorized || pre.Header.Get("Access-Control-Allow-Origin") == "" {
		t.Errorf("preflight: status %d, headers %v", pre.StatusCode, pre.Header)
	}
}
