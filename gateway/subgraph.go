package gateway

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"

	"github.com/civgraph/civgraph/federation"
	"github.com/civgraph/civgraph/graph"
	"github.com/civgraph/civgraph/graph/subgraph"
	"github.com/civgraph/civgraph/resolvers"
)

// executableSchema is the regular schema, or with graphql.subgraph the
// Apollo Federation v2 subgraph schema: the same types, fields and
// resolvers, plus _service and _entities. Choosing the schema, rather than
// hiding two fields of one, keeps the regular schema exactly as published
// (schema.graphql, introspection, goldens) when the mode is off: the
// fields are not there to be reached.
func executableSchema(r *resolvers.Resolver, asSubgraph bool) graphql.ExecutableSchema {
	if asSubgraph {
		return subgraph.NewExecutableSchema(subgraph.Config{Resolvers: r.Subgraph()})
	}
	return graph.NewExecutableSchema(graph.Config{Resolvers: r})
}

// entitiesBound refuses an _entities call with more representations than
// nodes(ids:) takes IDs: each one is a lookup, and a resolver goroutine.
type entitiesBound struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.FieldInterceptor
} = entitiesBound{}

func (entitiesBound) ExtensionName() string                   { return "EntitiesBound" }
func (entitiesBound) Validate(graphql.ExecutableSchema) error { return nil }

func (entitiesBound) InterceptField(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc != nil && fc.Object == "Query" && fc.Field.Name == "_entities" {
		if reps, _ := fc.Args["representations"].([]map[string]any); len(reps) > federation.MaxNodes {
			return nil, fmt.Errorf("%w: at most %d representations, got %d", federation.ErrInvalidInput, federation.MaxNodes, len(reps))
		}
	}
	return next(ctx)
}

// representationIDs are the ids of an _entities call's representations,
// for the cost model's count of upstream calls.
func representationIDs(args map[string]any) []any {
	reps, _ := args["representations"].([]any)
	ids := make([]any, 0, len(reps))
	for _, r := range reps {
		if m, ok := r.(map[string]any); ok {
			ids = append(ids, m["id"])
		}
	}
	return ids
}
