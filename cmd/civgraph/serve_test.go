package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/civgraph/civgraph/internal/syncbuf"
	"github.com/civgraph/civgraph/metrics/metricstest"
)

// waitForLog waits until logs holds n lines matching re.
func waitForLog(t *testing.T, logs *syncbuf.Buffer, re *regexp.Regexp, n int) []string {
	t.Helper()
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if m := re.FindAllStringSubmatch(logs.String(), -1); len(m) >= n {
			return m[n-1]
		}
	}
	t.Fatalf("no %d lines matching %s in:\n%s", n, re, logs)
	return nil
}

func graphQL(t *testing.T, url, query string) string {
	t.Helper()
	resp, err := http.Post(url+"graphql", "application/json", strings.NewReader(`{"query":"`+query+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return string(raw)
}

// TestServeReloadsOnHangupAndServesMetrics runs civgraph serve with a
// config file and a metrics listener, changes the file, sends SIGHUP and
// sees the new depth limit apply; an invalid file is refused and the
// running configuration kept.
func TestServeReloadsOnHangupAndServesMetrics(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "civgraph.yaml")
	write := func(s string) {
		if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("limits:\n  max_depth: 15\n")
	t.Setenv("CIVGRAPH_PLAYGROUND_ENABLED", "false")
	t.Setenv("CIVGRAPH_METRICS_LISTEN", "127.0.0.1:0")
	url, stop, done, logs := runServer(t, io.Discard, "serve", "--listen", "127.0.0.1:0", "--config", path)
	defer func() { stop(); <-done }()

	const deep = `{ meetings { edges { node { title } } } }`
	if out := graphQL(t, url, deep); strings.Contains(out, `"errors"`) {
		t.Fatalf("before reload: %s", out)
	}
	write("limits:\n  max_depth: 3\n")
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitForLog(t, logs, regexp.MustCompile(`msg="configuration reloaded" changed=\[limits.max_depth\]`), 1)
	if out := graphQL(t, url, deep); !strings.Contains(out, "QUERY_TOO_DEEP") {
		t.Errorf("after reload: %s", out)
	}

	write("limits:\n  max_depth: nope\n")
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitForLog(t, logs, regexp.MustCompile(`configuration not reloaded; the running one is kept`), 1)
	if out := graphQL(t, url, `{ provinces { code } }`); strings.Contains(out, `"errors"`) {
		t.Errorf("after a refused reload: %s", out)
	}

	m := waitForLog(t, logs, regexp.MustCompile(`msg="metrics listening" url=(http://\S+)`), 1)
	f := metricstest.Scrape(t, m[1], "")
	if v, ok := f.Value("civgraph_graphql_refused_total", map[string]string{"code": "QUERY_TOO_DEEP"}); !ok || v != 1 {
		t.Errorf("civgraph_graphql_refused_total{code=QUERY_TOO_DEEP} = %v (present %v), want 1", v, ok)
	}
	if _, ok := f.Value("civgraph_upstream_requests_total", map[string]string{"province": "HEBEI", "status": "200"}); !ok {
		t.Error("no upstream attempts counted")
	}
}

// TestServeWritesBufferedLogLinesBeforeItsFatalError: with a long flush
// interval, the lines logged before serve fails are on stderr before the
// error that ends the process, not lost with the buffer.
func TestServeWritesBufferedLogLinesBeforeItsFatalError(t *testing.T) {
	t.Setenv("CIVGRAPH_LOG_FLUSH_INTERVAL", "10s")
	t.Setenv("CIVGRAPH_PLAYGROUND_ENABLED", "false")
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	logs := &syncbuf.Buffer{}
	if code := run(context.Background(), []string{"serve", "--listen", busy.Addr().String()}, io.Discard, logs); code != 1 {
		t.Fatalf("serve on a busy address exited with %d:\n%s", code, logs)
	}
	out := logs.String()
	started, failed := strings.Index(out, `msg="embedded sample upstreams started"`), strings.Index(out, "civgraph serve: listen:")
	if started < 0 || failed < 0 || started > failed {
		t.Errorf("want the start-up line, then the error:\n%s", out)
	}
}
