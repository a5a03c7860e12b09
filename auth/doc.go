// Package auth identifies the caller of a request: an API key (kept only
// as its SHA-256 in configuration) or a JWT bearer token (HS256 with a
// shared secret, RS256 with keys from a JWKS file). The caller's Identity
// — its name, the provinces it may see and its rate limit — travels in
// the request's context, where the federation's province guard and the
// rate limiter read it with FromContext.
//
// It imports config and civ only; it must not import server, gateway,
// federation or connectors, which depend on it or sit beside it.
package auth
