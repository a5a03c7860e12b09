package gateway

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/civgraph/civgraph/federation"
	"github.com/civgraph/civgraph/reqinfo"
)

// requestNotes tells the request's reqinfo.Info (for the access log and
// the metrics) the operation's name, the answer's error codes and whether
// it carried data, and puts the request id in every error's
// extensions.requestId, so that a client's bug report finds the log line.
// It intercepts operations (to see what execlimit.Guard puts in place of
// a stopped answer) and responses (to see requests refused before an
// operation ran).
type requestNotes struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
	graphql.ResponseInterceptor
} = requestNotes{}

func (requestNotes) ExtensionName() string                   { return "RequestNotes" }
func (requestNotes) Validate(graphql.ExecutableSchema) error { return nil }

func (requestNotes) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	h := next(ctx)
	return func(ctx context.Context) *graphql.Response { return note(ctx, h(ctx)) }
}

func (requestNotes) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	return note(ctx, next(ctx))
}

func note(ctx context.Context, resp *graphql.Response) *graphql.Response {
	info := reqinfo.From(ctx)
	if info == nil || resp == nil {
		return resp
	}
	if graphql.HasOperationContext(ctx) {
		if oc := graphql.GetOperationContext(ctx); oc.Operation != nil {
			info.SetOperation(oc.Operation.Name)
		}
	}
	info.SetHasData(len(resp.Data) > 0 && string(resp.Data) != "null")
	for _, e := range resp.Errors {
		if e.Extensions == nil {
			e.Extensions = map[string]any{}
		}
		if c, ok := e.Extensions["code"].(string); ok {
			info.AddCode(c)
		}
		e.Extensions["requestId"] = info.ID
	}
	return resp
}

// noteProvinces tells the request's reqinfo.Info which provinces the
// answer used and how each fared.
func noteProvinces(ctx context.Context, sources []federation.SourceStatus) {
	if info := reqinfo.From(ctx); info != nil && len(sources) > 0 {
		ps := make([]reqinfo.Province, len(sources))
		for i, s := range sources {
			ps[i] = reqinfo.Province{Name: string(s.Province), Outcome: string(s.State), Code: string(s.Code)}
		}
		info.SetProvinces(ps)
	}
}
