// Package respcache keeps whole encoded GraphQL answers and serves them
// again without executing anything: the cheap path for the pages front
// ends ask for on every load.
//
// An answer is found again under a key made of the normalized operation
// text (insignificant whitespace, commas and comments dropped) or the id
// the request names its document by (extensions.persistedQuery.sha256Hash:
// an automatic persisted query's hash or a trusted document's id), the
// operation name, the variables (compacted JSON), the caller's scope (which
// provinces it may see) and the response media type asked for. A request
// repeated byte for byte finds its key in a bounded memo without its JSON
// being decoded again. It is
// served only while it is younger than the time it was allowed to live and
// while every province it used still has the data version it had when the
// answer was built (connectors/cache.Cache.Version): a new upstream answer
// or a purge for one of them makes it a miss.
//
// Identical requests arriving while one of them executes wait for it and
// take its answer when it was kept (a cold start under load executes each
// query once, not once per client); requests whose answers are known not
// to be kept do not wait.
//
// The executor decides what may be kept, by calling Allow during the
// request: the gateway allows only complete answers (no errors, so never a
// partial one), built from fresh data, of query operations without
// volatile fields. Everything else is never stored. The store is bounded
// in bytes (keys, answers, a fixed overhead per entry), evicting the least
// recently used answer first.
//
// The package imports only the standard library, civ and reqbody; it must
// not import the gateway, resolvers, federation or connectors.
package respcache
