// Package redisconn is civgraph's connection to the Redis its replicas
// share (the upstream cache, cross-replica load locks, automatic persisted
// queries, per-client rate limits, the cursor signing secret), and what
// keeps a replica serving when that Redis is not there.
//
// Every command runs under a tight timeout, without retries, behind a
// circuit breaker (sony/gobreaker): after a few consecutive failures
// commands are not even tried for a retry interval, so an unreachable or
// slow Redis costs a request nothing but the first timeouts. The callers
// then use their in-process state; each such fallback is counted (Stats,
// Config.OnFallback) and an outage is logged once as a warning, rate
// limited, not once per command. The breaker probes again after the
// interval, so the gateway returns to Redis by itself.
//
// It imports no civgraph package.
package redisconn
