// Package loaders batches the lookups nested GraphQL fields make, per
// request: task → origin and node/nodes by global ID (one loader), and
// meeting or policy document → tasks (another). Each loader collects the
// keys its fields ask for within a short wait and hands them to federation
// in one call, which asks each province once per federation.MaxBatch keys;
// without it, a page of 100 meetings would make 100 upstream calls for
// their tasks. Site → region needs no loader: it is a lookup in the
// gateway's own division index, with no upstream call.
//
// Loaders live for one request (see With and For): their cache must not
// outlive it, or one client's view would leak into another's.
//
// It imports federation (for its key types), civ and dataloadgen; never
// graph, resolvers, server or connectors.
package loaders
