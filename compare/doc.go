// Package compare answers cross-province comparisons: one figure (a count
// of service sites, meetings or tasks, a capacity sum, a target value) per
// group — province, prefecture or county through the division tree, site
// type, domain or month — with its rank, its share of the whole, how many
// of its rows are generated samples, the figure per 10,000 residents aged
// 60 and over where reference data has one, and each row's completeness:
// fresh, stale (with age) or failed with its code, and how many rows an
// unknown date or region left out.
//
// Counts are cheap by construction: each group is pushed down to its
// province as a filter (a region code, a site type, a domain, a month) and
// asked for its total only (federation.Count, one small request through
// the province's cached source), so the calls grow with the groups, never
// with the rows. Figures that need rows (capacity, target values) read
// them in bounded pages (MaxRowsRead a province) and are refused beyond
// that with COMPARISON_TOO_LARGE. At most Concurrency calls run at once.
//
// Its files: compare.go (the request, row and result types), plan.go
// (checks and groups, before any call), run.go (count metrics), reads.go
// (capacity and target values), rank.go (ranks, shares, totals) and
// population.go (per-10,000-elderly figures).
//
// It imports federation (for Count and the bounded reads), connectors (its
// error type), civ, errcode and population; never graph, resolvers or
// server.
package compare
