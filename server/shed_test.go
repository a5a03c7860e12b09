package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/civgraph/civgraph/auth"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/server"
)

// postQuery posts a small query with the given API key ("" for none) and
// returns the status, Retry-After and extensions.code of the first error.
func postQuery(t *testing.T, url, apiKey string) (status int, retryAfter, code string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url+"/graphql", strings.NewReader(`{"query":"{ __typename }"}`))
	req.Header.Set("Content-Type", "application/json")
	if apiKey != "" {
		req.Header.Set("X-API-Key", apiKey)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Errors []struct {
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&body)
	if len(body.Errors) > 0 {
		code, _ = body.Errors[0].Extensions["code"].(string)
	}
	return resp.StatusCode, resp.Header.Get("Retry-After"), code
}

// TestRateLimitPerClient: buckets are per authenticated caller (at the
// key's own rate when it has one) or per address; credentials nobody
// checked are not keys, so rotating them gains nothing.
func TestRateLimitPerClient(t *testing.T) {
	const keyA, keyB = "cg_rate-test-key-a-0123456789abcdef", "cg_rate-test-key-b-0123456789abcdef"
	keys := filepath.Join(t.TempDir(), "keys.yaml")
	list := "keys:\n  - name: a\n    sha256: " + auth.HashKey(keyA) + "\n  - name: b\n    sha256: " + auth.HashKey(keyB) + "\n    rate_limit: 1000\n"
	if err := os.WriteFile(keys, []byte(list), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Limits.RatePerSecond = 1
	cfg.Limits.RateBurst = 2
	cfg.Auth = config.AuthConfig{APIKeysFile: keys}
	a, err := auth.New(cfg.Auth)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.New(cfg, echoGraphQL(), nil, nil, server.WithAuthenticator(a)))
	t.Cleanup(srv.Close)

	for i := range 2 {
		if status, _, _ := postQuery(t, srv.URL, keyA); status != http.StatusOK {
			t.Fatalf("request %d within the burst: status %d", i+1, status)
		}
	}
	status, retry, code := postQuery(t, srv.URL, keyA)
	if n, err := strconv.Atoi(retry); status != http.StatusTooManyRequests || code != "RATE_LIMITED" || err != nil || n < 1 {
		t.Fatalf("over the rate: status %d, Retry-After %q, code %q; want 429, a number of seconds, RATE_LIMITED", status, retry, code)
	}
	// Key b has a bucket of its own, refilled at its configured 1000/s.
	for i := range 5 {
		if status, _, _ := postQuery(t, srv.URL, keyB); status != http.StatusOK {
			t.Fatalf("key b, request %d: status %d; buckets must be per caller, at the key's own rate", i+1, status)
		}
		time.Sleep(5 * time.Millisecond)
	}
	// Without a key the client is its address: a bucket of its own...
	for i := range 2 {
		if status, _, _ := postQuery(t, srv.URL, ""); status != http.StatusOK {
			t.Fatalf("anonymous request %d within its own burst: status %d", i+1, status)
		}
	}
	// ...which made-up credentials do not escape (they are refused by
	// authentication before the limiter, or counted by address).
	if status, _, _ := postQuery(t, srv.URL, ""); status != http.StatusTooManyRequests {
		t.Errorf("anonymous request over the rate: status %d, want 429", status)
	}
	if status, _, _ := postQuery(t, srv.URL, "cg_rotated-made-up-key-0123456789abc"); status == http.StatusOK {
		t.Errorf("an unchecked, rotated key got a fresh bucket (status %d)", status)
	}
}

func TestConcurrentExecutionsAreBounded(t *testing.T) {
	cfg := config.Default()
	cfg.Limits.MaxConcurrent = 2
	entered := make(chan struct{}, 10)
	release := make(chan struct{})
	gql := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		<-release
		echoGraphQL().ServeHTTP(w, r)
	})
	srv, _ := start(t, cfg, gql, nil)
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() { postQuery(t, srv.URL, "busy-"+strconv.Itoa(i)) })
		<-entered
	}
	status, retry, code := postQuery(t, srv.URL, "third")
	close(release)
	wg.Wait()
	if status != http.StatusServiceUnavailable || retry != "1" || code != "OVERLOADED" {
		t.Fatalf("third concurrent request: status %d, Retry-After %q, code %q; want 503, 1, OVERLOADED", status, retry, code)
	}
	if status, _, _ := postQuery(t, srv.URL, "after"); status != http.StatusOK {
		t.Errorf("after the others finished: status %d, want 200", status)
	}
}
