package e2e_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const chromium = "/usr/bin/chromium"

// report is what e2e/playground.mjs prints.
type report struct {
	Requests      []string `json:"requests"`
	External      []string `json:"external"`
	Failed        []string `json:"failed"`
	ConsoleErrors []string `json:"consoleErrors"`
	PageErrors    []string `json:"pageErrors"`
	AssetsLoaded  bool     `json:"assetsLoaded"`
	EditorReady   bool     `json:"editorReady"`
	ResultMatched bool     `json:"resultMatched"`
	Result        string   `json:"result"`
	Error         string   `json:"error"`
}

// requirePrerequisites skips when the browser toolchain is missing on a
// developer machine, and fails under CI, where make deps installs it.
func requirePrerequisites(t *testing.T, root string) {
	t.Helper()
	var missing []string
	for _, p := range []string{chromium, filepath.Join(root, "web/node_modules/playwright-core"), filepath.Join(root, "web/node_modules/graphiql")} {
		if _, err := os.Stat(p); err != nil {
			missing = append(missing, p)
		}
	}
	if _, err := exec.LookPath("node"); err != nil {
		missing = append(missing, "node")
	}
	if len(missing) == 0 {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("missing %s; run make deps", strings.Join(missing, ", "))
	}
	t.Skipf("missing %s; run make deps (apt-get install chromium, npm ci --prefix web) to run this test", strings.Join(missing, ", "))
}

// lockedBuffer collects a process's log for failure messages.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) WriteString(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b.WriteString(s)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var listening = regexp.MustCompile(`msg=listening url=(http://127\.0\.0\.1:\d+/)`)

// startGateway builds and starts civgraph serve on a free loopback port and
// returns its base URL; cleanup stops it with SIGTERM and checks that it
// shuts down cleanly.
func startGateway(t *testing.T, root string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "civgraph")
	build := exec.Command("go", "build", "-o", bin, "./cmd/civgraph")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/civgraph: %v\n%s", err, out)
	}

	cmd := exec.Command(bin, "serve", "--listen", "127.0.0.1:0")
	cmd.Dir = root
	cmd.Env = []string{"CIVGRAPH_PLAYGROUND_ASSETS_DIR=" + filepath.Join(root, "web/node_modules")}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CIVGRAPH_") { // keep the run hermetic
			cmd.Env = append(cmd.Env, kv)
		}
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			logs.WriteString(sc.Text() + "\n")
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
	}()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-exited:
			if err != nil {
				t.Errorf("civgraph serve did not exit cleanly on SIGTERM: %v\n%s", err, logs)
			}
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
			t.Errorf("civgraph serve ignored SIGTERM for 20s\n%s", logs)
		}
	})

	select {
	case u := <-found:
		return u
	case err := <-exited:
		t.Fatalf("civgraph serve exited early: %v\n%s", err, logs)
	case <-time.After(30 * time.Second):
		t.Fatalf("civgraph serve logged no listening address within 30s\n%s", logs)
	}
	return ""
}

func TestPlaygroundOffline(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	requirePrerequisites(t, root)
	base := startGateway(t, root)

	shots := os.Getenv("E2E_SCREENSHOT_DIR") // keep the screenshot when set
	if shots == "" {
		shots = t.TempDir()
	}
	shot := filepath.Join(shots, "playground.png")

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	node := exec.CommandContext(ctx, "node", "playground.mjs", base, "{ provinces { code name } }", "SHANGHAI", shot)
	var stderr strings.Builder
	node.Stderr = &stderr
	out, err := node.Output()
	if err != nil && !errors.As(err, new(*exec.ExitError)) {
		t.Fatalf("run node: %v", err)
	}
	var r report
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("node printed no report (%v): %s\n%s", err, out, stderr.String())
	}
	t.Logf("screenshot: %s", shot)
	t.Logf("requests:\n  %s", strings.Join(r.Requests, "\n  "))

	if len(r.External) > 0 {
		t.Errorf("the page reached beyond loopback: %v", r.External)
	}
	if len(r.Failed) > 0 {
		t.Errorf("requests failed: %v", r.Failed)
	}
	for _, msg := range append(r.ConsoleErrors, r.PageErrors...) {
		if strings.Contains(msg, "integrity") || strings.Contains(msg, "Content Security Policy") || strings.Contains(msg, "Refused") {
			t.Errorf("browser blocked an asset: %s", msg)
		}
	}
	if !r.AssetsLoaded || !r.EditorReady {
		t.Fatalf("playground did not load (assets %v, editor %v): %s\nconsole: %v %v", r.AssetsLoaded, r.EditorReady, r.Error, r.ConsoleErrors, r.PageErrors)
	}
	if !r.ResultMatched {
		t.Errorf("query result lacks SHANGHAI: %s\nresult pane: %s", r.Error, r.Result)
	}
	if _, err := os.Stat(shot); err != nil {
		t.Errorf("no screenshot: %v", err)
	}
}
