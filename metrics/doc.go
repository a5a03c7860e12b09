// Package metrics is the gateway's Prometheus instrumentation: one
// registry (never the global one) holding the GraphQL request, refusal and
// upstream attempt families, a collector that reads each province's
// health, breaker and cache figures at scrape time, and Counter for other
// packages that need to count an event of their own. Handler serves the
// registry in the Prometheus text or OpenMetrics format.
//
// Label values are bounded: provinces and error codes come from fixed
// tables, HTTP statuses are bucketed, and operation names are kept only
// when allowed (trusted documents) or among the first MaxOperations seen;
// any other name is counted as "(other)".
//
// It is a leaf: it imports nothing of civgraph. What it reads from the
// gateway arrives through function values (Provinces) and calls.
package metrics
