package gateway

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/civgraph/civgraph/federation"
	"github.com/civgraph/civgraph/reqinfo"
)

// noteRequest tells the request's reqinfo.Info (for the access log and
// the metrics) the operation's name, the answer's error codes, whether it
// carried data and each province's outcome, and puts the request id in
// every error's extensions.requestId, so that a client's bug report finds
// the log line.
func noteRequest(ctx context.Context, resp *graphql.Response, sources []federation.SourceStatus) {
	info := reqinfo.From(ctx)
	if info == nil {
		return
	}
	if graphql.HasOperationContext(ctx) {
		if oc := graphql.GetOperationContext(ctx); oc.Operation != nil {
			info.SetOperation(oc.Operation.Name)
		}
	}
	if len(resp.Data) > 0 && string(resp.Data) != "null" {
		info.SetHasData()
	}
	for _, e := range resp.Errors {
		if e.Extensions == nil {
			e.Extensions = map[string]any{}
		}
		if c, ok := e.Extensions["code"].(string); ok {
			info.AddCode(c)
		}
		e.Extensions["requestId"] = info.ID
	}
	if len(sources) > 0 {
		ps := make([]reqinfo.Province, len(sources))
		for i, s := range sources {
			ps[i] = reqinfo.Province{Name: string(s.Province), Outcome: string(s.State), Code: string(s.Code)}
		}
		info.SetProvinces(ps)
	}
}
