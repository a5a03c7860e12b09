//go:build embedassets

package web

import (
	"embed"
	"io/fs"
)

// The files server/playground.go serves, and no more: the page's scripts
// and styles, GraphiQL's source map, and the CJK font's stylesheet with
// its WOFF2 slices (every browser that runs GraphiQL takes WOFF2, so the
// stylesheet's WOFF fallbacks are never fetched).
//
//go:embed node_modules/graphiql/graphiql.min.js node_modules/graphiql/graphiql.min.js.map node_modules/graphiql/graphiql.min.css
//go:embed node_modules/react/umd/react.production.min.js node_modules/react-dom/umd/react-dom.production.min.js
//go:embed node_modules/@fontsource/noto-sans-sc/400.css node_modules/@fontsource/noto-sans-sc/files/*-400-normal.woff2
//go:embed node_modules/echarts/dist/echarts.min.js
var files embed.FS

// Assets are the playground's files, laid out as node_modules.
var Assets fs.FS = mustSub(files, "node_modules")

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err) // a constant, valid path
	}
	return sub
}
