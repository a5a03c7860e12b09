package civ

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// MaxFilterValues bounds how many values one multi-value filter field
// (IDs, OriginIDs) may carry, so a batched lookup stays one bounded
// upstream query; the sample upstreams refuse more.
const MaxFilterValues = 100

// Filter narrows a list of domain items. A zero field means "no
// restriction". The Match methods are the reference semantics: every
// upstream and connector must answer a filter exactly as they do.
type Filter struct {
	ID         string    // upstream-local id, for node lookups
	From, To   time.Time // inclusive date range on the item's date (day granularity)
	Domain     Domain    // tasks: their domain; meetings/documents: a domain covered
	SiteType   SiteType
	RegionCode string // GB/T 2260 code; matches the region and everything under it
	Keyword    string // case-insensitive substring of title/name/summary/address
	OriginID   string // tasks: only those set by this meeting or document
	// IDs and OriginIDs are the multi-value forms of ID and OriginID (any
	// of them matches; at most MaxFilterValues each), for batched lookups.
	// omitempty keeps the cursor fingerprint of filters without them as it was.
	IDs       []string `json:",omitempty"`
	OriginIDs []string `json:",omitempty"`
}

// CheckValues reports a multi-value field with more than MaxFilterValues
// values or with an empty one: what an upstream refuses.
func (f Filter) CheckValues() error {
	for name, vs := range map[string][]string{"IDs": f.IDs, "OriginIDs": f.OriginIDs} {
		if len(vs) > MaxFilterValues {
			return fmt.Errorf("%s has %d values, at most %d", name, len(vs), MaxFilterValues)
		}
		if slices.Contains(vs, "") {
			return fmt.Errorf("%s has an empty value", name)
		}
	}
	return nil
}

// HasDateRange reports whether the filter restricts dates.
func (f Filter) HasDateRange() bool { return !f.From.IsZero() || !f.To.IsZero() }

// MatchDate reports whether d lies in [From, To]. An item whose date is not
// known never matches a date range: the gateway cannot claim it does. A
// date known only to the month or year matches when its period overlaps
// the range.
func (f Filter) MatchDate(d FuzzyDate) bool {
	if !f.HasDateRange() {
		return true
	}
	if !d.Known() {
		return false
	}
	start, end := d.Period()
	if !f.From.IsZero() && end.Before(dayOf(f.From)) {
		return false
	}
	if !f.To.IsZero() && start.After(dayOf(f.To)) {
		return false
	}
	return true
}

// Period returns the first and last day a known date may stand for.
func (d FuzzyDate) Period() (time.Time, time.Time) {
	start := dayOf(d.Date)
	switch d.Precision {
	case PrecisionMonth:
		return start, start.AddDate(0, 1, -1)
	case PrecisionYear:
		return start, start.AddDate(1, 0, -1)
	default:
		return start, start
	}
}

func dayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// MatchRegion reports whether code lies within the filter's region: equal,
// or under it by the GB/T 2260 prefix rule (130000 ⊃ 130400 ⊃ 130408 ⊃
// 130408100).
func (f Filter) MatchRegion(code string) bool {
	if f.RegionCode == "" {
		return true
	}
	if code == "" {
		return false
	}
	return strings.HasPrefix(code, regionPrefix(f.RegionCode))
}

// regionPrefix trims the trailing zero pairs that mark a higher-level code:
// 130000 → 13, 130400 → 1304, 130408 → 130408.
func regionPrefix(code string) string {
	if len(code) != 6 {
		return code
	}
	switch {
	case strings.HasSuffix(code, "0000"):
		return code[:2]
	case strings.HasSuffix(code, "00"):
		return code[:4]
	}
	return code
}

// MatchKeyword reports whether any of texts contains the keyword, ignoring case.
func (f Filter) MatchKeyword(texts ...string) bool {
	if f.Keyword == "" {
		return true
	}
	k := strings.ToLower(f.Keyword)
	for _, t := range texts {
		if strings.Contains(strings.ToLower(t), k) {
			return true
		}
	}
	return false
}

func (f Filter) matchDomains(ds []Domain) bool {
	if f.Domain == "" {
		return true
	}
	for _, d := range ds {
		if d == f.Domain {
			return true
		}
	}
	return false
}

func (f Filter) matchID(id string) bool {
	return (f.ID == "" || f.ID == id) && (len(f.IDs) == 0 || slices.Contains(f.IDs, id))
}

// hasOrigin reports whether the filter restricts tasks by origin, which
// no other kind of row has.
func (f Filter) hasOrigin() bool { return f.OriginID != "" || len(f.OriginIDs) > 0 }

func (f Filter) matchOrigin(originID string) bool {
	return (f.OriginID == "" || f.OriginID == originID) &&
		(len(f.OriginIDs) == 0 || slices.Contains(f.OriginIDs, originID))
}

// MatchMeeting reports whether m passes the filter.
func (f Filter) MatchMeeting(m Meeting) bool {
	return f.matchID(m.ID) && f.SiteType == "" && !f.hasOrigin() &&
		f.MatchDate(m.Date) && f.matchDomains(m.Domains) && f.MatchRegion(m.RegionCode) &&
		f.MatchKeyword(m.Title, m.Summary, m.Venue)
}

// MatchPolicyDocument reports whether d passes the filter. Documents have
// no region of their own beyond their province.
func (f Filter) MatchPolicyDocument(d PolicyDocument) bool {
	return f.matchID(d.ID) && f.SiteType == "" && !f.hasOrigin() &&
		f.MatchDate(d.Issued) && f.matchDomains(d.Domains) &&
		f.MatchRegion(provinces[d.Province].AdminCode) &&
		f.MatchKeyword(d.Title, d.ShortTitle, d.Summary)
}

// MatchTask reports whether t passes the filter; the date range applies
// to its due date.
func (f Filter) MatchTask(t Task) bool {
	return f.matchID(t.ID) && f.SiteType == "" &&
		f.matchOrigin(t.OriginID) &&
		f.MatchDate(t.Due) && (f.Domain == "" || f.Domain == t.Domain) &&
		f.MatchRegion(provinces[t.Province].AdminCode) &&
		f.MatchKeyword(t.Title, t.Description)
}

// MatchServiceSite reports whether s passes the filter; the date range
// applies to its update time and the domain to its type's domain.
func (f Filter) MatchServiceSite(s ServiceSite) bool {
	updated := FuzzyDate{Date: s.UpdatedAt, Precision: PrecisionDay}
	if s.UpdatedAt.IsZero() {
		updated.Precision = PrecisionUnknown
	}
	return f.matchID(s.ID) && (f.Domain == "" || f.Domain == s.Type.Domain()) && !f.hasOrigin() &&
		(f.SiteType == "" || f.SiteType == s.Type) &&
		f.MatchDate(updated) && f.MatchRegion(s.RegionCode) &&
		f.MatchKeyword(s.Name, s.Address)
}
