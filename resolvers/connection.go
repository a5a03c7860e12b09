package resolvers

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/federation"
	"github.com/civgraph/civgraph/graph/model"
)

// filterInput is the part every list filter input shares.
type filterInput struct {
	provinces  []civ.ProvinceCode
	from, to   *time.Time
	domain     *civ.Domain
	siteType   *civ.SiteType
	regionCode *string
	keyword    *string
	sample     *bool
	domains    []civ.Domain
	siteTypes  []civ.SiteType
	regions    []string
	// tasks only: their targets' due range and metric
	targetDueFrom, targetDueTo *time.Time
	targetMetric               *string
	includeUndated             *bool
	// service sites only: a circle and a box
	near *model.NearInput
	bbox *model.BoundingBoxInput
}

func (in filterInput) request(first *int, after *string) federation.Request {
	f := civ.Filter{}
	if in.from != nil {
		f.From = *in.from
	}
	if in.to != nil {
		f.To = *in.to
	}
	if in.domain != nil {
		f.Domain = *in.domain
	}
	if in.siteType != nil {
		f.SiteType = *in.siteType
	}
	if in.regionCode != nil {
		f.RegionCode = *in.regionCode
	}
	if in.keyword != nil {
		f.Keyword = *in.keyword
	}
	f.Sample = in.sample
	f.Domains, f.SiteTypes, f.RegionCodes = in.domains, in.siteTypes, in.regions
	f.TargetDueFrom, f.TargetDueTo = in.targetDueFrom, in.targetDueTo
	f.IncludeUndated = in.includeUndated != nil && *in.includeUndated
	if in.targetMetric != nil {
		f.TargetMetric = *in.targetMetric
	}
	f.Near, f.Box = geoFilter(in.near, in.bbox)
	r := federation.Request{Provinces: in.provinces, Filter: f, First: first}
	if after != nil {
		r.After = *after
	}
	return r
}

func meetingFilter(in *model.MeetingFilter) filterInput {
	if in == nil {
		return filterInput{}
	}
	return filterInput{includeUndated: in.IncludeUndated, provinces: in.Provinces, from: in.From, to: in.To, domain: in.Domain, regionCode: in.RegionCode, keyword: in.Keyword, sample: in.Sample,
		domains: in.Domains, regions: in.RegionCodes}
}

func policyDocumentFilter(in *model.PolicyDocumentFilter) filterInput {
	if in == nil {
		return filterInput{}
	}
	return filterInput{includeUndated: in.IncludeUndated, provinces: in.Provinces, from: in.From, to: in.To, domain: in.Domain, keyword: in.Keyword, sample: in.Sample, domains: in.Domains}
}

func taskFilter(in *model.TaskFilter) filterInput {
	if in == nil {
		return filterInput{}
	}
	return filterInput{includeUndated: in.IncludeUndated, provinces: in.Provinces, from: in.From, to: in.To, domain: in.Domain, keyword: in.Keyword, sample: in.Sample, domains: in.Domains,
		targetDueFrom: in.TargetDueFrom, targetDueTo: in.TargetDueTo, targetMetric: in.TargetMetric}
}

func serviceSiteFilter(in *model.ServiceSiteFilter) filterInput {
	if in == nil {
		return filterInput{}
	}
	return filterInput{includeUndated: in.IncludeUndated, provinces: in.Provinces, from: in.From, to: in.To, domain: in.Domain, siteType: in.SiteType, regionCode: in.RegionCode, keyword: in.Keyword, sample: in.Sample,
		domains: in.Domains, siteTypes: in.SiteTypes, regions: in.RegionCodes, near: in.Near, bbox: in.Bbox}
}

// connection converts a federation page into a generated connection type,
// reporting each failed province as an error on the field while keeping
// the others' rows.
func connection[T, E, C any](ctx context.Context, page federation.Page[T], err error,
	edge func(cursor string, node T) E, build func(edges []E, info model.PageInfo, total int) C,
) (C, error) {
	var zero C
	if err != nil {
		return zero, err
	}
	for _, e := range page.Errors {
		graphql.AddError(ctx, e)
	}
	edges := make([]E, len(page.Edges))
	for i, e := range page.Edges {
		edges[i] = edge(e.Cursor, e.Node)
	}
	info := model.PageInfo{HasNextPage: page.HasNextPage, HasPreviousPage: page.HasPreviousPage}
	if n := len(page.Edges); n > 0 {
		info.StartCursor, info.EndCursor = &page.Edges[0].Cursor, &page.Edges[n-1].Cursor
	}
	return build(edges, info, page.TotalCount), nil
}

