// Package web holds the playground's pinned npm packages (package.json,
// installed into node_modules by npm ci) and, in a binary built with the
// embedassets tag, the files of them the playground serves, built in
// (Assets), so that a container image needs no node_modules beside the
// binary. Without the tag Assets is nil and the server reads
// playground.assets_dir.
//
// It imports nothing of civgraph; server takes Assets as an option.
package web
