package gateway

import (
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/hashicorp/golang-lru/v2/simplelru"
	"github.com/vektah/gqlparser/v2/ast"
)

// Byte budgets of the parsed-query and persisted-query caches. gqlgen's
// own LRU bounds only the number of entries, and an entry holds the whole
// query text: a client sending distinct documents padded to the body
// limit (a comment costs no token) would make 1000 entries a gigabyte.
const (
	queryCacheMaxBytes     = 32 << 20
	persistedCacheMaxBytes = 16 << 20
	// astNodeBytes is a high estimate of what one parsed selection or
	// argument holds in memory (its node, position, name and definition).
	astNodeBytes = 256
)

// sizedLRU is a graphql.Cache bounded both in entries and in the bytes
// that weigh reports; an entry heavier than the whole budget is not kept.
type sizedLRU[T any] struct {
	mu       sync.Mutex
	entries  *simplelru.LRU[string, T]
	weigh    func(key string, v T) int
	bytes    int
	maxBytes int
}

var _ graphql.Cache[string] = (*sizedLRU[string])(nil)

func newSizedLRU[T any](maxEntries, maxBytes int, weigh func(string, T) int) *sizedLRU[T] {
	c := &sizedLRU[T]{weigh: weigh, maxBytes: maxBytes}
	// Evictions happen only inside Add, under mu.
	c.entries, _ = simplelru.NewLRU(maxEntries, func(k string, v T) { c.bytes -= weigh(k, v) })
	return c
}

func (c *sizedLRU[T]) Get(_ context.Context, key string) (T, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.entries.Get(key)
}

func (c *sizedLRU[T]) Add(_ context.Context, key string, v T) {
	w := c.weigh(key, v)
	if w > c.maxBytes {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries.Contains(key) {
		return
	}
	c.entries.Add(key, v)
	c.bytes += w
	for c.bytes > c.maxBytes {
		c.entries.RemoveOldest()
	}
}

// newQueryCache is the parsed-query cache: a document weighs its text
// (the key, which the parsed source shares) and its parsed nodes.
func newQueryCache(maxEntries int) graphql.Cache[*ast.QueryDocument] {
	return newSizedLRU(maxEntries, queryCacheMaxBytes, func(query string, doc *ast.QueryDocument) int {
		n := 0
		for _, op := range doc.Operations {
			n += 1 + countNodes(op.SelectionSet)
		}
		for _, f := range doc.Fragments {
			n += 1 + countNodes(f.SelectionSet)
		}
		return len(query) + n*astNodeBytes
	})
}

// newPersistedCache is the automatic persisted queries' cache of query
// texts by hash.
func newPersistedCache(maxEntries int) graphql.Cache[string] {
	return newSizedLRU(maxEntries, persistedCacheMaxBytes, func(hash, query string) int { return len(hash) + len(query) })
}

// countNodes counts selections and arguments as written (fragments not
// expanded), so weighing a document is linear in it.
func countNodes(ss ast.SelectionSet) int {
	n := 0
	for _, sel := range ss {
		n++
		switch s := sel.(type) {
		case *ast.Field:
			n += len(s.Arguments) + countNodes(s.SelectionSet)
		case *ast.InlineFragment:
			n += countNodes(s.SelectionSet)
		}
	}
	return n
}
