// Package civgraph is the root of the civgraph module; it holds only the
// code-generation directive. The gateway's code lives in its packages.
package civgraph

//go:generate go tool gqlgen generate
