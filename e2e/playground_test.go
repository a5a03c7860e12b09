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
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/civgraph/civgraph/internal/syncbuf"
)

const chromium = "/usr/bin/chromium"

// report is what e2e/playground.mjs prints.
type report struct {
	CJKLine               string   `json:"cjkLine"`
	CJKLineChars          int      `json:"cjkLineChars"`
	CJKLineDistinct       int      `json:"cjkLineDistinct"`
	WebfontLoaded         int      `json:"webfontLoaded"`
	RenderedFonts         []string `json:"renderedFonts"`
	CanvasWebfontDistinct int      `json:"canvasWebfontDistinct"`
	CanvasControlDistinct int      `json:"canvasControlDistinct"`

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
	// Fails rather than skips: a skipped browser test reads as a passed one.
	// make test installs what it needs.
	t.Fatalf("missing %s; run make deps (apt-get install chromium, npm ci --prefix web), or make test", strings.Join(missing, ", "))
}

var listening = regexp.MustCompile(`msg=listening url=(http://127\.0\.0\.1:\d+/)`)

// startGateway builds and starts civgraph serve on a free loopback port,
// with env (KEY=VALUE) added to a hermetic environment, and returns its
// base URL; cleanup stops it with SIGTERM and checks that it shuts down
// cleanly.
func startGateway(t *testing.T, root string, env ...string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "civgraph")
	build := exec.Command("go", "build", "-o", bin, "./cmd/civgraph")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/civgraph: %v\n%s", err, out)
	}

	cmd := exec.Command(bin, "serve", "--listen", "127.0.0.1:0")
	cmd.Dir = root
	cmd.Env = append([]string{"CIVGRAPH_PLAYGROUND_ASSETS_DIR=" + filepath.Join(root, "web/node_modules")}, env...)
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
	logs := &syncbuf.Buffer{}
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

	shot := filepath.Join(artifactDir(t), "playground.png")

	var r report
	runScript(t, 90*time.Second, []string{"FONTCONFIG_FILE=" + fontconfigWithoutCJK(t)}, &r,
		"playground.mjs", base, "{ provinces { code name } }", "SHANGHAI", shot)
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

	// Chinese in glyphs, not boxes, from the shipped webfont alone.
	t.Logf("CJK line %q: %d distinct characters, %d distinct on screen; drawn with %v; %d webfont slices loaded",
		r.CJKLine, r.CJKLineChars, r.CJKLineDistinct, r.RenderedFonts, r.WebfontLoaded)
	if r.CanvasControlDistinct != 1 {
		t.Fatalf("the control drew %d different shapes for distinct CJK characters in a family without CJK, want 1 box for all: "+
			"a system CJK font is still visible, so this test could not tell the webfont's glyphs from a fallback", r.CanvasControlDistinct)
	}
	if r.CanvasWebfontDistinct != len([]rune(cjkSample)) {
		t.Errorf("the shipped family drew %d distinct shapes for %d distinct CJK characters on a canvas", r.CanvasWebfontDistinct, len([]rune(cjkSample)))
	}
	if r.CJKLineChars < 2 || r.CJKLineDistinct != r.CJKLineChars {
		t.Errorf("result line %q: %d distinct CJK characters rendered to %d distinct images; boxes instead of glyphs", r.CJKLine, r.CJKLineChars, r.CJKLineDistinct)
	}
	drawnWithWebfont := slices.ContainsFunc(r.RenderedFonts, func(f string) bool {
		return strings.HasPrefix(f, "Noto Sans SC") && strings.HasSuffix(f, "(webfont)")
	})
	if r.WebfontLoaded == 0 || !drawnWithWebfont {
		t.Errorf("the result line was not drawn with the shipped webfont: fonts %v, %d slices loaded", r.RenderedFonts, r.WebfontLoaded)
	}
}

// runScript runs a browser script (node SCRIPT ARGS…, with env added)
// within timeout and decodes the JSON report it prints into report.
func runScript(t *testing.T, timeout time.Duration, env []string, report any, script string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	node := exec.CommandContext(ctx, "node", append([]string{script}, args...)...)
	node.Env = append(os.Environ(), env...)
	var stderr strings.Builder
	node.Stderr = &stderr
	out, err := node.Output()
	if err != nil && !errors.As(err, new(*exec.ExitError)) {
		t.Fatalf("run node %s: %v", script, err)
	}
	if err := json.Unmarshal(out, report); err != nil {
		t.Fatalf("node %s printed no report (%v): %s\n%s", script, err, out, stderr.String())
	}
}

// cjkSample is the string playground.mjs draws on a canvas.
const cjkSample = "民政河北湖上海江苏"

// fontconfigWithoutCJK writes a fontconfig file that shows Chromium the
// machine's fonts minus the CJK ones (links to them in a temporary
// directory), as on a machine without CJK fonts, and returns its path.
func fontconfigWithoutCJK(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	fonts := filepath.Join(dir, "fonts")
	if err := os.Mkdir(fonts, 0o755); err != nil {
		t.Fatal(err)
	}
	cjk := regexp.MustCompile(`(?i)cjk|wqy|arphic|uming|ukai|droidsansfallback|notosans(sc|tc|jp|kr|hk)|sourcehan|unifont`)
	for _, root := range []string{"/usr/share/fonts", "/usr/local/share/fonts"} {
		_ = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || cjk.MatchString(path) {
				return nil
			}
			switch strings.ToLower(filepath.Ext(path)) {
			case ".ttf", ".otf", ".ttc", ".pfb", ".woff", ".woff2":
				_ = os.Symlink(path, filepath.Join(fonts, strings.ReplaceAll(strings.TrimPrefix(path, "/"), "/", "_")))
			}
			return nil
		})
	}
	conf := filepath.Join(dir, "fonts.conf")
	body := `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>` + fonts + `</dir>
  <cachedir>` + filepath.Join(dir, "cache") + `</cachedir>
</fontconfig>
`
	if err := os.WriteFile(conf, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return conf
}
