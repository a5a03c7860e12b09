// Package gateway assembles civgraph: connectors, federation, resolvers
// and the GraphQL handler, from a configuration that names every
// province's upstream. Reload swaps in what a new configuration builds
// (connectors, limits, the handler) without dropping a request; metrics and
// tracing, when given, instrument every layer.
//
// It is the one place that knows every layer; cmd/civgraph uses it (server
// gets only its handlers), and nothing below imports it. It knows nothing
// of the sample upstream APIs:
// it must not import internal/sampleapi (the CLI's embedded mode fills in
// their base URLs and demo credentials before calling New).
package gateway
