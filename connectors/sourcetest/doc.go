// Package sourcetest is the conformance suite every connector passes
// against its real sample upstream: walking each list with several window
// sizes visits every row once, rows round-trip to the dataset's values,
// every filter answers as civ.Filter's reference semantics, and lookups
// by id work. Connector tests call Run; only tests import this package.
package sourcetest
