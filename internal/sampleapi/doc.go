// Package sampleapi serves the four sample province APIs together, each
// under its own path prefix (/hebei, /hubei, /jiangsu, /shanghai), so one
// address stands in for four province platforms. The gateway embeds them
// on loopback when a province has no configured base URL; `civgraph
// upstreams` runs them alone. WithFaults puts a faults.Injector in front of
// every province and serves its admin API under /admin/.
//
// It imports the province servers, the dataset and faults; nothing of the
// gateway.
package sampleapi
