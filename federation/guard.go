package federation

import (
	"context"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/errcode"
)

// AllowFunc reports whether the caller of ctx may see province p's data.
type AllowFunc func(ctx context.Context, p civ.ProvinceCode) bool

// Guard wraps each source so that a caller who may not see its province
// gets a FORBIDDEN error for that province instead of its data. Because
// the error is an ordinary source error, the fan-out reports it per
// province and the provinces the caller may see still answer: lists,
// node lookups and nested tasks alike, with no check to forget in each.
func Guard(sources []connectors.Source, allowed AllowFunc) []connectors.Source {
	out := make([]connectors.Source, len(sources))
	for i, s := range sources {
		out[i] = guarded{Source: s, allowed: allowed}
	}
	return out
}

type guarded struct {
	connectors.Source
	allowed AllowFunc
}

func (g guarded) check(ctx context.Context, op string) error {
	if g.allowed(ctx, g.Province()) {
		return nil
	}
	return connectors.NewError(g.Province(), errcode.Forbidden, op, "the caller may not see this province's data", nil)
}

// call runs fetch unless the caller may not see g's province.
func call[T any](ctx context.Context, g guarded, op string, q connectors.Query, fetch func(context.Context, connectors.Query) (connectors.Result[T], error)) (connectors.Result[T], error) {
	if err := g.check(ctx, op); err != nil {
		return connectors.Result[T]{}, err
	}
	return fetch(ctx, q)
}

func (g guarded) Meetings(ctx context.Context, q connectors.Query) (connectors.Result[civ.Meeting], error) {
	return call(ctx, g, "list meetings", q, g.Source.Meetings)
}

func (g guarded) PolicyDocuments(ctx context.Context, q connectors.Query) (connectors.Result[civ.PolicyDocument], error) {
	return call(ctx, g, "list policy documents", q, g.Source.PolicyDocuments)
}

func (g guarded) Tasks(ctx context.Context, q connectors.Query) (connectors.Result[civ.Task], error) {
	return call(ctx, g, "list tasks", q, g.Source.Tasks)
}

func (g guarded) ServiceSites(ctx context.Context, q connectors.Query) (connectors.Result[civ.ServiceSite], error) {
	return call(ctx, g, "list service sites", q, g.Source.ServiceSites)
}
