package persisted_test

import (
	"context"
	"strings"
	"testing"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/civgraph/civgraph/internal/redistest"
	"github.com/civgraph/civgraph/persisted"
	"github.com/civgraph/civgraph/redisconn"
)

// lruCache adapts an LRU to gqlgen's graphql.Cache.
type lruCache struct{ *lru.Cache[string, string] }

func (c lruCache) Get(_ context.Context, k string) (string, bool) { return c.Cache.Get(k) }
func (c lruCache) Add(_ context.Context, k, v string)             { c.Cache.Add(k, v) }

func apq(t *testing.T, url string) (*persisted.SharedAPQ, *redisconn.Conn) {
	t.Helper()
	conn, err := redisconn.Open(redisconn.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	local, _ := lru.New[string, string](10)
	return persisted.NewSharedAPQ(conn, lruCache{local}, time.Minute, 100), conn
}

func TestSharedAPQ(t *testing.T) {
	srv := redistest.Start(t)
	a, _ := apq(t, srv.URL())
	b, _ := apq(t, srv.URL())
	ctx := context.Background()
	hash := strings.Repeat("ab", 32)
	a.Add(ctx, hash, "{ a }")
	if q, ok := b.Get(ctx, hash); !ok || q != "{ a }" {
		t.Fatalf("b got %q, %v", q, ok)
	}
	a.Add(ctx, strings.Repeat("cd", 32), strings.Repeat("x", 101)) // over the size bound
	if _, ok := b.Get(ctx, strings.Repeat("cd", 32)); ok {
		t.Fatal("an oversized query reached redis")
	}
	if _, ok := b.Get(ctx, "not-a-hash"); ok {
		t.Fatal("found a key that is no hash")
	}
	srv.Stop()
	if q, ok := a.Get(ctx, hash); !ok || q != "{ a }" {
		t.Fatalf("with redis down a lost its own query: %q, %v", q, ok)
	}
}
