// Package resolvers maps GraphQL arguments to federation queries and
// domain objects to GraphQL fields. It holds no business rules, HTTP or
// caching: those live in federation and connectors.
//
// It imports graph (generated), federation, civ and, for the sources
// query's types, connectors/health; never server.
package resolvers

import (
	"context"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors/health"
	"github.com/civgraph/civgraph/federation"
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
	TasksByOrigin(ctx context.Context, p civ.ProvinceCode, originID string) ([]civ.Task, error)
	Node(ctx context.Context, id string) (civ.Entity, error)
	Nodes(ctx context.Context, ids []string) ([]civ.Entity, []error)
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
}

// Option adds an optional dependency to the root resolver.
type Option func(*Resolver)

// WithHealth sets what the sources query reports.
func WithHealth(h Health) Option { return func(r *Resolver) { r.health = h } }

// New returns the root resolver.
func New(fed Federation, regions Regions, opts ...Option) *Resolver {
	r := &Resolver{fed: fed, regions: regions}
	for _, o := range opts {
		o(r)
	}
	return r
}
