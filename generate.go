// Package civgraph is the root of the civgraph module; it holds only the
// code-generation directives (the regular schema, then the federation
// subgraph schema built on it). The gateway's code lives in its packages.
package civgraph

//go:generate go tool gqlgen generate
//go:generate go run ./internal/subgraphgen
