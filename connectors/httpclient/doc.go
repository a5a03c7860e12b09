// Package httpclient is the one place that builds HTTP clients for upstream
// APIs. Every connector sends its requests through a Client, which retries
// what is safe to retry (network errors, 5xx, 429 and business "busy"
// answers inside HTTP 200) with exponential backoff and jitter, honours
// Retry-After, re-prepares each retry (so signed requests get a fresh
// timestamp and nonce), caps response bodies, and turns every failure into
// a *connectors.UpstreamError with a stable code.
//
// Given the province's guard (Config.Guard), every attempt first asks it:
// no call while the breaker is open or a Retry-After hold is in force, a
// wait for the quota only within the caller's deadline, and no retry when
// the upstream's Retry-After outlasts that deadline (SOURCE_RATE_LIMITED
// with the wait, at once). Given a recorder (Config.Health), it counts
// requests, retries and attempt latencies.
//
// Do reads the body within Config.MaxBodyBytes, once (the business retry
// check and the caller share the bytes) and into one allocation of its
// size; Stream leaves a non-JSON body unread and uncapped for the caller
// to parse as it arrives (a bulk file), its attempt timeout bounding only
// the wait for the headers. Each Client has its own transport, whose
// keep-alive pool Config sizes (IdleConns, MaxConns, IdleConnTimeout).
//
// It imports connectors, connectors/guard, connectors/health and civ only.
package httpclient
