package ordering

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/geo"
)

// The order fields, spelled as connectors.OrderField spells them.
const (
	Name      = "NAME"       // service sites: by name, in Unicode code point order
	UpdatedAt = "UPDATED_AT" // service sites: by last update
	Distance  = "DISTANCE"   // service sites: by distance from a centre; unknown locations last
	Date      = "DATE"       // meetings (held) and policy documents (issued); unknown dates last
	Due       = "DUE"        // tasks: by due date; unknown dates last
)

// Compare is a total order on rows of one kind: negative when a comes
// first.
type Compare[T any] func(a, b T) int

// Sites returns the order of service sites by field; center is required
// for Distance.
func Sites(field string, desc bool, center *civ.GeoPoint) (Compare[civ.ServiceSite], error) {
	switch field {
	case Name:
		return byKey(desc, func(s civ.ServiceSite) (string, bool) { return s.Name, true }, siteID), nil
	case UpdatedAt:
		return byTime(desc, func(s civ.ServiceSite) time.Time { return s.UpdatedAt }, siteID), nil
	case Distance:
		if center == nil {
			return nil, fmt.Errorf("order %s needs a centre point", Distance)
		}
		c := *center
		return byKey(desc, func(s civ.ServiceSite) (float64, bool) {
			if s.Location == nil {
				return 0, false
			}
			return geo.Distance(c, *s.Location), true
		}, siteID), nil
	}
	return nil, unsupported(field, "service sites")
}

// Meetings returns the order of meetings by field (Date: the day held).
func Meetings(field string, desc bool) (Compare[civ.Meeting], error) {
	if field != Date {
		return nil, unsupported(field, "meetings")
	}
	return byDate(desc, func(m civ.Meeting) civ.FuzzyDate { return m.Date }, func(m civ.Meeting) string { return m.ID }), nil
}

// PolicyDocuments returns the order of policy documents by field (Date:
// the day issued).
func PolicyDocuments(field string, desc bool) (Compare[civ.PolicyDocument], error) {
	if field != Date {
		return nil, unsupported(field, "policy documents")
	}
	return byDate(desc, func(d civ.PolicyDocument) civ.FuzzyDate { return d.Issued }, func(d civ.PolicyDocument) string { return d.ID }), nil
}

// Tasks returns the order of tasks by field (Due: the task's own due date).
func Tasks(field string, desc bool) (Compare[civ.Task], error) {
	if field != Due {
		return nil, unsupported(field, "tasks")
	}
	return byDate(desc, func(t civ.Task) civ.FuzzyDate { return t.Due }, func(t civ.Task) string { return t.ID }), nil
}

func unsupported(field, list string) error {
	return fmt.Errorf("%s cannot be ordered by %q", list, field)
}

func siteID(s civ.ServiceSite) string { return s.ID }

// byKey orders by key, reversed when desc, rows without a key last in both
// directions, then by ID ascending.
func byKey[T any, K cmp.Ordered](desc bool, key func(T) (K, bool), id func(T) string) Compare[T] {
	return func(a, b T) int {
		ka, oka := key(a)
		kb, okb := key(b)
		switch {
		case oka != okb:
			if oka {
				return -1
			}
			return 1
		case oka:
			c := cmp.Compare(ka, kb)
			if desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return strings.Compare(id(a), id(b))
	}
}

func byTime[T any](desc bool, at func(T) time.Time, id func(T) string) Compare[T] {
	return byKey(desc, func(t T) (int64, bool) {
		v := at(t)
		return v.UnixNano(), !v.IsZero()
	}, id)
}

// byDate orders by the first day of a fuzzy date's known period; a date
// known only to the month sorts at the month's first day.
func byDate[T any](desc bool, date func(T) civ.FuzzyDate, id func(T) string) Compare[T] {
	return byKey(desc, func(t T) (int64, bool) {
		d := date(t)
		return d.Date.UnixNano(), d.Known()
	}, id)
}
