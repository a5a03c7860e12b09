package chaos_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the suite if any goroutine outlives the tests: every
// fetch, retry, drip and hedge must end with its request or its server.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		// go-cache's janitor stops only when its cache is collected.
		goleak.IgnoreTopFunction("github.com/patrickmn/go-cache.(*janitor).Run"),
		// golang-lru's expirable LRU (the per-client rate limiter) starts
		// an expiry goroutine it never stops: one per gateway built.
		goleak.IgnoreTopFunction("github.com/hashicorp/golang-lru/v2/expirable.NewLRU[...].func1"),
	)
}
