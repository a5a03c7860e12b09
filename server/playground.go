package server

import (
	"errors"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"regexp"
	"strings"

	"github.com/99designs/gqlgen/graphql/playground"
)

const (
	assetsPath      = "/playground/assets/"
	playgroundTitle = "civgraph · 民政数据 GraphQL 网关 · Civil-affairs GraphQL gateway"
)

// The files gqlgen's playground page loads, relative to the assets dir
// (npm's node_modules), with gqlgen v0.17.98's subresource-integrity hashes.
// web/package.json pins the npm versions whose files have exactly these
// hashes (graphiql 4.1.2, react and react-dom 18.2.0); a test checks them.
const (
	graphiqlJS  = "graphiql/graphiql.min.js"
	graphiqlCSS = "graphiql/graphiql.min.css"
	reactJS     = "react/umd/react.production.min.js"
	reactDOMJS  = "react-dom/umd/react-dom.production.min.js"

	graphiqlJSSRI  = "sha256-hnImuor1znlJkD/FOTL3jayfS/xsyNoP04abi8bFJWs="
	graphiqlCSSSRI = "sha256-MEh+B2NdMSpj9kexQNN3QKc8UzMrCXW/Sx/phcpuyIU="
	reactJSSRI     = "sha256-S0lp+k7zWUMk2ixteM6HZvu8L9Eh//OVrt+ZfbCpmgY="
	reactDOMJSSRI  = "sha256-IXWO0ITNDjfnNXIu5POVfqlgYoop36bDzhodR6LW5Pc="
)

// The CJK webfont (web/package.json pins @fontsource/noto-sans-sc): its
// stylesheet declares one @font-face per unicode-range slice, so the
// browser fetches only the slices holding characters on the page. Without
// it a machine without CJK fonts shows boxes for every Chinese string.
const (
	cjkFontFamily = "Noto Sans SC"
	cjkFontCSS    = "@fontsource/noto-sans-sc/400.css"
	cjkFontCSSSRI = "sha256-AOlPLrEtwiID7IQfH/HpSoIJKPOrAXn86ED+QYLnsNM=" // of 5.3.0
)

// cjkFontFile matches the font files cjkFontCSS refers to.
// The named slices (Latin, Cyrillic, Vietnamese) draw the dashboard's
// chart text, which is set in this family throughout.
var cjkFontFile = regexp.MustCompile(`^@fontsource/noto-sans-sc/files/noto-sans-sc-([0-9]{1,3}|latin|latin-ext|cyrillic|vietnamese)-400-normal\.woff2?$`)

// assets lists every file served under assetsPath: only what the page
// needs (plus the source map for browser dev tools), never the rest of
// node_modules. Font slices are matched by cjkFontFile.
var assets = map[string]bool{
	graphiqlJS: true, graphiqlJS + ".map": true, graphiqlCSS: true, reactJS: true, reactDOMJS: true, cjkFontCSS: true,
}

// pageHead goes into gqlgen's page before </head>: the favicon and the CJK
// font, put after each of GraphiQL's own font stacks (its Latin fonts keep
// their glyphs; Chinese falls through to the webfont) in the UI, the
// editors and their pop-ups.
const pageHead = `<link rel="icon" href="/favicon.ico" sizes="32x32">
	<link rel="stylesheet" href="` + assetsPath + cjkFontCSS + `" integrity="` + cjkFontCSSSRI + `" crossorigin="anonymous">
	<style>
		.graphiql-container, .CodeMirror-info, .CodeMirror-lint-tooltip, .graphiql-dialog,
		.graphiql-dialog-overlay, .graphiql-tooltip, [data-radix-popper-content-wrapper] {
			--font-family: "Roboto", "` + cjkFontFamily + `", sans-serif;
			--font-family-mono: "Fira Code", "` + cjkFontFamily + `", monospace;
		}
		body, .CodeMirror, .CodeMirror-hints, .CodeMirror-lint-tooltip {
			font-family: "Fira Code", "` + cjkFontFamily + `", monospace;
		}
		.graphiql-container .CodeMirror { font-family: var(--font-family-mono); }
	</style>
`

// contentSecurityPolicy keeps the page on this origin: even a stray
// reference to a CDN would be blocked, so the playground behaves the same
// offline as online. GraphiQL's bootstrap script and styles are inline.
const contentSecurityPolicy = "default-src 'none'; script-src 'self' 'unsafe-inline'; " +
	"style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
	"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

type playgroundHandler struct {
	dir   string // where files come from, for the missing-assets page
	files fs.FS  // the assets: dir, or the ones built into the binary
	page  http.Handler
}

// newPlayground serves the page with its assets from files, or when files
// is nil from the directory dir.
func newPlayground(dir string, files fs.FS) *playgroundHandler {
	if files == nil {
		files = os.DirFS(dir)
	} else {
		dir = "(built into the binary)"
	}
	return &playgroundHandler{
		dir:   dir,
		files: files,
		page: playground.Handler(playgroundTitle, "/graphql",
			playground.WithGraphiqlVersion(assetsPath+graphiqlJS, assetsPath+graphiqlCSS, graphiqlJSSRI, graphiqlCSSSRI),
			playground.WithGraphiqlReactVersion(assetsPath+reactJS, assetsPath+reactDOMJS, reactJSSRI, reactDOMJSSRI),
			// The page takes its initial query from ?query=, which is how
			// the examples reach it; edits keep the URL shareable.
			playground.WithGraphiqlPersistStateInURL(true),
			playground.WithStoragePrefix("civgraph:"),
		),
	}
}

