// Package httpclient is the one place that builds HTTP clients for upstream
// APIs. Every connector sends its requests through a Client, which retries
// what is safe to retry (network errors, 5xx, 429 and business "busy"
// answers inside HTTP 200) with exponential backoff and jitter, honours
// Retry-After, re-prepares each retry (so signed requests get a fresh
// timestamp and nonce), caps response bodies, and turns every failure into
// a *connectors.UpstreamError with a stable code.
//
// It imports connectors and civ only.
package httpclient
