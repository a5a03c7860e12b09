package cache_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/panics"
)

// A load that panics under singleflight would be re-panicked beyond any
// recover and end the process; the cache turns it into an error for every
// caller waiting on it.
func TestPanickingLoadIsAnError(t *testing.T) {
	c := cache.New(cache.NewMemoryStore(time.Minute))
	load := func(context.Context) ([]byte, error) { panic("load bug") }
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			_, err := c.Fetch(context.Background(), "k", policy, load)
			var pe *panics.Error
			if !errors.As(err, &pe) || pe.Value != "load bug" {
				t.Errorf("err = %v, want the recovered panic", err)
			}
		})
	}
	wg.Wait()
}
