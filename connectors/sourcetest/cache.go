package sourcetest

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
)

// checkCache proves a connector's use of the shared cache on its tasks
// (paged in every province): an identical call and another window of the
// same pages are hits, another filter and another entity are misses,
// keys name each upstream page, are shared by connectors over one store
// and never carry the credential, and no TTL means no caching, nor
// answers shared between different calls running at the same time.
func checkCache(t *testing.T, h Harness, ds *dataset.Dataset) {
	ctx := context.Background()
	log := &Log{}
	policy := cache.Policy{TTL: time.Minute}
	url := h.Upstream(t, ds, log.Wrap)
	c := h.connect(t, url, policy)
	requests := func(mark int, call func() error) int {
		t.Helper()
		if err := call(); err != nil {
			t.Fatal(err)
		}
		return log.Len() - mark
	}
	var first, second connectors.Result[civ.Task]
	window := connectors.Query{Offset: h.PageSize - 10, Limit: 20} // two pages
	if n := requests(log.Len(), func() (err error) { first, err = c.Tasks(ctx, window); return err }); n != 2 {
		t.Fatalf("%d requests for a window over two pages, want 2", n)
	}
	if n := requests(log.Len(), func() (err error) { second, err = c.Tasks(ctx, window); return err }); n != 0 {
		t.Fatalf("%d requests for an identical call, want a cache hit", n)
	}
	if first.Meta.Cached || !second.Meta.Cached || !second.Meta.FetchedAt.Equal(first.Meta.FetchedAt) {
		t.Fatalf("meta %+v then %+v: want fresh, then cached with the same fetch time", first.Meta, second.Meta)
	}
	if n := requests(log.Len(), func() error {
		_, err := c.Tasks(ctx, connectors.Query{Offset: h.PageSize - 3, Limit: 5})
		return err
	}); n != 0 {
		t.Fatalf("%d requests for another window of cached pages, want 0", n)
	}
	if n := requests(log.Len(), func() error {
		_, err := c.Tasks(ctx, connectors.Query{Filter: civ.Filter{Keyword: "社区"}, Limit: 10})
		return err
	}); n != 1 {
		t.Fatalf("%d requests for another filter, want 1", n)
	}
	if n := requests(log.Len(), func() error { _, err := c.Meetings(ctx, connectors.Query{Limit: 10}); return err }); n != 1 {
		t.Fatalf("%d requests for another entity, want 1", n)
	}

	t.Run("keys name the page, are shared and carry no credential", func(t *testing.T) {
		store := &recordingStore{Store: cache.NewMemoryStore(time.Minute)}
		shared := cache.New(store)
		for range 2 {
			if _, err := h.connect(t, url, policy, kit.WithCache(shared)).Tasks(ctx, connectors.Query{Limit: h.PageSize + 50}); err != nil {
				t.Fatal(err)
			}
		}
		keys := store.keys()
		if len(keys) != 2 || keys[0] == keys[1] {
			t.Fatalf("stored keys %q; want one per upstream page, shared by both connectors", keys)
		}
		for _, k := range keys {
			if h.Credential == "" || strings.Contains(k, h.Credential) {
				t.Fatalf("cache key %q carries the credential %q (or none was named to check)", k, h.Credential)
			}
		}
	})
	t.Run("no TTL means no caching", func(t *testing.T) {
		uncached := h.connect(t, url, cache.Policy{})
		mark := log.Len()
		for range 2 {
			if _, err := uncached.Tasks(ctx, connectors.Query{Limit: 10}); err != nil {
				t.Fatal(err)
			}
		}
		if n := log.Len() - mark; n != 2 {
			t.Fatalf("%d requests for two uncached calls, want 2", n)
		}
	})
	t.Run("uncached calls at the same time each get their own rows", func(t *testing.T) {
		// Identical calls in flight may share one upstream call; different
		// ones never share an answer, however they interleave.
		uncached := h.connect(t, url, cache.Policy{})
		queries := []connectors.Query{{Limit: 10}, {Offset: 10, Limit: 10}, {Offset: 3, Limit: 7},
			{Limit: 10, Filter: civ.Filter{Keyword: "社区"}}, {Offset: h.PageSize - 5, Limit: 10}, {Limit: 1}}
		want := make([]connectors.Result[civ.Task], len(queries))
		for i, q := range queries {
			var err error
			if want[i], err = uncached.Tasks(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		got := make([]connectors.Result[civ.Task], 8*len(queries))
		errs := make([]error, len(got))
		var wg sync.WaitGroup
		for i := range got {
			wg.Go(func() { got[i], errs[i] = uncached.Tasks(ctx, queries[i%len(queries)]) })
		}
		wg.Wait()
		for i, res := range got {
			w := want[i%len(queries)]
			if errs[i] != nil || res.Total != w.Total || !cmp.Equal(w.Items, res.Items, h.Same) {
				t.Fatalf("call %d (%+v): %d rows of %d, %v; want the %d rows of %d it gets alone",
					i, queries[i%len(queries)], len(res.Items), res.Total, errs[i], len(w.Items), w.Total)
			}
		}
	})
}

// recordingStore remembers the keys written to it.
type recordingStore struct {
	cache.Store
	mu  sync.Mutex
	set []string
}

func (s *recordingStore) Set(ctx context.Context, key string, e cache.Entry, keep time.Duration) {
	s.mu.Lock()
	s.set = append(s.set, key)
	s.mu.Unlock()
	s.Store.Set(ctx, key, e, keep)
}

func (s *recordingStore) keys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.set...)
}
