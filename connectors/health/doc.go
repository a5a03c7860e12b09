// Package health keeps, per province, what operators need to judge an
// upstream: requests, retries, cache hits and stale answers, the last
// success and the last (client-safe) error, and attempt latencies over a
// recent window for p50/p95. The retrying HTTP client feeds a Recorder
// with each request and attempt; Watch wraps a connectors.Source to count
// the cache's hits and stale answers. Combined with the province's guard
// (breaker state, Retry-After hold) a Snapshot says whether the province
// is UP, DEGRADED or DOWN and whether it can still serve, fresh or stale.
//
// It imports connectors, connectors/guard and civ; never federation or
// anything above.
package health
