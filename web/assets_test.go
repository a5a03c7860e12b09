//go:build embedassets

package web_test

import (
	"crypto/sha256"
	"encoding/base64"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/server"
	"github.com/civgraph/civgraph/web"
)

// TestEmbeddedPlayground serves the playground from the built-in assets,
// with an assets directory that does not exist, and loads every file the
// page refers to, checking the scripts against their integrity hashes.
func TestEmbeddedPlayground(t *testing.T) {
	cfg := config.Default()
	cfg.Playground.AssetsDir = t.TempDir() + "/absent"
	srv := httptest.NewServer(server.New(cfg, http.NotFoundHandler(), nil, nil, server.WithPlaygroundAssets(web.Assets)))
	defer srv.Close()
	get := func(path string) (*http.Response, []byte) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	resp, page := get("/?query=%7B%20provinces%20%7B%20name%20%7D%20%7D")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("page: %d\n%s", resp.StatusCode, page)
	}
	refs := regexp.MustCompile(`(?:src|href)="(/playground/assets/[^"]+)"(?:[^>]*integrity="([^"]+)")?`).FindAllStringSubmatch(string(page), -1)
	if len(refs) < 5 {
		t.Fatalf("the page refers to %d assets: %s", len(refs), page)
	}
	for _, ref := range refs {
		resp, body := get(ref[1])
		if resp.StatusCode != http.StatusOK || len(body) == 0 {
			t.Errorf("%s: %d", ref[1], resp.StatusCode)
			continue
		}
		if ref[2] != "" && strings.HasPrefix(ref[2], "sha256-") {
			sum := sha256.Sum256(body)
			if got, want := "sha256-"+base64.StdEncoding.EncodeToString(sum[:]), html.UnescapeString(ref[2]); got != want {
				t.Errorf("%s: integrity %s, page expects %s", ref[1], got, want)
			}
		}
		if strings.HasSuffix(ref[1], ".css") && strings.Contains(ref[1], "noto-sans-sc") {
			slice := regexp.MustCompile(`url\(\./(files/[^)]+\.woff2)\)`).FindStringSubmatch(string(body))
			if slice == nil {
				t.Fatalf("no WOFF2 slice in the font stylesheet")
			}
			if r, _ := get("/playground/assets/@fontsource/noto-sans-sc/" + slice[1]); r.StatusCode != http.StatusOK {
				t.Errorf("font slice %s: %d", slice[1], r.StatusCode)
			}
		}
	}
}
