// Package civ holds civgraph's domain types: provinces, regions, meetings,
// policy documents, tasks, targets and service sites, normalized from the
// four province upstreams.
//
// It imports nothing of civgraph's own but textmatch (a leaf that defines
// keyword matching, so that every source matches text the same way);
// every other package may import it.
package civ
