package server_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"html"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"

	"github.com/civgraph/civgraph/persisted"
	"github.com/civgraph/civgraph/schema"
)

func realAssets(t *testing.T) string {
	t.Helper()
	dir, _ := filepath.Abs("../web/node_modules")
	if _, err := os.Stat(filepath.Join(dir, "echarts/dist/echarts.min.js")); err != nil {
		t.Fatalf("web/node_modules lacks echarts (run make web, or make test): %v", err)
	}
	return dir
}

// TestDashboardPagesOffline proves the pages load only this origin's
// files, each pinned asset matching the integrity hash the page names,
// under a policy that forbids inline scripts.
func TestDashboardPagesOffline(t *testing.T) {
	srv, _ := start(t, playgroundConfig(realAssets(t)), echoGraphQL(), nil)
	for _, p := range []string{"/compare", "/map"} {
		t.Run(p, func(t *testing.T) {
			resp, page := get(t, http.DefaultClient, srv.URL+p)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			csp := resp.Header.Get("Content-Security-Policy")
			if !strings.Contains(csp, "script-src 'self';") || !strings.Contains(csp, "connect-src 'self'") {
				t.Errorf("policy %q allows more than this origin's scripts", csp)
			}
			if strings.Contains(page, "<script>") || regexp.MustCompile(`(?:src|href)="(?:https?:)?//`).MatchString(page) {
				t.Error("the page has an inline script or a reference to another host")
			}
			refs := regexp.MustCompile(`(?:src|href)="([^"]+)"\s+integrity="([^"]+)"`).FindAllStringSubmatch(page, -1)
			if len(refs) != 2 { // the webfont's stylesheet and ECharts
				t.Fatalf("found %d integrity-checked assets, want 2", len(refs))
			}
			for _, ref := range refs {
				resp, body := get(t, http.DefaultClient, srv.URL+html.UnescapeString(ref[1]))
				sum := sha256.Sum256([]byte(body))
				if got := "sha256-" + base64.StdEncoding.EncodeToString(sum[:]); resp.StatusCode != http.StatusOK || got != ref[2] {
					t.Errorf("%s: status %d, hashes to %s, page expects %s", ref[1], resp.StatusCode, got, ref[2])
				}
			}
			for _, src := range regexp.MustCompile(`src="(/dashboard/[^"]+)"`).FindAllStringSubmatch(page, -1) {
				resp, body := get(t, http.DefaultClient, srv.URL+src[1])
				if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") {
					t.Errorf("%s: status %d, type %q", src[1], resp.StatusCode, resp.Header.Get("Content-Type"))
				}
				if regexp.MustCompile(`https?://`).MatchString(body) {
					t.Errorf("%s names another host", src[1])
				}
			}
		})
	}
}

// TestDashboardFilesAllowList serves only the pages' own scripts, styles
// and manifest, never other embedded or local files.
func TestDashboardFilesAllowList(t *testing.T) {
	srv, _ := start(t, playgroundConfig(realAssets(t)), echoGraphQL(), nil)
	for p, want := range map[string]int{
		"/dashboard/compare.js":                   http.StatusOK,
		"/dashboard/dashboard.css":                http.StatusOK,
		"/dashboard/operations.json":              http.StatusOK,
		"/dashboard/boundaries.json":              http.StatusOK,
		"/dashboard/operations.mjs":               http.StatusNotFound,
		"/dashboard/compare.html":                 http.StatusNotFound,
		"/dashboard/..%2fdashboard.go":            http.StatusNotFound,
		"/dashboard/missing.js":                   http.StatusNotFound,
		"/playground/assets/echarts/package.json": http.StatusNotFound,
	} {
		if resp, _ := get(t, noRedirect, srv.URL+p); resp.StatusCode != want {
			t.Errorf("%s: status %d, want %d", p, resp.StatusCode, want)
		}
	}
}

