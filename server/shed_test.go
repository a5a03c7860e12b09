package server_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/civgraph/civgraph/config"
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

func TestRateLimitPerClient(t *testing.T) {
	cfg := config.Default()
	cfg.Limits.RatePerSecond = 1
	cfg.Limits.RateBurst = 2
	srv, _ := start(t, cfg, echoGraphQL(), nil)
	for i := range 2 {
		if status, _, _ := postQuery(t, srv.URL, "key-a"); status != http.StatusOK {
			t.Fatalf("request %d within the burst: status %d", i+1, status)
		}
	}
	status, retry, code := postQuery(t, srv.URL, "key-a")
	if n, err := strconv.Atoi(retry); status != http.StatusTooManyRequests || code != "RATE_LIMITED" || err != nil || n < 1 {
		t.Fatalf("over the rate: status %d, Retry-After %q, code %q; want 429, a number of seconds, RATE_LIMITED", status, retry, code)
	}
	if status, _, _ := postQuery(t, srv.URL, "key-b"); status != http.StatusOK {
		t.Errorf("another API key was refused (%d): buckets must be per client", status)
	}
	// Without a key the client is its address: a bucket of its own.
	if status, _, _ := postQuery(t, srv.URL, ""); status != http.StatusOK {
		t.Errorf("a client without a key was refused (%d)", status)
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
