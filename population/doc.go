// Package population is the reference population data comparisons divide
// by: residents aged 60 and over per province (and per prefecture where a
// cited figure was found), each with its year, the page's own wording and
// the page's address. The CSV and its data/PROVENANCE.md are embedded, so
// a figure never travels without its source.
//
// A region without a figure has none: nothing is estimated, interpolated
// or derived from a share.
//
// It imports nothing of civgraph; it must not import connectors, federation or
// anything that serves requests.
package population
