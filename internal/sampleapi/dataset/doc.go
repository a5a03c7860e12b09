// Package dataset is the data the sample upstreams serve: the meetings,
// policy document, tasks and targets of the March 2024 seed page
// (civil-affairs-news-2024-03, kept in testdata for the tests that quote
// it), the 200 real service-site records of data/service_sites_*.csv with
// their provenance (data/PROVENANCE.md), and a seeded generator of further
// service sites placed in real divisions, every generated row flagged
// Sample, its name, address, phone, hours and capacity wording ending in
// （示例）.
//
// Nothing here reads a clock or the network: Load is deterministic for
// given Options. It imports civ, regions and golang.org/x/sync only; it
// knows nothing of wire formats and must not import connectors, the
// sample upstream servers or anything that serves requests.
package dataset
