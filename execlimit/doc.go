// Package execlimit stops a GraphQL operation while it runs: once the
// request's deadline passes or the client goes away, or once the answer
// being built outgrows its byte limit, no further field starts, the
// goroutines gqlgen spawned for the operation wind down, and the client gets
// one coded error instead of a partial tree.
//
// Resolvers over in-memory data (regions) never look at their context;
// checking it before every field is what makes the deadline bind them.
//
// It imports gqlgen and, for the error table, errcode; nothing that
// resolves data (connectors, federation, resolvers, graph).
package execlimit
