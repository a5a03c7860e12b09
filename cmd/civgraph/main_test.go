package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/civgraph/civgraph/internal/syncbuf"
)

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
	t.Setenv("CIVGRAPH_SOURCES_HEBEI_BASE_URL", "http://127.0.0.1:9/hebei")
	t.Setenv("CIVGRAPH_SOURCES_HEBEI_APP_KEY", "key-should-not-print")
	t.Setenv("CIVGRAPH_SOURCES_HUBEI_BASE_URL", "http://127.0.0.1:9/hubei")
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
		{"serve -h", []string{"serve", "-h"}, 0, "-listen", "", ""},
		{"--help", []string{"--help"}, 0, "commands:", "", "unknown command"},
		{"-h", []string{"-h"}, 0, "commands:", "", "unknown command"},
		{"help", []string{"help"}, 0, "civgraph help serve", "", "unknown command"},
		{"help serve", []string{"help", "serve"}, 0, "examples:\n  civgraph serve", "", ""},
		{"help upstreams", []string{"help", "upstreams"}, 0, "-sample-sites", "", ""},
		{"help check", []string{"help", "check"}, 0, "civgraph check --config", "", ""},
		{"help help", []string{"help", "help"}, 0, "civgraph help serve", "", ""},
		{"version -h", []string{"version", "-h"}, 0, "build information", "", ""},
		{"check --help", []string{"check", "--help"}, 0, "redacted", "", ""},
		{"help unknown", []string{"help", "frobnicate"}, 2, "", `unknown command "frobnicate"`, ""},
		{"check warns of missing credentials", []string{"check"}, 0, "listen:", "warning: sources.hubei.base_url is set but sources.hubei.paas_id and sources.hubei.token are not", "key-should-not-print"},
		{"check warns of unused credentials", []string{"check"}, 0, "listen:", "warning: sources.shanghai.token is set but sources.shanghai.base_url is not", "tok-should-not-print"},
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
func runServer(t *testing.T, stdout io.Writer, args ...string) (string, context.CancelFunc, <-chan int, *syncbuf.Buffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncbuf.Buffer{}
	done := make(chan int, 1)
	go func() { done <- run(ctx, args, stdout, logs) }()
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
	url, stop, done, logs := runServer(t, io.Discard, "serve", "--listen", "127.0.0.1:0")
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

func TestUpstreamsPrintsAWorkingGatewayEnvironment(t *testing.T) {
	out := &syncbuf.Buffer{}
	url, stop, done, logs := runServer(t, out, "upstreams", "--listen", "127.0.0.1:0", "--sample-sites", "3", "--seed", "7")
	defer func() { stop(); <-done }()
	base := strings.TrimSuffix(url, "/")
	// The lines may still be on their way when the server already answers.
	for end := time.Now().Add(10 * time.Second); strings.Count(out.String(), "_BASE_URL=") < 4 && time.Now().Before(end); {
		time.Sleep(10 * time.Millisecond)
	}
	// The printed lines, read as the gateway reads its environment: every
	// province at its prefix, with the credentials its protocol needs.
	env := map[string]string{}
	for line := range strings.SplitSeq(strings.TrimSpace(out.String()), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("stdout line %q is not KEY=VALUE:\n%s", line, out)
		}
		env[k] = v
	}
	for _, prefix := range []string{"hebei", "hubei", "jiangsu", "shanghai"} {
		if got := env["CIVGRAPH_SOURCES_"+strings.ToUpper(prefix)+"_BASE_URL"]; got != base+"/"+prefix {
			t.Errorf("%s base URL %q, want %s/%s\nstdout:\n%s", prefix, got, base, prefix, out)
		}
	}
	for k, v := range env {
		t.Setenv(k, v)
	}
	t.Setenv("CIVGRAPH_PLAYGROUND_ENABLED", "false")
	gw, stopGW, gwDone, gwLogs := runServer(t, io.Discard, "serve", "--listen", "127.0.0.1:0")
	defer func() { stopGW(); <-gwDone }()
	if strings.Contains(gwLogs.String(), "embedded sample upstreams started") || strings.Contains(gwLogs.String(), "level=WARN") {
		t.Errorf("gateway did not use the printed environment as is:\n%s", gwLogs)
	}
	body := strings.NewReader(`{"query":"{ meetings(first: 100) { totalCount } }"}`)
	resp, err := http.Post(gw+"graphql", "application/json", body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || strings.Contains(string(raw), `"errors"`) || !strings.Contains(string(raw), `"totalCount"`) {
		t.Errorf("query through the printed environment: HTTP %d %s\ngateway log:\n%s\nupstreams log:\n%s", resp.StatusCode, raw, gwLogs, logs)
	}

	resp, err = http.Get(url + "nowhere/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown prefix: status %d, want 404", resp.StatusCode)
	}
}

func TestFormatVersion(t *testing.T) {
	info := &debug.BuildInfo{
		GoVersion: "go1.26.0",
		Main:      debug.Module{Path: "github.com/civgraph/civgraph", Version: "v1.4.0"},
		Settings: []debug.BuildSetting{
			{Key: "GOOS", Value: "linux"}, {Key: "GOARCH", Value: "amd64"},
			{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
			{Key: "vcs.time", Value: "2026-11-28T08:00:00Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	want := `civgraph v1.4.0
  module    github.com/civgraph/civgraph
  revision  0123456789abcdef0123456789abcdef01234567 (modified: uncommitted changes)
  committed 2026-11-28T08:00:00Z
  go        go1.26.0 linux/amd64
`
	if got := formatVersion(info, ""); got != want {
		t.Errorf("formatVersion:\n%s\nwant:\n%s", got, want)
	}
	clean := *info
	clean.Main.Version = "(devel)"
	clean.Settings = info.Settings[:4]
	if got := formatVersion(&clean, ""); !strings.HasPrefix(got, "civgraph (devel)\n") ||
		!strings.Contains(got, "revision  0123456789abcdef0123456789abcdef01234567\n") || strings.Contains(got, "modified") {
		t.Errorf("clean devel build:\n%s", got)
	}
	if got := formatVersion(info, "v9.9.9"); !strings.HasPrefix(got, "civgraph v9.9.9\n") {
		t.Errorf("ldflags override ignored:\n%s", got)
	}
	if got := formatVersion(nil, ""); !strings.Contains(got, "civgraph unknown") || !strings.Contains(got, "revision  unknown") {
		t.Errorf("no build info:\n%s", got)
	}
}