func meetingConnection(ctx context.Context, page federation.Page[civ.Meeting], err error) (model.MeetingConnection, error) {
	return connection(ctx, page, err,
		func(c string, n civ.Meeting) model.MeetingEdge { return model.MeetingEdge{Cursor: c, Node: n} },
		func(e []model.MeetingEdge, i model.PageInfo, t int) model.MeetingConnection {
			return model.MeetingConnection{Edges: e, PageInfo: i, TotalCount: t}
		})
}

func policyDocumentConnection(ctx context.Context, page federation.Page[civ.PolicyDocument], err error) (model.PolicyDocumentConnection, error) {
	return connection(ctx, page, err,
		func(c string, n civ.PolicyDocument) model.PolicyDocumentEdge {
			return model.PolicyDocumentEdge{Cursor: c, Node: n}
		},
		func(e []model.PolicyDocumentEdge, i model.PageInfo, t int) model.PolicyDocumentConnection {
			return model.PolicyDocumentConnection{Edges: e, PageInfo: i, TotalCount: t}
		})
}

func taskConnection(ctx context.Context, page federation.Page[civ.Task], err error) (model.TaskConnection, error) {
	return connection(ctx, page, err,
		func(c string, n civ.Task) model.TaskEdge { return model.TaskEdge{Cursor: c, Node: n} },
		func(e []model.TaskEdge, i model.PageInfo, t int) model.TaskConnection {
			return model.TaskConnection{Edges: e, PageInfo: i, TotalCount: t}
		})
}

func serviceSiteConnection(ctx context.Context, page federation.Page[civ.ServiceSite], err error) (model.ServiceSiteConnection, error) {
	return connection(ctx, page, err,
		func(c string, n civ.ServiceSite) model.ServiceSiteEdge {
			return model.ServiceSiteEdge{Cursor: c, Node: n}
		},
		func(e []model.ServiceSiteEdge, i model.PageInfo, t int) model.ServiceSiteConnection {
			return model.ServiceSiteConnection{Edges: e, PageInfo: i, TotalCount: t}
		})
}

func province(code civ.ProvinceCode) civ.Province {
	p, _ := civ.ProvinceInfo(code)
	return p
}

func (r *Resolver) region(code string) *civ.Region {
	if code == "" {
		return nil
	}
	reg, ok := r.regions.Lookup(code)
	if !ok {
		return nil
	}
	return &reg
}

// selects reports whether the current field's selection asks for field,
// so that a count costing upstream requests is made only when asked for.
func selects(ctx context.Context, field string) bool {
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		if f.Name == field {
			return true
		}
	}
	return false
}

// sampleCount counts the sample rows among what req matches (see
// federation.SampleCount), reporting provinces that failed to count as
// errors unless the page already reported them.
func (r *Resolver) sampleCount(ctx context.Context, req federation.Request, page federation.Page[civ.ServiceSite]) (int, error) {
	n, errs, err := r.fed.SampleCount(ctx, req, page)
	if err != nil {
		return 0, err
	}
	reportNew(ctx, page.Errors, errs)
	return n, nil
}

// undatedExcluded counts, when the selection asks for it, the rows the
// date range left out for their unknown date (see
// federation.UndatedExcluded), reporting provinces that failed to count
// unless the page already reported them.
func undatedExcluded[T any](ctx context.Context, list func(context.Context, federation.Request) (federation.Page[T], error),
	req federation.Request, page federation.Page[T]) (int, error) {
	if !selects(ctx, "undatedExcluded") {
		return 0, nil
	}
	n, errs, err := federation.UndatedExcluded(ctx, list, req, page)
	if err != nil {
		return 0, err
	}
	reportNew(ctx, page.Errors, errs)
	return n, nil
}

// reportNew adds errs to the response, leaving out provinces already
// reported in the page's errors.
func reportNew(ctx context.Context, reported, errs []*connectors.UpstreamError) {
	seen := map[civ.ProvinceCode]bool{}
	for _, e := range reported {
		seen[e.Province] = true
	}
	for _, e := range errs {
		if !seen[e.Province] {
			graphql.AddError(ctx, e)
		}
	}
}

// listPage asks list for req's page, converts it to a connection and
// fills its undatedExcluded when the selection asks for it.
func listPage[T, C any](ctx context.Context, list func(context.Context, federation.Request) (federation.Page[T], error), req federation.Request,
	convert func(context.Context, federation.Page[T], error) (C, error), setUndated func(*C, int)) (C, federation.Page[T], error) {
	page, err := list(ctx, req)
	conn, err := convert(ctx, page, err)
	if err != nil {
		return conn, page, err
	}
	n, err := undatedExcluded(ctx, list, req, page)
	setUndated(&conn, n)
	return conn, page, err
}
