// Package sortrows is how the sample upstreams serve a sorted, filtered
// page: each keeps every (rows, order) it was asked for sorted once, as an
// index, and scans that index with the filter, so a page costs what an
// unsorted one does however deep it lies. Orders that depend on the
// request (distance from a centre) sort the matching rows per request.
// The orders are package ordering's, so the gateway and the sample
// upstreams agree on them.
//
// It imports civ and ordering only; it must not import the gateway's
// packages (connectors, federation, server).
package sortrows