// TestDashboardBoundaries serves the provinces' outlines the pages draw:
// small, the four provinces by the API's codes, closed rings of WGS-84
// longitude/latitude within China (web/boundaries/build.mjs writes the
// file; e2e checks the regions' seats fall inside).
func TestDashboardBoundaries(t *testing.T) {
	srv, _ := start(t, playgroundConfig(realAssets(t)), echoGraphQL(), nil)
	resp, body := get(t, http.DefaultClient, srv.URL+"/dashboard/boundaries.json")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if len(body) > 100_000 {
		t.Errorf("%d bytes: simplify further", len(body))
	}
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Properties struct{ Code, Region, Name, NameEn string }
			Geometry   struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal([]byte(body), &fc); err != nil || fc.Type != "FeatureCollection" {
		t.Fatalf("not a GeoJSON FeatureCollection: %v", err)
	}
	want := map[string]string{"HEBEI": "130000", "HUBEI": "420000", "JIANGSU": "320000", "SHANGHAI": "310000"}
	for _, f := range fc.Features {
		p := f.Properties
		if want[p.Code] != p.Region || p.Name == "" || p.NameEn == "" {
			t.Errorf("unexpected feature %+v", p)
		}
		delete(want, p.Code)
		var polys [][][][2]float64
		var err error
		if f.Geometry.Type == "Polygon" {
			polys = make([][][][2]float64, 1)
			err = json.Unmarshal(f.Geometry.Coordinates, &polys[0])
		} else {
			err = json.Unmarshal(f.Geometry.Coordinates, &polys)
		}
		if err != nil || len(polys) == 0 {
			t.Fatalf("%s: %s geometry: %v", p.Code, f.Geometry.Type, err)
		}
		for _, poly := range polys {
			for _, ring := range poly {
				if len(ring) < 4 || ring[0] != ring[len(ring)-1] {
					t.Errorf("%s: a ring of %d points is not closed", p.Code, len(ring))
				}
				for _, pt := range ring {
					if pt[0] < 73 || pt[0] > 136 || pt[1] < 18 || pt[1] > 54 {
						t.Fatalf("%s: vertex %v is not a longitude/latitude in China", p.Code, pt)
					}
				}
			}
		}
	}
	if len(want) > 0 {
		t.Errorf("no outline for %v", want)
	}
}

// TestDashboardNeedsAssets explains the install step instead of serving a
// page whose chart library is missing.
func TestDashboardNeedsAssets(t *testing.T) {
	srv, _ := start(t, playgroundConfig(t.TempDir()), echoGraphQL(), nil)
	resp, body := get(t, http.DefaultClient, srv.URL+"/compare")
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "echarts") {
		t.Errorf("status %d, body %.200q", resp.StatusCode, body)
	}
}

// TestDashboardOperationsTrusted proves every operation the pages send is
// in their trusted-document manifest, under its sha256 hash, and valid
// against the schema, so the pages run on a gateway set to trusted
// documents only (graphql.trusted_documents_file pointing at it).
func TestDashboardOperationsTrusted(t *testing.T) {
	raw, err := os.ReadFile("dashboard/operations.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := persisted.ParseManifest(raw); err != nil {
		t.Fatalf("manifest does not load: %v", err)
	}
	var docs map[string]string
	if err := json.Unmarshal(raw, &docs); err != nil {
		t.Fatal(err)
	}
	s, err := schema.Load()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for hash, body := range docs {
		sum := sha256.Sum256([]byte(body))
		if hex.EncodeToString(sum[:]) != hash {
			t.Errorf("document listed under %s hashes otherwise", hash)
		}
		doc, perr := parser.ParseQuery(&ast.Source{Input: body})
		if perr != nil {
			t.Fatalf("%s: %v", hash, perr)
		}
		if errs := validator.Validate(s, doc); len(errs) > 0 {
			t.Errorf("%s does not validate: %v", doc.Operations[0].Name, errs)
		}
		for _, op := range doc.Operations {
			names[op.Name] = true
		}
	}
	used := 0
	for _, f := range []string{"dashboard/compare.js", "dashboard/map.js"} {
		js, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`query\('(\w+)'`).FindAllStringSubmatch(string(js), -1) {
			used++
			if !names[m[1]] {
				t.Errorf("%s sends %s, which is not in operations.json", f, m[1])
			}
		}
	}
	if used < 3 {
		t.Errorf("found %d operations in the pages' scripts, want at least 3", used)
	}
}

// TestDashboardTileServer hands the configured tile URL to the map and lets
// its origin, and only it, into the pages' img-src.
func TestDashboardTileServer(t *testing.T) {
	cfg := playgroundConfig(realAssets(t))
	cfg.Playground.MapTileURL = "http://tiles.lan:8088/{z}/{x}/{y}.png"
	srv, _ := start(t, cfg, echoGraphQL(), nil)
	resp, _ := get(t, http.DefaultClient, srv.URL+"/map")
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self' http://tiles.lan:8088 data:") {
		t.Errorf("policy %q does not let the tiles in", csp)
	}
	_, body := get(t, http.DefaultClient, srv.URL+"/dashboard/settings.json")
	var settings struct{ MapTileURL string }
	if err := json.Unmarshal([]byte(body), &settings); err != nil || settings.MapTileURL != cfg.Playground.MapTileURL {
		t.Errorf("settings %s (%v)", body, err)
	}

	plain, _ := start(t, playgroundConfig(realAssets(t)), echoGraphQL(), nil)
	resp, _ = get(t, http.DefaultClient, plain.URL+"/map")
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self' data: blob:;") {
		t.Errorf("without a tile URL the policy %q lets other images in", csp)
	}
}
