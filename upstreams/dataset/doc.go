// Package dataset is the data the sample upstreams serve: the meetings,
// policy document, tasks and targets of the March 2024 seed article,
// the real service-site records, and a seeded generator for further
// service sites, every generated row flagged as sample data.
//
// It imports civ and regions only; it knows nothing of wire formats.
package dataset
