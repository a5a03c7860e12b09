package federation

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
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

// Request is one page of a list across provinces, as Relay pages a
// connection: forwards with First and After, backwards with Last and
// Before (First and Last together are refused).
type Request struct {
	Provinces []civ.ProvinceCode // empty: every province
	Filter    civ.Filter
	Order     connectors.Order // zero: the provinces in canonical order, each in its source's order
	First     *int             // page size; nil (and no Last): DefaultPageSize
	After     string           // cursor of the last edge already seen
	Last      *int             // page size, paging backwards
	Before    string           // cursor of the first edge already seen
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
