// Package sampleapi serves the four sample province APIs together, each
// under its own path prefix (/hebei, /hubei, /jiangsu, /shanghai), so one
// address stands in for four province platforms. The gateway embeds them
// on loopback when a province has no configured base URL; `civgraph
// upstreams` runs them alone.
//
// It imports the province servers and the dataset; nothing of the gateway.
package sampleapi
