// Package guard keeps the gateway from hurting, or being hurt by, one
// province's upstream. A Guard, one per province and shared by every
// request to it, combines three checks made before each upstream attempt:
//
//   - a circuit breaker (sony/gobreaker) that opens after consecutive
//     failures or a failure ratio, fails fast while open and lets a few
//     probes through once its open timeout has passed;
//   - a Retry-After hold: when the upstream asks the gateway to wait, no
//     attempt is made before that time (bounded by Config.RetryAfterMax, so
//     a hostile upstream cannot lock a province out for ever);
//   - a client-side quota (golang.org/x/time/rate token bucket) that keeps
//     the gateway inside the province's published rate.
//
// A caller is never queued past its deadline: a wait that would outlast it
// is refused at once with a *Refusal saying why and for how long.
//
// It imports nothing of civgraph's own, so that the HTTP client, the
// health recorder and the gateway can all use it.
package guard
