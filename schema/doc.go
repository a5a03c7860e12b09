// Package schema holds civgraph's GraphQL SDL, one .graphqls file per
// area, from which gqlgen generates graph/. Its only Go code is the test
// that every element is described in Chinese and English.
package schema
