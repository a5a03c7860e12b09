// Package metricstest scrapes a /metrics endpoint in tests and reads the
// parsed families, so that checks compare values, not text.
//
// It imports nothing of civgraph.
package metricstest
