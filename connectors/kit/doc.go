// Package kit is the toolkit the province connectors share, beside the
// Source contract in connectors: the dependencies every connector takes
// (Options: cache, logger, transport, clock, memo), the fixed-page window
// over an upstream's pages (PagedWindow, PagedRows), the decoding of a
// page's {total, rows} object (DecodeRows), and Errors, which makes a
// province's coded errors. A connector package is then only its protocol:
// requests, envelopes, wire rows and their mapping to civ.
//
// It imports connectors, connectors/cache and civ; never a province
// package, httpclient, federation or anything above.
package kit
