// Package ratelimit keeps one token bucket (golang.org/x/time/rate) per
// client key in a bounded, expiring LRU, so that any number of distinct
// clients costs at most a fixed amount of memory.
//
// Shared keeps the buckets in the Redis that replicas share instead, so
// that a client's rate holds across replicas, with a Limiter of its own as
// the fallback while Redis cannot be reached.
//
// It knows nothing of HTTP or of how a client is identified: the caller
// passes the key (an API key, an authenticated identity, an address). It
// imports no civgraph package but redisconn.
package ratelimit
