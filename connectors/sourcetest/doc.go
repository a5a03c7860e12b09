// Package sourcetest is the conformance suite every connector passes
// against its real sample upstream, over the sample dataset and over the
// connector's own generated fixture: walking each list with several window
// sizes visits every row once and round-trips the dataset's values, a
// window costs only the upstream pages that cover it, every filter answers
// as civ.Filter's reference semantics, and each entity's declared
// Capabilities are proved against the upstream's request log (a declared
// field reaches the request and only matching rows come back; an
// undeclared one does not reach it and is applied locally). Connector
// tests call Run with a Harness and keep only what is their province's
// own: protocol, auth, errors, dates, caching.
//
// Only tests import this package.
package sourcetest
