// Package querylimit measures a validated GraphQL operation before it runs
// — depth, cost, aliases, operations per document and the upstream calls it
// would cause per province — and refuses it when a figure is over its limit.
//
// The schema-specific knowledge (which lists are long, which fields call a
// province's upstream, how arguments narrow the provinces) comes in a Model
// from the package that assembles the gateway. The walk stops as soon as the
// cost passes its limit, so measuring a hostile document is itself bounded,
// and a Memo keeps the figures of documents sent again, so refusing the
// same hostile document in a loop does not walk it each time.
//
// It imports gqlgen, gqlparser, golang-lru (the Memo) and, for the error
// table, errcode:
// never connectors, federation, resolvers or the generated graph package,
// so it can neither reach an upstream nor depend on the generated schema.
package querylimit
