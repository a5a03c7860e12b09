package federation

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/guard"
)

// Page sizes.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// Federation answers queries over a set of sources, one per province.
type Federation struct {
	sources        map[civ.ProvinceCode]connectors.Source
	cursors        cursorCodec
	logger         *slog.Logger
	sourceDeadline time.Duration
}

// Option configures a Federation.
type Option func(*Federation)

// WithSourceDeadline bounds how long one source may take within a
// request, so one slow province cannot hold the others' answer back to the
// request's own deadline. Zero means only the request's deadline applies.
func WithSourceDeadline(d time.Duration) Option { return func(f *Federation) { f.sourceDeadline = d } }

// sourceContext derives the context one source call runs under.
func (f *Federation) sourceContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if f.sourceDeadline <= 0 {
		return guard.KeepDeadline(ctx), func() {}
	}
	ctx, cancel := context.WithTimeout(ctx, f.sourceDeadline)
	return guard.KeepDeadline(ctx), cancel
}

// WithLogger sets the logger.
func WithLogger(l *slog.Logger) Option { return func(f *Federation) { f.logger = l } }

// New builds a Federation over sources (at most one per province).
// cursorSecret signs cursors; replicas behind one load balancer must share it.
func New(sources []connectors.Source, cursorSecret []byte, opts ...Option) (*Federation, error) {
	if len(cursorSecret) == 0 {
		return nil, errors.New("federation: cursor secret must not be empty")
	}
	f := &Federation{
		sources: map[civ.ProvinceCode]connectors.Source{},
		cursors: cursorCodec{key: slices.Clone(cursorSecret)},
		logger:  slog.New(slog.DiscardHandler),
	}
	for _, s := range sources {
		p := s.Province()
		if _, dup := f.sources[p]; dup {
			return nil, fmt.Errorf("federation: two sources for province %s", p)
		}
		f.sources[p] = s
	}
	for _, o := range opts {
		o(f)
	}
	return f, nil
}

// Provinces lists the provinces with a source, in canonical order.
func (f *Federation) Provinces() []civ.ProvinceCode {
	var out []civ.ProvinceCode
	for _, p := range civ.AllProvinces {
		if _, ok := f.sources[p]; ok {
			out = append(out, p)
		}
	}
	return out
}

// Request is one page of a list across provinces.
type Request struct {
	Provinces []civ.ProvinceCode // empty: every province
	Filter    civ.Filter
	First     *int   // page size; nil: DefaultPageSize
	After     string // cursor of the last edge already seen
}

// Edge is one row of a page with the cursor that resumes after it.
type Edge[T any] struct {
	Cursor string
	Node   T
}

// Page is one page of a list across provinces.
type Page[T any] struct {
	Edges           []Edge[T]
	TotalCount      int // rows matching in the provinces that answered
	HasNextPage     bool
	HasPreviousPage bool
	// Errors holds one error per province that failed; its rows are
	// missing from this page and resume on a later one.
	Errors []*connectors.UpstreamError
}

type fetchFunc[T any] func(connectors.Source, context.Context, connectors.Query) (connectors.Result[T], error)

// Meetings lists meetings.
func (f *Federation) Meetings(ctx context.Context, r Request) (Page[civ.Meeting], error) {
	return list(ctx, f, KindMeeting, r, connectors.Source.Meetings)
}

// PolicyDocuments lists policy documents.
func (f *Federation) PolicyDocuments(ctx context.Context, r Request) (Page[civ.PolicyDocument], error) {
	return list(ctx, f, KindPolicyDocument, r, connectors.Source.PolicyDocuments)
}

// Tasks lists tasks.
func (f *Federation) Tasks(ctx context.Context, r Request) (Page[civ.Task], error) {
	return list(ctx, f, KindTask, r, connectors.Source.Tasks)
}

// ServiceSites lists service sites.
func (f *Federation) ServiceSites(ctx context.Context, r Request) (Page[civ.ServiceSite], error) {
	return list(ctx, f, KindServiceSite, r, connectors.Source.ServiceSites)
}

