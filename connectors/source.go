package connectors

import (
	"context"
	"slices"
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
	// Order is the order of the rows the window is cut from; the zero
	// Order is the source's own order. The federation asks only for the
	// orders Capabilities.Orders declares and sorts the others itself
	// (kit.OrderedWindow); a source may still answer any order.
	Order Order
}

// Order is a sort order for a list. Ties are broken by ID, ascending, so
// that every order is total and a window is stable between requests.
type Order struct {
	Field OrderField
	Desc  bool
}

// OrderField is what a list is sorted by.
type OrderField string

// The order fields: NAME, UPDATED_AT and DISTANCE (from Filter.Near's
// centre) for service sites, DATE for meetings and policy documents, DUE
// for tasks. OrderSource is the source's own order.
const (
	OrderSource    OrderField = ""
	OrderName      OrderField = "NAME"
	OrderUpdatedAt OrderField = "UPDATED_AT"
	OrderDistance  OrderField = "DISTANCE"
	OrderDate      OrderField = "DATE"
	OrderDue       OrderField = "DUE"
)

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
	// NotFound marks data that rests on a cached "nothing found" answer,
	// fresh only for the source's negative TTL, not its TTL.
	NotFound bool
}

// Capabilities declares, per entity, which civ.Filter fields the upstream
// applies itself (pushes down); the connector applies the others locally,
// so that every source answers every filter the same way. The conformance
// suite (connectors/sourcetest) proves each declaration against the
// sample upstream: a declared field reaches the upstream's request and
// only matching rows come back; an undeclared one does not reach it. The
// federation reads Orders to plan: it asks a source for a declared order
// and sorts any other itself.
type Capabilities struct {
	Meetings, PolicyDocuments, Tasks, ServiceSites Fields
	// Orders declares, per entity, the orders the upstream sorts by itself
	// (both directions, ties by ID); the connector sorts any other order
	// locally (kit.OrderedWindow), so every source answers every order.
	Orders Orders
}

// Orders is a set of order fields per entity.
type Orders struct {
	Meetings, PolicyDocuments, Tasks, ServiceSites []OrderField
}

// OrderFields lists every order field each entity can be sorted by.
func OrderFields() Orders {
	return Orders{Meetings: []OrderField{OrderDate}, PolicyDocuments: []OrderField{OrderDate},
		Tasks: []OrderField{OrderDue}, ServiceSites: []OrderField{OrderName, OrderUpdatedAt, OrderDistance}}
}

// FilterField names a civ.Filter field.
type FilterField string

// The filter fields, in civ.Filter's order.
const (
	FilterID         FilterField = "ID"
	FilterFrom       FilterField = "From"
	FilterTo         FilterField = "To"
	FilterDomain     FilterField = "Domain"
	FilterSiteType   FilterField = "SiteType"
	FilterRegionCode FilterField = "RegionCode"
	FilterKeyword    FilterField = "Keyword"
	FilterOriginID   FilterField = "OriginID"
	FilterIDs        FilterField = "IDs"
	FilterOriginIDs  FilterField = "OriginIDs"
	FilterSample     FilterField = "Sample"
	FilterDomains    FilterField = "Domains"
	FilterSiteTypes  FilterField = "SiteTypes"
	FilterRegions    FilterField = "RegionCodes"
	FilterTargetFrom FilterField = "TargetDueFrom"
	FilterTargetTo   FilterField = "TargetDueTo"
	FilterTargetKey  FilterField = "TargetMetric"
	FilterUndated    FilterField = "IncludeUndated"
	FilterNear       FilterField = "Near"
	FilterBox        FilterField = "Box"
)

// AllFilterFields is every filter field, in civ.Filter's order.
func AllFilterFields() Fields {
	return Fields{FilterID, FilterFrom, FilterTo, FilterDomain, FilterSiteType, FilterRegionCode, FilterKeyword, FilterOriginID,
		FilterIDs, FilterOriginIDs, FilterSample, FilterDomains, FilterSiteTypes, FilterRegions,
		FilterTargetFrom, FilterTargetTo, FilterTargetKey, FilterUndated, FilterNear, FilterBox}
}

// Fields is a set of filter fields.
type Fields []FilterField

// Has reports whether f is in the set.
func (fs Fields) Has(f FilterField) bool { return slices.Contains(fs, f) }

// FieldsOf lists the fields f sets.
func FieldsOf(f civ.Filter) Fields {
	set := map[FilterField]bool{
		FilterID: f.ID != "", FilterFrom: !f.From.IsZero(), FilterTo: !f.To.IsZero(), FilterDomain: f.Domain != "",
		FilterSiteType: f.SiteType != "", FilterRegionCode: f.RegionCode != "", FilterKeyword: f.Keyword != "", FilterOriginID: f.OriginID != "",
		FilterIDs: len(f.IDs) > 0, FilterOriginIDs: len(f.OriginIDs) > 0, FilterSample: f.Sample != nil,
		FilterDomains: len(f.Domains) > 0, FilterSiteTypes: len(f.SiteTypes) > 0, FilterRegions: len(f.RegionCodes) > 0,
		FilterTargetFrom: f.TargetDueFrom != nil, FilterTargetTo: f.TargetDueTo != nil, FilterTargetKey: f.TargetMetric != "",
		FilterUndated: f.IncludeUndated, FilterNear: f.Near != nil, FilterBox: f.Box != nil,
	}
	var out Fields
	for _, field := range AllFilterFields() {
		if set[field] {
			out = append(out, field)
		}
	}
	return out
}

// PushesEverywhere declares the same fields pushed down for every entity.
func PushesEverywhere(fs Fields) Capabilities {
	return Capabilities{Meetings: fs, PolicyDocuments: fs, Tasks: fs, ServiceSites: fs}
}
