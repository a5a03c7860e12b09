package jiangsu_test

import (
	"context"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	samplejiangsu "github.com/civgraph/civgraph/internal/sampleapi/jiangsu"
)

// TestCacheHit: a second identical call is answered from the cache; a
// different filter is a different request.
func TestCacheHit(t *testing.T) {
	url, n := portal(t, fixture(), samplejiangsu.Options{})
	c := newClient(t, withPolicy(demoConfig(url), cache.Policy{TTL: time.Minute}))
	q := connectors.Query{Filter: civ.Filter{Keyword: "社区"}, Limit: 10}
	first, err := c.Meetings(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	second, err := c.Meetings(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if got := n.all.Load(); got != 1 {
		t.Fatalf("%d upstream requests for two identical calls, want 1", got)
	}
	if first.Meta.Cached || !second.Meta.Cached || !second.Meta.FetchedAt.Equal(first.Meta.FetchedAt) {
		t.Fatalf("meta %+v then %+v: want fresh then cached", first.Meta, second.Meta)
	}
	if _, err := c.Meetings(context.Background(), connectors.Query{Filter: civ.Filter{Keyword: "会议"}, Limit: 10}); err != nil {
		t.Fatal(err)
	}
	if got := n.all.Load(); got != 2 {
		t.Fatalf("%d upstream requests, want 2: another filter is another request", got)
	}
}
