package resolvers

import (
	"context"
	"fmt"
	"strings"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/errcode"
	"github.com/civgraph/civgraph/federation"
	"github.com/civgraph/civgraph/graph/subgraph"
)

// Subgraph returns the root resolver of the Apollo Federation subgraph
// schema (graph/subgraph): the same resolvers as the regular schema's, and
// the entity resolvers a router calls through _entities.
func (r *Resolver) Subgraph() subgraph.ResolverRoot { return subgraphRoot{r} }

// subgraphRoot's other methods are generated (subgraph_root_gen.go).
type subgraphRoot struct{ *Resolver }

var _ subgraph.ResolverRoot = subgraphRoot{}

func (s subgraphRoot) Entity() subgraph.EntityResolver { return entityResolver{s.Resolver} }

// entityResolver finds an entity by the key a router sends, its global ID,
// through the same lookup as node(id:): regions from the division index,
// everything else through the request's node loader, which batches the
// representations of one _entities call by province and kind.
type entityResolver struct{ *Resolver }

func (e entityResolver) FindMeetingByID(ctx context.Context, id string) (civ.Meeting, error) {
	return entity[civ.Meeting](ctx, e.Resolver, id)
}

func (e entityResolver) FindPolicyDocumentByID(ctx context.Context, id string) (civ.PolicyDocument, error) {
	return entity[civ.PolicyDocument](ctx, e.Resolver, id)
}

func (e entityResolver) FindProvinceByID(ctx context.Context, id string) (civ.Province, error) {
	return entity[civ.Province](ctx, e.Resolver, id)
}

func (e entityResolver) FindRegionByID(ctx context.Context, id string) (civ.Region, error) {
	return entity[civ.Region](ctx, e.Resolver, id)
}

func (e entityResolver) FindServiceSiteByID(ctx context.Context, id string) (civ.ServiceSite, error) {
	return entity[civ.ServiceSite](ctx, e.Resolver, id)
}

func (e entityResolver) FindTaskByID(ctx context.Context, id string) (civ.Task, error) {
	return entity[civ.Task](ctx, e.Resolver, id)
}

// entity looks id up as node(id:) does and checks that it names a T: an
// ID of another kind, or of nothing, is the router's bad input, reported
// on that representation alone.
func entity[T civ.Entity](ctx context.Context, r *Resolver, id string) (T, error) {
	var zero T
	found, err := (&queryResolver{r}).Node(ctx, id)
	if err != nil {
		return zero, err
	}
	t, ok := found.(T)
	if !ok {
		return zero, fmt.Errorf("%w: no %s has the id %s", federation.ErrInvalidInput, strings.TrimPrefix(fmt.Sprintf("%T", zero), "civ."), errcode.Echo(id))
	}
	return t, nil
}
