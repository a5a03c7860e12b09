// Package federation answers one query across the province sources: it
// picks the sources a filter touches, fans out to them in parallel under
// the request's deadline, merges their sorted streams (k-way, by the
// list's order, ties by ID then canonical province order; without an
// order, the provinces one after another) into one Relay-style page,
// forwards (first/after) or backwards (last/before), and reports each
// failed province as a partial error while returning the others' rows. A
// page asks each province for at most its size in rows. A source sorts by
// the orders its Capabilities declare; the federation sorts any other for
// it (kit.OrderedWindow).
//
// Cursors are opaque, versioned and HMAC-signed once per page: the page's
// state holds every source's position before the page and the source of
// each edge, and an edge's cursor is its index in front of that signed
// state, so a page resumes each source where it stopped, in either
// direction, and a tampered, truncated or foreign cursor is rejected. Global IDs are opaque too and
// route node lookups to the source that owns the object. Lookups by ID and
// tasks by origin come in batches (Lookup, TasksByOrigins): grouped by
// province and kind, one upstream query per MaxBatch keys, with results
// and errors aligned with the keys, so a failing province fails only its own.
//
// Every row carries its data's age (civ.DataAge) from its source's
// provenance, and every source call keeps its deadline visible to the
// province's guard (guard.KeepDeadline), even in a fetch the cache runs
// detached from its caller.
//
// Its files follow a list request's path: federation.go (the Federation,
// its request and page types), options.go, plan.go (which provinces, which
// windows, the cursor's fingerprint), order.go (the list's order and
// whether a source sorts by it), fanout.go (parallel source calls under
// per-source deadlines), merge.go (the k-way merge into one page and its
// cursors), errors.go (every source error made coded and client-safe), report.go
// (per-province provenance), lookup.go (node and task lookups), count.go
// (one province's total or bounded rows, for comparisons), cursor.go and
// ids.go.
//
// search.go answers a text search: every province and kind asked for its
// first SearchCandidates keyword matches in parallel, ranked with
// textmatch's score, paged by a cursor bound to the search.
//
// It imports connectors (and connectors/guard, connectors/kit), civ,
// ordering, textmatch and errcode; never graph, resolvers or server.
package federation