// selectProvinces returns the requested provinces that have a source, in
// canonical order and without duplicates.
func (f *Federation) selectProvinces(requested []civ.ProvinceCode) ([]civ.ProvinceCode, error) {
	if len(requested) == 0 {
		return f.Provinces(), nil
	}
	var out []civ.ProvinceCode
	for _, p := range civ.AllProvinces {
		if !slices.Contains(requested, p) {
			continue
		}
		if _, ok := f.sources[p]; !ok {
			return nil, invalidInput("province %s is not configured on this gateway", p)
		}
		out = append(out, p)
	}
	for _, p := range requested {
		if !p.IsValid() {
			return nil, invalidInput("unknown province %q", p)
		}
	}
	return out, nil
}

func pageSize(first *int) (int, error) {
	if first == nil {
		return DefaultPageSize, nil
	}
	if *first < 0 || *first > MaxPageSize {
		return 0, invalidInput("first must be between 0 and %d, got %d", MaxPageSize, *first)
	}
	return *first, nil
}

type sourceAnswer[T any] struct {
	result connectors.Result[T]
	err    *connectors.UpstreamError
}

// list fans out to every selected source in parallel, each asked for a
// window starting at its own offset, then fills the page from the sources
// in canonical order. Later sources are asked too, so that totalCount is
// known and an exhausted source hands over to the next without a second
// round trip.
func list[T any](ctx context.Context, f *Federation, kind Kind, r Request, fetch fetchFunc[T]) (Page[T], error) {
	size, err := pageSize(r.First)
	if err != nil {
		return Page[T]{}, err
	}
	provinces, err := f.selectProvinces(r.Provinces)
	if err != nil {
		return Page[T]{}, err
	}
	query := fingerprint(kind, provinces, r.Filter)
	offsets := map[civ.ProvinceCode]int{}
	if r.After != "" {
		state, err := f.cursors.decode(r.After, query)
		if err != nil {
			return Page[T]{}, err
		}
		offsets = state.Offsets
	}

	answers := make([]sourceAnswer[T], len(provinces))
	var wg sync.WaitGroup
	for i, p := range provinces {
		wg.Go(func() {
			sctx, cancel := f.sourceContext(ctx)
			defer cancel()
			q := connectors.Query{Filter: r.Filter, Offset: offsets[p], Limit: size}
			res, err := fetch(f.sources[p], sctx, q)
			answers[i] = sourceAnswer[T]{result: res, err: f.asUpstreamError(sctx, p, kind, err)}
			recordSource(ctx, p, res.Meta, answers[i].err)
		})
	}
	wg.Wait()

	page := Page[T]{HasPreviousPage: r.After != ""}
	next := map[civ.ProvinceCode]int{}
	for p, o := range offsets {
		next[p] = o
	}
	for i, p := range provinces {
		a := answers[i]
		if a.err != nil {
			page.Errors = append(page.Errors, a.err)
			continue
		}
		page.TotalCount += a.result.Total
		age := dataAgeOf(a.result.Meta, time.Now())
		for _, item := range a.result.Items {
			if len(page.Edges) == size {
				break
			}
			next[p]++
			page.Edges = append(page.Edges, Edge[T]{
				Cursor: f.cursors.encode(cursorState{Query: query, Offsets: next}),
				Node:   withAge(item, age),
			})
		}
		if next[p] < a.result.Total {
			page.HasNextPage = true
		}
	}
	return page, nil
}

// asUpstreamError normalizes a source's error; connectors should already
// return *connectors.UpstreamError, but a bare context error or a
// misbehaving connector must still produce a coded, client-safe error.
func (f *Federation) asUpstreamError(ctx context.Context, p civ.ProvinceCode, kind Kind, err error) *connectors.UpstreamError {
	if err == nil {
		return nil
	}
	if ue, ok := connectors.AsUpstreamError(err); ok {
		return ue
	}
	op := "list " + string(kind)
	if ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) {
		return connectors.NewError(p, connectors.CodeTimeout, op, "the upstream did not answer before the deadline", err)
	}
	f.logger.Error("source returned an uncoded error", "province", p, "err", err)
	return connectors.NewError(p, connectors.CodeUnavailable, op, "the source failed", err)
}
