// Package tracing is the gateway's OpenTelemetry tracing: FromEnv builds
// the SDK's tracer provider from the standard OTEL_* variables (off unless
// they ask for an exporter), and a Tracer puts spans where the gateway's
// time goes — one per GraphQL operation (Extension), one per province call
// of a fan-out (Source), one per HTTP attempt to an upstream, retries
// included (Transport, which also sends the W3C trace context upstream).
// The client's own traceparent is read by the server; the operation span
// is its child.
//
// It imports connectors and civ (to wrap a Source); nothing above.
package tracing
