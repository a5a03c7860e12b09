// Package resolvers maps GraphQL arguments to federation queries and
// domain objects to GraphQL fields. It holds no business rules, HTTP or
// caching: those live in federation and connectors.
//
// It imports graph (generated), federation and civ; never server.
package resolvers

import (
	"context"

	"github.com/civgraph/civgraph/civ"
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

// Resolver is the root resolver; its dependencies arrive through New.
type Resolver struct {
	fed     Federation
	regions Regions
}

// New returns the root resolver.
func New(fed Federation, regions Regions) *Resolver {
	return &Resolver{fed: fed, regions: regions}
}
