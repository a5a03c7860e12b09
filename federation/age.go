package federation

import (
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
)

// dataAgeOf turns a source answer's provenance into the age its rows
// carry; nil when the source did not say when it fetched them.
func dataAgeOf(m connectors.Meta, now time.Time) *civ.DataAge {
	if m.FetchedAt.IsZero() {
		return nil
	}
	return &civ.DataAge{FetchedAt: m.FetchedAt.UTC(), AgeSeconds: int(max(now.Sub(m.FetchedAt), 0) / time.Second), Stale: m.Stale}
}

// withAge returns item carrying age. item is a copy: rows from a
// connector may be shared (decoded pages are memoized) and must not be
// changed in place.
func withAge[T any](item T, age *civ.DataAge) T {
	setAge(&item, age)
	return item
}

// setAge sets the age of item, which must be the caller's own copy.
func setAge[T any](item *T, age *civ.DataAge) {
	switch v := any(item).(type) {
	case *civ.Meeting:
		v.DataAge = age
	case *civ.PolicyDocument:
		v.DataAge = age
	case *civ.Task:
		v.DataAge = age
	case *civ.ServiceSite:
		v.DataAge = age
	}
}
