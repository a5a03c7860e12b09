package server_test

import (
	"crypto/sha256"
	"encoding/base64"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"

	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/schema"
)

var pageAssets = []string{
	"graphiql/graphiql.min.js", "graphiql/graphiql.min.css",
	"react/umd/react.production.min.js", "react-dom/umd/react-dom.production.min.js",
	"@fontsource/noto-sans-sc/400.css",
}

// fakeAssets makes an assets dir holding placeholder files.
func fakeAssets(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range append(pageAssets, "playwright-core/package.json", "@fontsource/noto-sans-sc/package.json",
		"@fontsource/noto-sans-sc/files/noto-sans-sc-7-400-normal.woff2", "@fontsource/noto-sans-sc/files/noto-sans-sc-7-700-normal.woff2") {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("/* "+f+" */"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func playgroundConfig(dir string) config.Config {
	cfg := config.Default()
	cfg.Playground.AssetsDir = dir
	return cfg
}

// noRedirect is a client that reports redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func get(t *testing.T, client *http.Client, u string) (*http.Response, string) {
	t.Helper()
	resp, err := client.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

func TestPlaygroundPage(t *testing.T) {
	srv, _ := start(t, playgroundConfig(fakeAssets(t)), echoGraphQL(), nil)

	resp, _ := get(t, noRedirect, srv.URL+"/")
	loc, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil || !strings.Contains(loc.Query().Get("query"), "query AllProvinces") {
		t.Fatalf("bare / = %d Location %q, want a redirect carrying the examples", resp.StatusCode, resp.Header.Get("Location"))
	}

	resp, page := get(t, http.DefaultClient, srv.URL+"/")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for _, want := range append([]string{"民政", "Civil-affairs"}, pageAssets...) {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, ref := range regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(page, -1) {
		if !strings.HasPrefix(ref[1], "/playground/assets/") && ref[1] != "/favicon.ico" {
			t.Errorf("page loads %s from outside the gateway", ref[1])
		}
	}
	// The headers editor, where API keys go (e2e/playground_examples.mjs
	// types one into it), is on in gqlgen's page.
	if !strings.Contains(page, "isHeadersEditorEnabled: true") {
		t.Error("GraphiQL's headers editor is not enabled in the page")
	}
	// Keys typed into it stay out of the URL and the browser's storage.
	if !strings.Contains(page, "shouldPersistHeaders: false") || strings.Contains(page, "onEditHeaders: onEditHeaders") {
		t.Error("the page persists the headers editor's contents (API keys) in the URL or the browser's storage")
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "connect-src 'self'") || !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP %q does not keep the page on its origin", csp)
	}
}

func TestPlaygroundExamplesMatchSchema(t *testing.T) {
	sdl, err := schema.Load()
	if err != nil {
		t.Fatalf("load schema: %v", err)
	}
	srv, _ := start(t, playgroundConfig(fakeAssets(t)), echoGraphQL(), nil)
	resp, _ := get(t, noRedirect, srv.URL+"/")
	loc, _ := url.Parse(resp.Header.Get("Location"))
	doc, errs := gqlparser.LoadQuery(sdl, loc.Query().Get("query"))
	if len(errs) > 0 {
		t.Fatalf("examples do not validate against the schema: %v", errs)
	}
	if len(doc.Operations) < 6 {
		t.Errorf("%d example operations, want at least 6", len(doc.Operations))
	}
	// Each example is introduced by a comment in Chinese and in English.
	han, latin := regexp.MustCompile(`\p{Han}`), regexp.MustCompile(`[A-Za-z]{3}`)
	lines := strings.Split(loc.Query().Get("query"), "\n")
	for i, line := range lines {
		if !strings.HasPrefix(line, "query ") {
			continue
		}
		var comment strings.Builder
		for j := i - 1; j >= 0 && strings.HasPrefix(lines[j], "#"); j-- {
			comment.WriteString(lines[j])
		}
		if c := comment.String(); !han.MatchString(c) || !latin.MatchString(c) {
			t.Errorf("%s: no explanation in Chinese and English above it (%q)", line, c)
		}
	}
	if page := loc.Query().Get("query"); !strings.Contains(page, "X-API-Key") || !strings.Contains(page, "Authorization") {
		t.Error("the intro does not show how to send an API key or a token in the headers editor")
	}
}

func TestPlaygroundAssets(t *testing.T) {
	dir := fakeAssets(t)
	srv, _ := start(t, playgroundConfig(dir), echoGraphQL(), nil)
	tests := []struct {
		path   string
		status int
	}{
		{"/playground/assets/graphiql/graphiql.min.js", http.StatusOK},
		{"/playground/assets/react-dom/umd/react-dom.production.min.js", http.StatusOK},
		{"/playground/assets/playwright-core/package.json", http.StatusNotFound}, // installed but not a page asset
		{"/playground/assets/@fontsource/noto-sans-sc/400.css", http.StatusOK},
		{"/playground/assets/@fontsource/noto-sans-sc/files/noto-sans-sc-7-400-normal.woff2", http.StatusOK},
		{"/playground/assets/@fontsource/noto-sans-sc/files/noto-sans-sc-7-700-normal.woff2", http.StatusNotFound}, // a weight the page does not use
		{"/playground/assets/@fontsource/noto-sans-sc/package.json", http.StatusNotFound},
		{"/playground/assets/graphiql/", http.StatusNotFound},
		{"/playground/assets/%2e%2e/%2e%2e/go.mod", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, body := get(t, noRedirect, srv.URL+tt.path)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.status == http.StatusOK && !strings.Contains(body, strings.TrimPrefix(tt.path, "/playground/assets/")) {
				t.Errorf("served %q, not the file", body)
			}
		})
	}
}

func TestPlaygroundWithoutAssets(t *testing.T) {
	srv, _ := start(t, playgroundConfig(filepath.Join(t.TempDir(), "absent")), echoGraphQL(), nil)
	resp, body := get(t, noRedirect, srv.URL+"/")
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "make web") || strings.Contains(body, "https://") {
		t.Errorf("%d %s, want 503 explaining make web, without a CDN fallback", resp.StatusCode, body)
	}
}

func TestPlaygroundDisabled(t *testing.T) {
	cfg := playgroundConfig(fakeAssets(t))
	cfg.Playground.Enabled = false
	srv, _ := start(t, cfg, echoGraphQL(), nil)
	for _, p := range []string{"/", "/playground/assets/graphiql/graphiql.min.js"} {
		if resp, _ := get(t, noRedirect, srv.URL+p); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", p, resp.StatusCode)
		}
	}
}

