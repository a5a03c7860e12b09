//go:build !embedassets

package web

import "io/fs"

// Assets is nil without the embedassets build tag: the playground reads
// its files from playground.assets_dir.
var Assets fs.FS
