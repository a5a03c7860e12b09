// Package ratelimit keeps one token bucket (golang.org/x/time/rate) per
// client key in a bounded, expiring LRU, so that any number of distinct
// clients costs at most a fixed amount of memory.
//
// It knows nothing of HTTP or of how a client is identified: the caller
// passes the key (an API key, an authenticated identity, an address). It
// imports no civgraph package.
package ratelimit
