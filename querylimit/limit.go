package querylimit

import (
	"context"
	"errors"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	gqlerrcode "github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/civgraph/civgraph/errcode"
)

// Error codes of refused queries (extensions.code), from the one table in
// errcode.
var (
	CodeTooManyOperations    = string(errcode.TooManyOperations)
	CodeTooManyAliases       = string(errcode.TooManyAliases)
	CodeTooDeep              = string(errcode.QueryTooDeep)
	CodeTooComplex           = string(errcode.QueryTooComplex)
	CodeTooManyUpstreamCalls = string(errcode.TooManyUpstreamCalls)
)

func init() {
	// The refusals are validation failures: the transports answer them
	// with the status the GraphQL-over-HTTP spec gives those.
	for _, c := range []string{CodeTooManyOperations, CodeTooManyAliases, CodeTooDeep, CodeTooComplex, CodeTooManyUpstreamCalls} {
		gqlerrcode.RegisterErrorType(c, gqlerrcode.KindProtocol)
	}
}

// Limits are the largest figures an operation may have; each must be
// positive.
type Limits struct {
	MaxOperations int
	MaxAliases    int
	MaxDepth      int
	MaxComplexity int
	// MaxUpstreamCalls is per province: it protects each province's
	// quota, not only the gateway.
	MaxUpstreamCalls int
}

func (l Limits) validate() error {
	if l.MaxOperations <= 0 || l.MaxAliases <= 0 || l.MaxDepth <= 0 || l.MaxComplexity <= 0 || l.MaxUpstreamCalls <= 0 {
		return fmt.Errorf("querylimit: every limit must be positive: %+v", l)
	}
	return nil
}

// Check returns the first figure over its limit as a GraphQL error with
// its code, the figure and the limit in extensions; nil when all fit.
func (l Limits) Check(f Figures) *gqlerror.Error {
	switch {
	case f.Operations > l.MaxOperations:
		return refuse(CodeTooManyOperations, "operations", f.Operations, l.MaxOperations,
			"the document has %d operations; at most %d are allowed")
	case f.Aliases > l.MaxAliases:
		return refuse(CodeTooManyAliases, "aliases", f.Aliases, l.MaxAliases,
			"the document has %d aliases; at most %d are allowed")
	case f.Depth > l.MaxDepth:
		return refuse(CodeTooDeep, "depth", f.Depth, l.MaxDepth,
			"the query is %d fields deep; at most %d are allowed")
	case f.Truncated || f.Complexity > l.MaxComplexity:
		format := "the query costs %d; at most %d is allowed"
		if f.Truncated || f.Complexity >= maxFigure {
			format = "the query costs more than %d; at most %d is allowed"
		}
		return refuse(CodeTooComplex, "complexity", f.Complexity, l.MaxComplexity, format)
	}
	if p, n := f.MaxUpstream(); n > l.MaxUpstreamCalls {
		err := refuse(CodeTooManyUpstreamCalls, "upstreamCalls", n, l.MaxUpstreamCalls,
			"the query would make about %d upstream calls to one province; at most %d are allowed")
		err.Message = p + ": " + err.Message
		err.Extensions["province"] = p
		return err
	}
	return nil
}

func refuse(code, name string, figure, limit int, format string) *gqlerror.Error {
	err := gqlerror.Errorf(format, figure, limit)
	err.Extensions = map[string]any{"code": code, name: figure, "limit": limit}
	return err
}

// Extension enforces Limits on every operation before it executes, so a
// refused query never reaches a resolver or an upstream.
type Extension struct {
	Model  *Model
	Limits Limits
	// Memo, when set, keeps the figures of repeated operations (see Memo).
	Memo *Memo
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = Extension{}

// ExtensionName names the extension in gqlgen's stats.
func (Extension) ExtensionName() string { return "QueryLimits" }

// Validate checks the limits when the extension is added to a server.
func (e Extension) Validate(graphql.ExecutableSchema) error {
	if e.Model == nil {
		return errors.New("querylimit: no model")
	}
	return e.Limits.validate()
}

// MutateOperationContext measures the operation and refuses it when a
// figure is over its limit.
func (e Extension) MutateOperationContext(ctx context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	fig := e.Memo.measure(opCtx, func() Figures {
		return e.Model.Analyze(opCtx.Doc, opCtx.Operation, opCtx.Variables, e.Limits.MaxComplexity)
	})
	opCtx.Stats.SetExtension(e.ExtensionName(), fig)
	return e.Limits.Check(*fig)
}

// FiguresOf returns what the extension measured of the operation in ctx.
func FiguresOf(ctx context.Context) *Figures {
	if !graphql.HasOperationContext(ctx) {
		return nil
	}
	f, _ := graphql.GetOperationContext(ctx).Stats.GetExtension("QueryLimits").(*Figures)
	return f
}
