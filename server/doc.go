// Package server is civgraph's HTTP surface: it mounts a GraphQL handler at
// /graphql behind CORS, a body-size cap and the query deadline (and the
// same chain behind GET /export.csv, a persisted operation's answer as
// CSV), serves the
// GraphiQL playground and its locally installed assets (no CDN: the page
// must work on an offline network), answers /healthz (liveness) and, given
// a Readiness, /readyz (200 while some province can serve, else 503, with
// per-province JSON), optionally mounts the token-protected admin endpoint
// that purges one province's cache and the Prometheus endpoint /metrics,
// and wraps everything in request ids (X-Request-Id, the client's W3C
// trace context), access logging, GraphQL request metrics and panic
// recovery.
//
// The GraphQL handler and the readiness check arrive as arguments, so this
// package must not import the gateway, resolvers, federation or connectors;
// it depends only on config, civ, the error table errcode, and the request
// layers it mounts in front of the handler: auth, persisted, httpcache and
// ratelimit (and schema for /possible-types.json), reqinfo and metrics
// for what it records, and reqbody to hand the body it read to the layers
// behind.
package server
