package server

import (
	"bytes"
	"embed"
	"encoding/json"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
)

// The dashboard pages (/compare and /map) and their scripts are embedded
// in the binary; the charting library comes from the assets dir like the
// playground's files, pinned by web/package.json and checked against
// echartsJSSRI by a test.
const (
	dashboardPath = "/dashboard/"
	echartsJS     = "echarts/dist/echarts.min.js"
	echartsJSSRI  = "sha256-tmslrrTfhOMxmdwhaUAU0zbSIsvZ3rDlp8FL1qoND9A=" // of echarts 6.1.0
)

//go:embed dashboard
var dashboardFiles embed.FS

// dashboard/operations.json is the trusted-document manifest
// (graphql-codegen's {sha256: document} form) of every operation the pages
// send, written by dashboard/operations.mjs; point
// graphql.trusted_documents_file at it to run the pages on a gateway that
// accepts trusted documents only.

func init() { assets[echartsJS] = true }

// dashboardPageCSP is the playground's policy without inline scripts: the
// pages load only their own files and the pinned assets.
const dashboardPageCSP = "default-src 'none'; script-src 'self'; " +
	"style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
	"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

type dashboard struct {
	assetsDir string // for the missing-assets page
	files     fs.FS  // the playground's assets (the dir, or built in)
	tileURL   string // playground.map_tile_url: "" or a validated http(s) template
}

// csp is dashboardPageCSP, letting images come from the tile server too.
func (d dashboard) csp() string {
	u, err := url.Parse(strings.NewReplacer("{z}", "0", "{x}", "0", "{y}", "0").Replace(d.tileURL))
	if d.tileURL == "" || err != nil {
		return dashboardPageCSP
	}
	return strings.Replace(dashboardPageCSP, "img-src 'self'", "img-src 'self' "+u.Scheme+"://"+u.Host, 1)
}

// settings tells the pages the configuration they need: the tile URL.
func (d dashboard) settings(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-cache")
	_ = json.NewEncoder(w).Encode(map[string]string{"mapTileURL": d.tileURL})
}

// dashboardPage is the head both pages share; each page's body is its
// embedded fragment (dashboard/NAME.html) and its script dashboard/NAME.js.
var dashboardPage = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{{.Title}}</title>
<link rel="icon" href="/favicon.ico" sizes="32x32">
<link rel="stylesheet" href="` + assetsPath + cjkFontCSS + `" integrity="` + cjkFontCSSSRI + `" crossorigin="anonymous">
<link rel="stylesheet" href="` + dashboardPath + `dashboard.css">
<script src="` + assetsPath + echartsJS + `" integrity="` + echartsJSSRI + `" crossorigin="anonymous" defer></script>
<script src="` + dashboardPath + `common.js" defer></script>
<script src="` + dashboardPath + `{{.Name}}.js" defer></script>
</head>
<body>
{{.Body}}</body>
</html>
`))

// page serves the page made of dashboard/name.html, or explains how to
// install the charting library when it is missing.
func (d dashboard) page(name, title string) http.Handler {
	fragment, err := dashboardFiles.ReadFile("dashboard/" + name + ".html")
	if err != nil {
		panic("server: no embedded dashboard page " + name) // a build mistake, caught by the tests
	}
	var buf bytes.Buffer
	if err := dashboardPage.Execute(&buf, map[string]any{"Title": title, "Name": name, "Body": template.HTML(fragment)} /* our own embedded markup */); err != nil {
		panic(err)
	}
	body := buf.Bytes()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, f := range []string{echartsJS, cjkFontCSS} {
			if _, err := fs.Stat(d.files, f); err != nil {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.WriteHeader(http.StatusServiceUnavailable)
				_ = missingAssetsPage.Execute(w, map[string]string{"Dir": d.assetsDir, "File": f})
				return
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", d.csp())
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = w.Write(body)
	})
}

// file serves the pages' scripts, stylesheet, operation manifest and the
// provinces' outlines (dashboard/boundaries.json, written by
// web/boundaries/build.mjs; its provenance is web/boundaries/PROVENANCE.md).
func (d dashboard) file(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	types := map[string]string{".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".json": "application/json"}
	ct, ok := types[path.Ext(name)]
	if !ok || path.Base(name) != name {
		http.NotFound(w, r)
		return
	}
	body, err := dashboardFiles.ReadFile("dashboard/" + name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(body)
}
