// Package sourcetest is the conformance suite every connector passes
// against its real sample upstream, over the sample dataset and over the
// connector's own generated fixture: walking each list with several window
// sizes visits every row once and round-trips the dataset's values, a
// window costs only the upstream pages that cover it, every filter answers
// as civ.Filter's reference semantics, and each entity's declared
// Capabilities are proved against the upstream's request log (a declared
// field reaches the request and only matching rows come back; an
// undeclared one does not reach it and is applied locally). Every order
// of every entity is walked both ways against the reference order; a
// declared order must reach the upstream (SortParams in the request log,
// a deep window at the cost of its covering pages), an undeclared one is
// checked as the federation sorts it (kit.OrderedWindow). Connector
// tests call Run with a Harness and keep only what is their province's
// own: protocol, auth, errors, dates, caching.
//
// Only tests import this package.
package sourcetest
