//go:build !chaosload

package chaos_test

// queriesForBound is the number of distinct queries the cache-bound
// scenario sends under go test ./...: already ten times what the bound
// holds. .ci/chaos runs the full 20,000 (-tags chaosload).
const queriesForBound = 2_000
