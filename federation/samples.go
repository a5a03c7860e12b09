package federation

import (
	"context"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
)

// SampleCount counts the generated sample rows among the service sites r
// matches, across the provinces that answered, with errors for those that
// did not. It costs one total-only upstream request per province (the
// filter with Sample set to true, no rows), whatever the dataset's size,
// and none when r's filter already fixes the sample flag: then the count
// is the page's total (samplesOnly) or 0.
func (f *Federation) SampleCount(ctx context.Context, r Request, page Page[civ.ServiceSite]) (int, []*connectors.UpstreamError, error) {
	if s := r.Filter.Sample; s != nil {
		if *s {
			return page.TotalCount, nil, nil
		}
		return 0, nil, nil
	}
	none, samples := 0, true
	count := Request{Provinces: r.Provinces, Filter: r.Filter, First: &none}
	count.Filter.Sample = &samples
	res, err := f.ServiceSites(ctx, count)
	if err != nil {
		return 0, nil, err
	}
	return res.TotalCount, res.Errors, nil
}

// UndatedExcluded counts the rows r's date range left out only because
// their date is unknown: the total with IncludeUndated less the page's
// total. It costs one total-only request per province, and none when r has
// no date range or already includes undated rows (then it is 0). list is
// the Federation method for the page's kind.
func UndatedExcluded[T any](ctx context.Context, list func(context.Context, Request) (Page[T], error), r Request, page Page[T]) (int, []*connectors.UpstreamError, error) {
	if !r.Filter.HasDateRange() || r.Filter.IncludeUndated {
		return 0, nil, nil
	}
	none := 0
	count := Request{Provinces: r.Provinces, Filter: r.Filter, First: &none}
	count.Filter.IncludeUndated = true
	res, err := list(ctx, count)
	if err != nil {
		return 0, nil, err
	}
	// A province that failed either count has no figure to subtract.
	return max(res.TotalCount-page.TotalCount, 0), res.Errors, nil
}