// TestAssetIntegrity proves the installed npm files are the ones the page's
// integrity hashes name; a browser would refuse them otherwise.
func TestAssetIntegrity(t *testing.T) {
	dir, _ := filepath.Abs("../web/node_modules")
	if _, err := os.Stat(filepath.Join(dir, "graphiql")); err != nil {
		// A missing install fails rather than skips: a skipped check reads
		// as a passed one. make test installs them.
		t.Fatalf("web/node_modules not installed (run make web, or make test): %v", err)
	}
	srv, _ := start(t, playgroundConfig(dir), echoGraphQL(), nil)
	_, page := get(t, http.DefaultClient, srv.URL+"/")
	refs := regexp.MustCompile(`(?s)(?:src|href)="([^"]+)"\s+integrity="([^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(refs) != len(pageAssets) {
		t.Fatalf("found %d integrity-checked assets, want %d", len(refs), len(pageAssets))
	}
	for _, ref := range refs {
		t.Run(ref[1], func(t *testing.T) {
			resp, body := get(t, http.DefaultClient, srv.URL+html.UnescapeString(ref[1]))
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			sum := sha256.Sum256([]byte(body))
			if got := "sha256-" + base64.StdEncoding.EncodeToString(sum[:]); got != html.UnescapeString(ref[2]) {
				t.Errorf("served file hashes to %s, page expects %s", got, ref[2])
			}
		})
	}
}
