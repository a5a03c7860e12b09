//go:build chaosload

package chaos_test

// queriesForBound is the number of distinct queries the cache-bound
// scenario sends with -tags chaosload (.ci/chaos): 20,000, about a minute
// on two cores.
const queriesForBound = 20_000
