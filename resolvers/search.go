package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/civgraph/civgraph/federation"
	"github.com/civgraph/civgraph/graph/model"
)

// searchKinds maps the schema's search types onto federation's kinds.
var searchKinds = map[model.SearchType]federation.Kind{
	model.SearchTypeMeeting:        federation.KindMeeting,
	model.SearchTypePolicyDocument: federation.KindPolicyDocument,
	model.SearchTypeTask:           federation.KindTask,
	model.SearchTypeServiceSite:    federation.KindServiceSite,
}

func searchRequest(text string, types []model.SearchType, in *model.SearchFilter, first *int, after *string) federation.SearchRequest {
	var f filterInput
	if in != nil {
		f = filterInput{provinces: in.Provinces, from: in.From, to: in.To, domains: in.Domains, sample: in.Sample}
	}
	list := f.request(first, after)
	r := federation.SearchRequest{Text: text, Provinces: list.Provinces, Filter: list.Filter, First: first, After: list.After}
	for _, t := range types {
		r.Kinds = append(r.Kinds, searchKinds[t])
	}
	return r
}

// searchConnection converts a page of hits, reporting each failed
// province as an error on the field while keeping the others' hits.
func searchConnection(ctx context.Context, page federation.SearchPage) model.SearchConnection {
	for _, e := range page.Errors {
		graphql.AddError(ctx, e)
	}
	conn := model.SearchConnection{Edges: make([]model.SearchEdge, len(page.Edges)), TotalCount: page.TotalCount,
		MatchCount: page.MatchCount, Truncated: page.Truncated,
		PageInfo: model.PageInfo{HasNextPage: page.HasNextPage, HasPreviousPage: page.HasPreviousPage}}
	for i, e := range page.Edges {
		conn.Edges[i] = model.SearchEdge{Cursor: e.Cursor, Score: e.Node.Score, Node: e.Node.Node, Snippet: e.Node.Snippet}
	}
	if n := len(page.Edges); n > 0 {
		conn.PageInfo.StartCursor, conn.PageInfo.EndCursor = &page.Edges[0].Cursor, &page.Edges[n-1].Cursor
	}
	return conn
}
