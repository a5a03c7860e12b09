package federation

import (
	"context"
	"fmt"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/errcode"
)

// ComparisonTooLarge is the code of a comparison refused for its size:
// more rows to read from a province than the bound allows, or more groups.
var ComparisonTooLarge = errcode.ComparisonTooLarge

// Tally is one province's answer to a count or a bounded read, with the
// provenance a comparison row reports: how old its data is and whether it
// was stale, or the province's coded error (then Total means nothing).
type Tally struct {
	Total int
	Age   *civ.DataAge
	Err   *connectors.UpstreamError
	// Calls is how many source calls the answer took (pages; cached ones
	// included) and Rows how many rows they carried: what a comparison
	// reports of its own cost.
	Calls, Rows int
}

// Count asks province p how many rows of kind match filter: one
// total-only request (Limit 0), through the province's cached source, so
// its cost does not depend on how many rows match. The call is recorded
// in the request's provenance report like every list's.
func (f *Federation) Count(ctx context.Context, kind Kind, p civ.ProvinceCode, filter civ.Filter) Tally {
	var t Tally
	switch kind {
	case KindMeeting:
		_, t = read(ctx, f, kind, p, filter, 0, connectors.Source.Meetings)
	case KindPolicyDocument:
		_, t = read(ctx, f, kind, p, filter, 0, connectors.Source.PolicyDocuments)
	case KindTask:
		_, t = read(ctx, f, kind, p, filter, 0, connectors.Source.Tasks)
	case KindServiceSite:
		_, t = read(ctx, f, kind, p, filter, 0, connectors.Source.ServiceSites)
	default:
		t.Err = connectors.NewError(p, errcode.BadUserInput, "count", "nothing to count of kind "+string(kind), nil)
	}
	return t
}

// ReadSites reads every service site of province p matching filter, in
// pages of MaxPageSize, refusing with ComparisonTooLarge (after the first
// page, which tells the total) when more than limit rows match.
func (f *Federation) ReadSites(ctx context.Context, p civ.ProvinceCode, filter civ.Filter, limit int) ([]civ.ServiceSite, Tally) {
	return read(ctx, f, KindServiceSite, p, filter, limit, connectors.Source.ServiceSites)
}

// ReadTasks reads every task of province p matching filter, as ReadSites
// reads sites.
func (f *Federation) ReadTasks(ctx context.Context, p civ.ProvinceCode, filter civ.Filter, limit int) ([]civ.Task, Tally) {
	return read(ctx, f, KindTask, p, filter, limit, connectors.Source.Tasks)
}

// read asks p for its total (limit 0) or for all its matching rows, at
// most limit, page by page under one source deadline per page.
func read[T any](ctx context.Context, f *Federation, kind Kind, p civ.ProvinceCode, filter civ.Filter, limit int, fetch fetchFunc[T]) ([]T, Tally) {
	src, ok := f.sources[p]
	if !ok {
		return nil, Tally{Err: connectors.NewError(p, errcode.BadUserInput, "list "+string(kind), "province is not configured on this gateway", nil)}
	}
	if err := checkFilter(filter); err != nil {
		return nil, Tally{Err: connectors.NewError(p, errcode.BadUserInput, "list "+string(kind), err.Error(), nil)}
	}
	var rows []T
	tally := Tally{}
	for {
		q := connectors.Query{Filter: filter, Offset: len(rows), Limit: min(MaxPageSize, max(limit-len(rows), 0))}
		sctx, cancel := f.sourceContext(ctx)
		res, err := callSafely(fetch, src, sctx, q)
		ue := f.normalize(sctx, p, kind, err)
		cancel()
		recordSource(ctx, p, res.Meta, ue)
		tally.Calls++
		if ue != nil {
			return nil, Tally{Err: ue, Calls: tally.Calls, Rows: tally.Rows}
		}
		tally.Rows += len(res.Items)
		tally.Total = res.Total
		if age := dataAgeOf(res.Meta, time.Now()); age != nil && (tally.Age == nil || age.FetchedAt.Before(tally.Age.FetchedAt) || age.Stale) {
			tally.Age = age
		}
		if limit == 0 {
			return nil, tally
		}
		if res.Total > limit {
			return nil, Tally{Calls: tally.Calls, Rows: tally.Rows, Err: connectors.NewError(p, ComparisonTooLarge, "list "+string(kind),
				fmt.Sprintf("%d rows match; a comparison reads at most %d rows from one province", res.Total, limit), nil)}
		}
		rows = append(rows, res.Items...)
		if len(res.Items) == 0 || len(rows) >= res.Total {
			return rows, tally
		}
	}
}
