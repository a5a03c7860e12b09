package resolvers

import (
	"context"
	"errors"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/compare"
	"github.com/civgraph/civgraph/errcode"
	"github.com/civgraph/civgraph/graph/model"
)

// Comparer runs comparisons (compare.Comparer).
type Comparer interface {
	Compare(ctx context.Context, req compare.Request) (compare.Result, error)
}

var _ Comparer = (*compare.Comparer)(nil)

// WithComparer sets what answers compare and stats.
func WithComparer(c Comparer) Option { return func(r *Resolver) { r.comparer = c } }

// comparisonFilter maps the GraphQL filter onto civ.Filter; an absent
// filter counts real rows only, as the input's default does.
func comparisonFilter(in *model.ComparisonFilter) civ.Filter {
	if in == nil {
		real := false
		return civ.Filter{Sample: &real}
	}
	f := civ.Filter{Sample: in.Sample, Domains: in.Domains, SiteTypes: in.SiteTypes, RegionCodes: in.RegionCodes,
		From: civ.DayOrZero(in.From), To: civ.DayOrZero(in.To), TargetDueFrom: in.TargetDueFrom, TargetDueTo: in.TargetDueTo,
		IncludeUndated: in.IncludeUndated != nil && *in.IncludeUndated}
	if in.Keyword != nil {
		f.Keyword = *in.Keyword
	}
	if in.TargetMetric != nil {
		f.TargetMetric = *in.TargetMetric
	}
	return f
}

// comparison runs req and reports each province that failed once in
// errors[] (its rows say so too); a comparison refused for its size is a
// COMPARISON_TOO_LARGE error.
func (r *Resolver) comparison(ctx context.Context, req compare.Request) (*compare.Result, error) {
	if r.comparer == nil {
		return nil, errors.New("comparisons are not configured")
	}
	res, err := r.comparer.Compare(ctx, req)
	if errors.Is(err, compare.ErrTooLarge) {
		return nil, &gqlerror.Error{Message: err.Error(), Path: graphql.GetPath(ctx),
			Extensions: map[string]any{"code": string(errcode.ComparisonTooLarge)}}
	}
	if err != nil {
		return nil, err
	}
	reported := map[civ.ProvinceCode]bool{}
	for _, row := range res.Rows {
		if row.Err != nil && !reported[row.Province] {
			reported[row.Province] = true
			graphql.AddError(ctx, row.Err)
		}
	}
	return &res, nil
}

// optionalOf maps a zero value to null.
func optionalOf[T ~string](v T) *T {
	if v == "" {
		return nil
	}
	return &v
}
