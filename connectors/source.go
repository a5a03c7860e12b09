package connectors

import (
	"context"
	"time"

	"github.com/civgraph/civgraph/civ"
)

// Source is one province's upstream, seen through its connector. Every list
// method takes a normalized query and returns one page plus the total count
// of matching rows, so the federation layer can paginate across sources.
type Source interface {
	Province() civ.ProvinceCode
	Capabilities() Capabilities
	Meetings(ctx context.Context, q Query) (Result[civ.Meeting], error)
	PolicyDocuments(ctx context.Context, q Query) (Result[civ.PolicyDocument], error)
	Tasks(ctx context.Context, q Query) (Result[civ.Task], error)
	ServiceSites(ctx context.Context, q Query) (Result[civ.ServiceSite], error)
}

// Query is a filter plus an offset window. Connectors push down to the
// upstream what its API supports (see Capabilities) and apply the rest
// locally with civ.Filter's Match methods, so every source answers the same
// filter the same way.
type Query struct {
	Filter civ.Filter
	Offset int // rows to skip
	Limit  int // rows to return; 0 means only the total is wanted
}

// Result is one page of a source's answer.
type Result[T any] struct {
	Items []T
	Total int // matching rows in the whole source, not just this page
	Meta  Meta
}

// Meta is the provenance of a result: when the data was fetched from the
// upstream and whether it came from the cache, for extensions.sources.
type Meta struct {
	FetchedAt time.Time
	Cached    bool
	Stale     bool // served from cache after the upstream failed
}

// Capabilities declares which filters an upstream applies itself; the
// rest are applied by the connector after fetching.
type Capabilities struct {
	PushDown map[string]bool // keys are Filter field names, e.g. "Keyword"
}
