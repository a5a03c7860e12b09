// Package cache is the one caching layer in front of the upstreams. It
// stores raw upstream answers (bytes, so a shared backend such as Redis can
// hold them) with the time they were fetched, coalesces identical in-flight
// fetches, and serves an entry past its freshness, flagged stale, when the
// upstream fails.
//
// Store is the backend interface; go-cache is the embedded default.
// It imports nothing of civgraph's own.
package cache
