// Package chaos drives GraphQL queries at a running gateway while the
// sample upstreams inject faults, and measures what clients see: success,
// partial and stale rates, latency percentiles, each province's
// extensions.sources states, and the upstream calls each province received.
// Named profiles describe the faults of well-known scenarios. civgraph
// chaos and the chaos test suite beside this file both use it.
//
// It talks to the gateway and to the sample upstreams' admin API over HTTP
// only: it must not import gateway, federation, connectors or server.
package chaos
