package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/internal/syncbuf"
	"github.com/civgraph/civgraph/schema"
	"github.com/civgraph/civgraph/server"
)

// start serves New over loopback with gql and ready, logging to the
// returned buffer.
func start(t *testing.T, cfg config.Config, gql http.Handler, ready func(context.Context) error) (*httptest.Server, *syncbuf.Buffer) {
	t.Helper()
	logs := &syncbuf.Buffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := httptest.NewServer(server.New(cfg, gql, ready, logger))
	t.Cleanup(srv.Close)
	return srv, logs
}

func echoGraphQL() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusRequestEntityTooLarge)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{
			"method": r.Method, "bytes": len(body), "query": r.URL.Query().Get("query"),
		}})
	})
}

func TestGraphQLRouting(t *testing.T) {
	srv, _ := start(t, config.Default(), echoGraphQL(), nil)
	tests := []struct {
		name, method, target, body string
		want                       string
	}{
		{"post", http.MethodPost, "/graphql", `{"query":"{ provinces { code } }"}`, `"method":"POST"`},
		{"get", http.MethodGet, "/graphql?query=%7Bprovinces%7Bcode%7D%7D", "", `"query":"{provinces{code}}"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, srv.URL+tt.target, strings.NewReader(tt.body))
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			got, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK || !strings.Contains(string(got), tt.want) {
				t.Errorf("%d %s, want %s", resp.StatusCode, got, tt.want)
			}
		})
	}
}

func TestBodyLimitAndDeadline(t *testing.T) {
	cfg := config.Default()
	cfg.GraphQL.MaxBodyBytes = 64
	cfg.GraphQL.Timeout = 50 * time.Millisecond
	gql := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if d, ok := r.Context().Deadline(); ok {
			w.Header().Set("X-Deadline-In", time.Until(d).String())
		}
		echoGraphQL().ServeHTTP(w, r)
	})
	srv, _ := start(t, cfg, gql, nil)

	t.Run("declared too large", func(t *testing.T) {
		resp, err := http.Post(srv.URL+"/graphql", "application/json", strings.NewReader(strings.Repeat("x", 65)))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("status %d, want 413", resp.StatusCode)
		}
	})
	t.Run("streamed too large", func(t *testing.T) {
		// No Content-Length: the cap must hold while reading.
		body := io.MultiReader(strings.NewReader(strings.Repeat("x", 100)))
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", body)
		req.ContentLength = -1
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("status %d, want 413 from the capped reader", resp.StatusCode)
		}
	})
	t.Run("deadline", func(t *testing.T) {
		resp, err := http.Post(srv.URL+"/graphql", "application/json", strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		d, err := time.ParseDuration(resp.Header.Get("X-Deadline-In"))
		if err != nil {
			t.Fatalf("request context had no deadline: %v", err)
		}
		if d <= 0 || d > 50*time.Millisecond {
			t.Errorf("deadline in %s, want within 50ms", d)
		}
	})
}

func TestCORS(t *testing.T) {
	// Sorted and lower-case, as browsers send them.
	const clientHeaders = "apollographql-client-name,apollographql-client-version,authorization,content-type,traceparent,tracestate,x-api-key,x-request-id"
	tests := []struct {
		name, origin string
		allowed      []string
		credentials  bool
		want         string // Access-Control-Allow-Origin
	}{
		{"default allows any origin", "https://app.example", []string{"*"}, false, "*"},
		{"listed origin", "https://app.example", []string{"https://app.example"}, false, "https://app.example"},
		{"unlisted origin", "https://evil.example", []string{"https://app.example"}, false, ""},
		{"listed origin with credentials", "https://app.example", []string{"https://app.example"}, true, "https://app.example"},
		{"unlisted origin with credentials", "https://evil.example", []string{"https://app.example"}, true, ""},
		// Validation refuses this; the server must still never combine them.
		{"wildcard never with credentials", "https://evil.example", []string{"*"}, true, "*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := config.Default()
			cfg.CORS.AllowedOrigins = tt.allowed
			cfg.CORS.AllowCredentials = tt.credentials
			srv, _ := start(t, cfg, echoGraphQL(), nil)
			req, _ := http.NewRequest(http.MethodOptions, srv.URL+"/graphql", nil)
			req.Header.Set("Origin", tt.origin)
			req.Header.Set("Access-Control-Request-Method", http.MethodPost)
			req.Header.Set("Access-Control-Request-Headers", clientHeaders)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := resp.Header.Get("Access-Control-Allow-Origin"); got != tt.want {
				t.Errorf("Allow-Origin = %q, want %q", got, tt.want)
			}
			creds := resp.Header.Get("Access-Control-Allow-Credentials")
			if wantCreds := tt.credentials && tt.want != "" && tt.want != "*"; (creds == "true") != wantCreds {
				t.Errorf("Allow-Credentials = %q with origin %q, want credentials %v", creds, tt.want, wantCreds)
			}
			if tt.want == "" {
				return
			}
			allowed := strings.ToLower(resp.Header.Get("Access-Control-Allow-Headers"))
			for h := range strings.SplitSeq(clientHeaders, ",") {
				if !strings.Contains(allowed, h) {
					t.Errorf("preflight does not allow %s: %q", h, allowed)
				}
			}

			req, _ = http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(`{"query":"{ a }"}`))
			req.Header.Set("Origin", tt.origin)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer t")
			resp, err = http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := resp.Header.Get("Access-Control-Expose-Headers"); !strings.EqualFold(got, "X-Request-Id") {
				t.Errorf("Expose-Headers = %q, want X-Request-Id", got)
			}
		})
	}
}

func TestStaticFiles(t *testing.T) {
	srv, _ := start(t, config.Default(), echoGraphQL(), nil)
	tests := []struct {
		path, contentType string
		want              []byte
	}{
		{"/favicon.ico", "image/x-icon", []byte{0, 0, 1, 0}}, // ICO header
		{"/possible-types.json", "application/json", schema.PossibleTypes},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, body := get(t, noRedirect, srv.URL+tt.path)
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != tt.contentType {
				t.Fatalf("status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			if !strings.HasPrefix(body, string(tt.want)) {
				t.Errorf("body starts %q, want %q", body[:min(len(body), 16)], tt.want)
			}
		})
	}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/possible-types.json", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /possible-types.json: status %d", resp.StatusCode)
	}
}

func TestHealthz(t *testing.T) {
	tests := []struct {
		name   string
		ready  func(context.Context) error
		status int
		body   string
	}{
		{"ready", func(context.Context) error { return nil }, http.StatusOK, "ok"},
		{"not ready", func(context.Context) error { return errors.New("upstreams starting") }, http.StatusServiceUnavailable, `"reason":"upstreams starting"`},
		{"long reason is cut", func(context.Context) error { return errors.New(strings.Repeat("长", 500)) }, http.StatusServiceUnavailable, "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := start(t, config.Default(), echoGraphQL(), tt.ready)
			resp, err := http.Get(srv.URL + "/healthz")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status || !strings.Contains(string(body), tt.body) || len(body) > 1024 {
				t.Errorf("%d %q, want %d containing %q", resp.StatusCode, body, tt.status, tt.body)
			}
		})
	}
}

func TestPanicRecovery(t *testing.T) {
	gql := http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("secret internal detail") })
	srv, logs := start(t, config.Default(), gql, nil)
	resp, err := http.Post(srv.URL+"/graphql", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", resp.StatusCode)
	}
	var payload struct {
		Errors []struct {
			Message    string
			Extensions map[string]string
		}
	}
	if err := json.Unmarshal(body, &payload); err != nil || len(payload.Errors) != 1 || payload.Errors[0].Extensions["code"] != "INTERNAL_SERVER_ERROR" {
		t.Errorf("body %s is not a GraphQL error (%v)", body, err)
	}
	if strings.Contains(string(body), "secret") || strings.Contains(string(body), "goroutine") {
		t.Errorf("panic details leaked to the client: %s", body)
	}
	if !strings.Contains(logs.String(), "secret internal detail") || !strings.Contains(logs.String(), "status=500") {
		t.Errorf("panic not logged with its value and status:\n%s", logs)
	}
}

func TestAccessLogOmitsQueryString(t *testing.T) {
	srv, logs := start(t, config.Default(), echoGraphQL(), nil)
	resp, err := http.Get(srv.URL + "/graphql?query=%7Bx%7D&variables=%7B%22token%22%3A%22hunter2%22%7D")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	line := logs.String()
	for _, want := range []string{"method=GET", "path=/graphql", "status=200", "duration="} {
		if !strings.Contains(line, want) {
			t.Errorf("log lacks %s:\n%s", want, line)
		}
	}
	if strings.Contains(line, "hunter2") || strings.Contains(line, "variables") {
		t.Errorf("query string logged:\n%s", line)
	}
}
