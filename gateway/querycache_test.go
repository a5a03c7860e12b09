package gateway

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// Distinct documents padded with a comment (which costs no parser token)
// fill the parsed-query cache up to its byte budget, not to entries times
// the body limit.
func TestQueryCacheIsBoundedInBytes(t *testing.T) {
	c := newQueryCache(1000).(*sizedLRU[*ast.QueryDocument])
	ctx := context.Background()
	pad := "\n#" + strings.Repeat("c", 1<<20)
	for i := range 100 {
		q := fmt.Sprintf("{ provinces { code } } #%d", i) + pad
		doc, err := parser.ParseQuery(&ast.Source{Input: q})
		if err != nil {
			t.Fatal(err)
		}
		c.Add(ctx, q, doc)
		if c.bytes > queryCacheMaxBytes {
			t.Fatalf("after %d documents the cache holds %d bytes, over its %d", i+1, c.bytes, queryCacheMaxBytes)
		}
	}
	if n := c.entries.Len(); n == 0 || n > queryCacheMaxBytes>>20 {
		t.Fatalf("%d entries of 1 MiB each", n)
	}
	// The most recent document is still served.
	last := fmt.Sprintf("{ provinces { code } } #%d", 99) + pad
	if _, ok := c.Get(ctx, last); !ok {
		t.Error("the newest document was evicted")
	}
	// One heavier than the whole budget is not kept.
	huge := "{ a }" + strings.Repeat(" ", queryCacheMaxBytes)
	c.Add(ctx, huge, &ast.QueryDocument{})
	if _, ok := c.Get(ctx, huge); ok {
		t.Error("a document over the whole budget was cached")
	}
	// Short documents are bounded by count as before.
	small := newQueryCache(10).(*sizedLRU[*ast.QueryDocument])
	for i := range 50 {
		small.Add(ctx, fmt.Sprint(i), &ast.QueryDocument{})
	}
	if small.entries.Len() != 10 || small.bytes != 10*len("10") {
		t.Errorf("%d entries, %d bytes; want 10 entries of 2 bytes", small.entries.Len(), small.bytes)
	}
}

func TestPersistedCacheIsBoundedInBytes(t *testing.T) {
	c := newPersistedCache(1000).(*sizedLRU[string])
	for i := range 100 {
		c.Add(context.Background(), fmt.Sprintf("%064d", i), strings.Repeat("q", 1<<20))
	}
	if c.bytes > persistedCacheMaxBytes || c.entries.Len() == 0 {
		t.Fatalf("%d bytes in %d entries; budget %d", c.bytes, c.entries.Len(), persistedCacheMaxBytes)
	}
}
