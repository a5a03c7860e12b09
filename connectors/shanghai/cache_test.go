package shanghai_test

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/connectors/shanghai"
	sampleshanghai "github.com/civgraph/civgraph/internal/sampleapi/shanghai"
)

func TestCache(t *testing.T) {
	ds := generated()
	var n atomic.Int32
	url := startShanghai(t, ds, sampleshanghai.Options{}, &n)
	c := newClient(t, url, sampleshanghai.DemoToken, cache.Policy{TTL: time.Minute})
	q := connectors.Query{Filter: civ.Filter{SiteType: civ.SiteMealPoint}, Limit: 10}

	first, err := c.ServiceSites(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	second, err := c.ServiceSites(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if n.Load() != 1 || first.Meta.Cached || !second.Meta.Cached || !second.Meta.FetchedAt.Equal(first.Meta.FetchedAt) {
		t.Fatalf("upstream requests %d, cached %v/%v; want 1 request and a cache hit", n.Load(), first.Meta.Cached, second.Meta.Cached)
	}

	t.Run("another window of the same page is a hit", func(t *testing.T) {
		before := n.Load()
		if _, err := c.ServiceSites(ctx, connectors.Query{Filter: q.Filter, Offset: 3, Limit: 20}); err != nil {
			t.Fatal(err)
		}
		if n.Load() != before {
			t.Fatalf("upstream asked again for a page already cached")
		}
	})
	t.Run("another filter is a miss", func(t *testing.T) {
		before := n.Load()
		if _, err := c.ServiceSites(ctx, connectors.Query{Filter: civ.Filter{SiteType: civ.SiteFuneralHome}, Limit: 10}); err != nil {
			t.Fatal(err)
		}
		if n.Load() != before+1 {
			t.Fatalf("%d requests for a new filter, want 1", n.Load()-before)
		}
	})
	t.Run("another interface is a miss", func(t *testing.T) {
		before := n.Load()
		if _, err := c.Tasks(ctx, connectors.Query{Limit: 10}); err != nil {
			t.Fatal(err)
		}
		if n.Load() != before+1 {
			t.Fatalf("%d requests for another interface, want 1", n.Load()-before)
		}
	})
	t.Run("keys name the request, not the token", func(t *testing.T) {
		store := &recordingStore{Store: cache.NewMemoryStore(time.Minute)}
		const token = "7e57c0de7e57c0de7e57c0de7e57c0de"
		url := startShanghai(t, ds, sampleshanghai.Options{Token: token}, nil)
		for range 2 {
			shared, err := shanghai.New(shanghai.Config{BaseURL: url, Token: token, HTTP: fastRetries, Cache: cache.Policy{TTL: time.Minute}},
				kit.WithCache(cache.New(store)))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := shared.Tasks(ctx, connectors.Query{Filter: civ.Filter{Keyword: "任务"}, Limit: 150}); err != nil {
				t.Fatal(err)
			}
		}
		keys := store.keys()
		if len(keys) != 2 {
			t.Fatalf("stored keys %q; want one per upstream page, shared by both connectors", keys)
		}
		for _, k := range keys {
			if strings.Contains(k, token) || !strings.Contains(k, `"offset":`) || !strings.Contains(k, "/interface/SHMZ0003/10003") {
				t.Fatalf("cache key %q: must name the interface and page and not carry the token", k)
			}
		}
	})
	t.Run("no TTL means no caching", func(t *testing.T) {
		uncached := newClient(t, url, sampleshanghai.DemoToken, cache.Policy{})
		before := n.Load()
		for range 2 {
			if _, err := uncached.ServiceSites(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if n.Load() != before+2 {
			t.Fatalf("%d requests for two uncached calls, want 2", n.Load()-before)
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
