package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestCommands(t *testing.T) {
	good := filepath.Join(t.TempDir(), "good.yaml")
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(good, []byte("graphql:\n  timeout: 4s\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("graphql:\n  timeuot: 4s\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("CIVGRAPH_SOURCES_SHANGHAI_TOKEN", "tok-should-not-print")
	t.Setenv("CIVGRAPH_GRAPHQL_TIMOUT", "1s")
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     string
		stderr     string
		notInEmits string
	}{
		{"no command", nil, 2, "", "usage:", ""},
		{"unknown command", []string{"frobnicate"}, 2, "", `unknown command "frobnicate"`, ""},
		{"version", []string{"version"}, 0, "civgraph ", "", ""},
		{"check defaults", []string{"check"}, 0, "listen: 127.0.0.1:8080", "", "tok-should-not-print"},
		{"check file", []string{"check", "--config", good}, 0, "timeout: 4s", "", ""},
		{"check warns of a typo", []string{"check"}, 0, "listen:", "CIVGRAPH_GRAPHQL_TIMOUT is not a setting", ""},
		{"check redacts", []string{"check"}, 0, "token: '[redacted]'", "", "tok-should-not-print"},
		{"check unknown key", []string{"check", "--config", bad}, 1, "", "timeuot", ""},
		{"check missing file", []string{"check", "--config", filepath.Join(t.TempDir(), "absent.yaml")}, 1, "", "absent.yaml", ""},
		{"bad flag", []string{"serve", "--nope"}, 2, "", "flag provided but not defined", ""},
		{"stray argument", []string{"check", "extra"}, 2, "", "unexpected arguments", ""},
		{"bad listen flag", []string{"serve", "--listen", "nowhere"}, 1, "", "listen", ""},
		{"negative sample sites", []string{"upstreams", "--sample-sites", "-1"}, 1, "", "--sample-sites", ""},
		{"help", []string{"serve", "-h"}, 0, "", "-listen", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(t.Context(), tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, &stdout, &stderr)
			}
			if !strings.Contains(stdout.String(), tt.stdout) || !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stdout %q / stderr %q, want %q / %q", &stdout, &stderr, tt.stdout, tt.stderr)
			}
			if tt.notInEmits != "" && strings.Contains(stdout.String()+stderr.String(), tt.notInEmits) {
				t.Errorf("output contains %q", tt.notInEmits)
			}
		})
	}
}

var listening = regexp.MustCompile(`msg=listening url=(http://\S+)`)

// runServer starts a long-running command and returns its base URL, a
// stop function and the exit code channel.
func runServer(t *testing.T, args ...string) (string, context.CancelFunc, <-chan int, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	done := make(chan int, 1)
	go func() { done <- run(ctx, args, io.Discard, logs) }()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := listening.FindStringSubmatch(logs.String()); m != nil {
			return m[1], cancel, done, logs
		}
		select {
		case code := <-done:
			cancel()
			t.Fatalf("%v exited with %d:\n%s", args, code, logs)
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	t.Fatalf("no listening line within 10s:\n%s", logs)
	return "", nil, nil, nil
}

func TestServeLifecycle(t *testing.T) {
	t.Setenv("CIVGRAPH_PLAYGROUND_ASSETS_DIR", t.TempDir())
	url, stop, done, logs := runServer(t, "serve", "--listen", "127.0.0.1:0")
	resp, err := http.Get(url + "healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("healthz status %d", resp.StatusCode)
	}
	stop()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited with %d after its context ended:\n%s", code, logs)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("serve did not shut down:\n%s", logs)
	}
	if !strings.Contains(logs.String(), "msg=stopped") {
		t.Errorf("no graceful shutdown logged:\n%s", logs)
	}
}

func TestUpstreamsAnnouncesEveryPrefix(t *testing.T) {
	url, stop, done, logs := runServer(t, "upstreams", "--listen", "127.0.0.1:0", "--sample-sites", "3", "--seed", "7")
	defer func() { stop(); <-done }()
	// Each sample API's own behaviour is tested in its package; here the
	// command must announce where each one lives.
	for _, prefix := range []string{"hebei", "hubei", "jiangsu", "shanghai"} {
		if !strings.Contains(logs.String(), "CIVGRAPH_SOURCES_"+strings.ToUpper(prefix)+"_BASE_URL="+strings.TrimSuffix(url, "/")+"/"+prefix) {
			t.Errorf("no base URL announced for %s:\n%s", prefix, logs)
		}
	}
	resp, err := http.Get(url + "nowhere/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown prefix: status %d, want 404", resp.StatusCode)
	}
}
