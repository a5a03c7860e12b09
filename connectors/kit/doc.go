// Package kit is the toolkit the province connectors share, beside the
// Source contract in connectors: the dependencies every connector takes
// (Options: cache, logger, transport, clock, memo) and what Connect builds
// from them with the checked base URL (Conn, whose uncached reads in
// flight are shared by their callers), the fixed-page window
// over an upstream's pages (PagedWindow, PagedRows), the decoding of an
// upstream's envelope in one pass that leaves the page in it unread
// (DecodeEnvelope, Span) and of the page's {total, rows} object
// (DecodeRows), the window of an order an
// upstream cannot sort by, sorted locally (OrderedWindow), and Errors, which
// makes a province's coded errors. A connector package is then only its protocol:
// requests, envelopes, wire rows and their mapping to civ.
//
// It imports connectors, connectors/cache, connectors/httpclient, ordering
// and civ, and go-json-experiment/json (encoding/json/v2) for decoding;
// never a province package, federation or anything above.
package kit
