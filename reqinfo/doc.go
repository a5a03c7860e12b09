// Package reqinfo carries what one HTTP request's log line and metrics
// need across the layers that learn it: the request id (taken from a safe
// X-Request-Id or generated), the GraphQL operation name, the error codes
// the answer carried, and each province touched with its outcome. The
// server puts an Info in the request's context; the GraphQL handler fills
// it; the access log and the metrics read it once the answer is written.
// NewLogHandler adds the request id and the trace id to every log record
// written with the request's context.
//
// It is a leaf: it imports nothing of civgraph.
package reqinfo