// ServeHTTP serves the page, or explains how to install its assets.
func (p *playgroundHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if missing := p.missingAsset(); missing != "" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		_ = missingAssetsPage.Execute(w, map[string]string{"Dir": p.dir, "File": missing})
		return
	}
	// gqlgen's page has no option for a default query, but it reads one
	// from the URL; a bare visit is sent to the examples.
	q := r.URL.Query()
	if !q.Has("query") && !q.Has("operationName") && !q.Has("variables") && !q.Has("headers") {
		http.Redirect(w, r, "/?"+url.Values{"query": {defaultQuery}}.Encode(), http.StatusFound)
		return
	}
	// gqlgen's page has no option for extra head elements: render it, then
	// add ours.
	rec := &pageBuffer{header: http.Header{}, code: http.StatusOK}
	p.page.ServeHTTP(rec, r)
	page := strings.Replace(rec.body.String(), "</head>", pageHead+"</head>", 1)
	page = keepHeadersPrivate(page)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", contentSecurityPolicy)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(rec.code)
	_, _ = io.WriteString(w, page)
}

// pageBuffer holds the page gqlgen renders, to be completed before sending.
type pageBuffer struct {
	header http.Header
	code   int
	body   strings.Builder
}

func (b *pageBuffer) Header() http.Header         { return b.header }
func (b *pageBuffer) WriteHeader(code int)        { b.code = code }
func (b *pageBuffer) Write(p []byte) (int, error) { return b.body.Write(p) }

// missingAsset returns the first page asset not installed, or "".
func (p *playgroundHandler) missingAsset() string {
	for _, f := range []string{graphiqlJS, graphiqlCSS, reactJS, reactDOMJS, cjkFontCSS} {
		if _, err := fs.Stat(p.files, f); err != nil {
			return f
		}
	}
	return ""
}

// serveAsset serves one allow-listed file from the assets dir.
func (p *playgroundHandler) serveAsset(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	if !assets[name] && !cjkFontFile.MatchString(name) {
		http.NotFound(w, r)
		return
	}
	f, err := p.files.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		http.Error(w, "asset unavailable", http.StatusInternalServerError)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	content, seekable := f.(io.ReadSeeker) // as the files of os.DirFS and embed.FS are
	if err != nil || !seekable {
		http.Error(w, "asset unavailable", http.StatusInternalServerError)
		return
	}
	// Pinned versions (scripts behind integrity hashes): safe to cache for
	// a day.
	w.Header().Set("Cache-Control", "public, max-age=86400")
	switch path.Ext(name) { // not in Go's built-in MIME table everywhere
	case ".woff2":
		w.Header().Set("Content-Type", "font/woff2")
	case ".woff":
		w.Header().Set("Content-Type", "font/woff")
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, name, st.ModTime(), content)
}

var missingAssetsPage = template.Must(template.New("missing").Parse(`<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>civgraph · 调试页面未安装 · Playground assets missing</title></head>
<body style="font-family: sans-serif; max-width: 44rem; margin: 3rem auto; line-height: 1.6">
<h1>调试页面的前端文件尚未安装<br>The playground's assets are not installed</h1>
<p>GraphiQL 调试页面从本机加载其脚本和样式（离线可用，不访问 CDN），但在
<code>{{.Dir}}</code> 中找不到 <code>{{.File}}</code>。</p>
<p>The GraphiQL playground loads its scripts and styles from this machine (it works
offline and never uses a CDN), but <code>{{.File}}</code> was not found in
<code>{{.Dir}}</code>.</p>
<p>在仓库根目录运行 / In the repository root, run:</p>
<pre>make web        # = npm ci --prefix web</pre>
<p>然后刷新本页。若文件在别处，请设置 <code>playground.assets_dir</code>
（环境变量 <code>CIVGRAPH_PLAYGROUND_ASSETS_DIR</code>）。<br>
Then reload this page. If the files live elsewhere, set <code>playground.assets_dir</code>
(environment variable <code>CIVGRAPH_PLAYGROUND_ASSETS_DIR</code>).</p>
<p>GraphQL 接口不受影响 / The GraphQL endpoint itself works: <code>POST /graphql</code>.</p>
</body>
</html>
`))

// keepHeadersPrivate stops gqlgen's page from writing the headers editor's
// contents (API keys, bearer tokens) into the page's URL, where they would
// stay in the address bar, history and shared links, and into the
// browser's storage: the editor still sends them, for this page's life.
// A header given in a ?headers= link is still read.
func keepHeadersPrivate(page string) string {
	page = strings.Replace(page, "shouldPersistHeaders: true", "shouldPersistHeaders: false", 1)
	return strings.Replace(page, "onEditHeaders: onEditHeaders,", "", 1)
}
