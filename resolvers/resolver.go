// Package resolvers maps GraphQL arguments to federation queries and
// domain objects to GraphQL fields. It holds no business rules, HTTP or
// caching: those live in federation and connectors.
//
// It imports graph and graph/subgraph (generated), federation, civ, its
// loaders and, for the sources query's types, connectors/health; never
// server.
package resolvers

import (
	"context"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/health"
	"github.com/civgraph/civgraph/federation"
	"github.com/civgraph/civgraph/resolvers/loaders"
)

// Regions is the administrative-division index the resolvers need.
type Regions interface {
	Lookup(code string) (civ.Region, bool)
	Parent(code string) (civ.Region, bool)
	Children(code string) []civ.Region
}

// Federation is what the resolvers ask of the federation layer.
type Federation interface {
	Provinces() []civ.ProvinceCode
	Meetings(ctx context.Context, r federation.Request) (federation.Page[civ.Meeting], error)
	PolicyDocuments(ctx context.Context, r federation.Request) (federation.Page[civ.PolicyDocument], error)
	Tasks(ctx context.Context, r federation.Request) (federation.Page[civ.Task], error)
	ServiceSites(ctx context.Context, r federation.Request) (federation.Page[civ.ServiceSite], error)
	SampleCount(ctx context.Context, r federation.Request, page federation.Page[civ.ServiceSite]) (int, []*connectors.UpstreamError, error)
	Nodes(ctx context.Context, ids []string) ([]civ.Entity, []error)
	Search(ctx context.Context, r federation.SearchRequest) (federation.SearchPage, error)
	loaders.Source // batched lookups, for the nested fields' loaders
}

var _ Federation = (*federation.Federation)(nil)

// Health reports each province source's health for the sources query.
type Health interface {
	Snapshots() []health.Snapshot
}

// Resolver is the root resolver; its dependencies arrive through New.
type Resolver struct {
	fed     Federation
	regions Regions
	health  Health // nil: the sources query answers an empty list
	// comparer answers compare and stats (nil: they fail).
	comparer Comparer
	// batchWait is how long the request's loaders gather keys (zero:
	// loaders.DefaultWait).
	batchWait time.Duration
}

// Option adds an optional dependency to the root resolver.
type Option func(*Resolver)

// WithHealth sets what the sources query reports.
func WithHealth(h Health) Option { return func(r *Resolver) { r.health = h } }

// WithBatchWait sets how long the request's loaders gather keys.
func WithBatchWait(d time.Duration) Option { return func(r *Resolver) { r.batchWait = d } }

// New returns the root resolver.
func New(fed Federation, regions Regions, opts ...Option) *Resolver {
	r := &Resolver{fed: fed, regions: regions}
	for _, o := range opts {
		o(r)
	}
	return r
}

// WithLoaders returns ctx carrying fresh loaders for one request, so that
// the nested fields of its list items are fetched in batches. The handler
// calls it once per operation.
func (r *Resolver) WithLoaders(ctx context.Context) context.Context {
	return loaders.With(ctx, loaders.New(r.fed, r.batchWait))
}

// loaders returns the request's loaders. A request the handler did not
// give any (a resolver called on its own) gets fresh ones, which still
// batch within this call.
func (r *Resolver) loaders(ctx context.Context) *loaders.Loaders {
	if l := loaders.For(ctx); l != nil {
		return l
	}
	return loaders.New(r.fed, r.batchWait)
}
