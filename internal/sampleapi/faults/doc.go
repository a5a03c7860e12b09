// Package faults injects failures into the sample upstream APIs at run
// time, per province: added latency (fixed or drawn from a distribution),
// 5xx answers, 429 with a chosen Retry-After, malformed and truncated
// bodies, slow-drip bodies, connection resets, expired tokens and full
// outages. A Profile says what to inject; an Injector holds one profile
// per upstream, wraps each upstream's handler, counts the calls it sees,
// and serves a token-protected admin API to change profiles while the
// upstreams run. Random choices come from a seeded generator per upstream,
// so a run is reproducible when its requests arrive in the same order.
//
// It speaks plain HTTP and knows nothing of the provinces' protocols: it
// must not import civ, connectors or the province sample packages.
package faults
