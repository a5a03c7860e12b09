package civ

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/civgraph/civgraph/textmatch"
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
	Keyword    string // text the title/name/summary/address must match (see MatchKeyword)
	OriginID   string // tasks: only those set by this meeting or document
	// IDs and OriginIDs are the multi-value forms of ID and OriginID (any
	// of them matches; at most MaxFilterValues each), for batched lookups.
	// omitempty keeps the cursor fingerprint of filters without them as it was.
	IDs       []string `json:",omitempty"`
	OriginIDs []string `json:",omitempty"`
	// Sample restricts rows by whether they are generated sample rows: nil
	// keeps both, true only generated rows, false only real ones. Only
	// service sites can be generated; every meeting, policy document and
	// task is a real row (Sample true matches none of them).
	Sample *bool `json:",omitempty"`
	// Domains, SiteTypes and RegionCodes are the multi-value forms of
	// Domain, SiteType and RegionCode: a row matches when it matches any
	// of the values (and the single-value field too, when both are set);
	// at most MaxFilterValues each.
	Domains     []Domain   `json:",omitempty"`
	SiteTypes   []SiteType `json:",omitempty"`
	RegionCodes []string   `json:",omitempty"`
	// TargetDueFrom, TargetDueTo and TargetMetric select tasks by their
	// targets: a task matches when one of its targets is due in the range
	// (with MatchDate's rules) and its metric (Chinese or English) matches
	// TargetMetric as MatchKeyword matches. Only tasks have targets.
	TargetDueFrom *time.Time `json:",omitempty"`
	TargetDueTo   *time.Time `json:",omitempty"`
	TargetMetric  string     `json:",omitempty"`
	// IncludeUndated lets a row whose date is unknown pass the date range
	// (From, To) instead of failing it.
	IncludeUndated bool `json:",omitempty"`
	// Near and Box restrict service sites to a circle or a WGS-84 bounding
	// box; a site without a location matches neither. They restrict
	// nothing else: no other row has a location, and the schema offers
	// them on service sites only.
	Near *GeoCircle `json:",omitempty"`
	Box  *GeoBox    `json:",omitempty"`
}

// GeoCircle is a WGS-84 centre and a radius in kilometres.
type GeoCircle struct {
	Center   GeoPoint
	RadiusKm float64
}

// GeoBox is a WGS-84 bounding box from its south-west to its north-east
// corner.
type GeoBox struct {
	SouthWest, NorthEast GeoPoint
}

// OptionalDay is t as an optional filter day: nil when t is zero.
func OptionalDay(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// DayOrZero is the inverse of OptionalDay.
func DayOrZero(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// hasTarget reports whether the filter restricts targets.
func (f Filter) hasTarget() bool {
	return f.TargetDueFrom != nil || f.TargetDueTo != nil || f.TargetMetric != ""
}

// matchTargets reports whether one of ts passes the target fields.
func (f Filter) matchTargets(ts []Target) bool {
	if !f.hasTarget() {
		return true
	}
	due := Filter{Keyword: f.TargetMetric}
	if f.TargetDueFrom != nil {
		due.From = *f.TargetDueFrom
	}
	if f.TargetDueTo != nil {
		due.To = *f.TargetDueTo
	}
	return slices.ContainsFunc(ts, func(t Target) bool { return due.MatchDate(t.Due) && due.MatchKeyword(t.Metric, t.MetricEn) })
}

// ParseSampleFlag reads the query-string form of Filter.Sample the
// query-string upstreams take: "" for nil, "1" for true, "0" for false.
func ParseSampleFlag(v string) (*bool, error) {
	switch v {
	case "":
		return nil, nil
	case "0", "1":
		sample := v == "1"
		return &sample, nil
	}
	return nil, fmt.Errorf("sample flag %q is neither 0 nor 1", v)
}

// SampleFlag is the query-string form of Filter.Sample (see
// ParseSampleFlag): "" when nil.
func (f Filter) SampleFlag() string {
	switch {
	case f.Sample == nil:
		return ""
	case *f.Sample:
		return "1"
	}
	return "0"
}

// IsZero reports whether f restricts nothing: every row of every kind
// matches it, so a page needs no scan of the rows before it.
func (f Filter) IsZero() bool { return reflect.ValueOf(f).IsZero() }

// MatchSample reports whether a row with the given sample flag passes the
// filter's Sample restriction.
func (f Filter) MatchSample(sample bool) bool { return f.Sample == nil || *f.Sample == sample }

// CheckValues reports a multi-value field with more than MaxFilterValues
// values or with an empty one, and a Near or Box that is not a valid
// circle or box: what an upstream refuses.
func (f Filter) CheckValues() error {
	if err := f.checkGeo(); err != nil {
		return err
	}
	for name, vs := range map[string][]string{"IDs": f.IDs, "OriginIDs": f.OriginIDs,
		"Domains": strs(f.Domains), "SiteTypes": strs(f.SiteTypes), "RegionCodes": f.RegionCodes} {
		if len(vs) > MaxFilterValues {
			return fmt.Errorf("%s has %d values, at most %d", name, len(vs), MaxFilterValues)
		}
		if slices.Contains(vs, "") {
			return fmt.Errorf("%s has an empty value", name)
		}
	}
	return nil
}

func strs[S ~string](vs []S) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// HasDateRange reports whether the filter restricts dates.
func (f Filter) HasDateRange() bool { return !f.From.IsZero() || !f.To.IsZero() }

// MatchDate reports whether d lies in [From, To]. An item whose date is not
// known never matches a date range (the gateway cannot claim it does)
// unless IncludeUndated asks for such items too. A
// date known only to the month or year matches when its period overlaps
// the range.
func (f Filter) MatchDate(d FuzzyDate) bool {
	if !f.HasDateRange() {
		return true
	}
	if !d.Known() {
		return f.IncludeUndated
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
// Of RegionCodes, any may hold it.
func (f Filter) MatchRegion(code string) bool {
	within := func(region string) bool { return code != "" && strings.HasPrefix(code, regionPrefix(region)) }
	return (f.RegionCode == "" || within(f.RegionCode)) &&
		(len(f.RegionCodes) == 0 || slices.ContainsFunc(f.RegionCodes, within))
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

// MatchKeyword reports whether texts match the keyword as textmatch
// defines it: every word of the keyword (with or without spaces between
// them, full- or half-width, any case) within one of texts, Chinese by
// its character bigrams, other words by prefix. Every substring of a text
// still matches it.
func (f Filter) MatchKeyword(texts ...string) bool {
	return f.Keyword == "" || textmatch.Match(f.Keyword, texts...)
}

// matchDomains reports whether a row covering ds passes Domain and
// Domains: it covers Domain and at least one of Domains.
func (f Filter) matchDomains(ds ...Domain) bool {
	return (f.Domain == "" || slices.Contains(ds, f.Domain)) &&
		(len(f.Domains) == 0 || slices.ContainsFunc(f.Domains, func(d Domain) bool { return slices.Contains(ds, d) }))
}

func (f Filter) matchSiteType(t SiteType) bool {
	return (f.SiteType == "" || f.SiteType == t) && (len(f.SiteTypes) == 0 || slices.Contains(f.SiteTypes, t))
}

// hasSiteType reports whether the filter restricts site types, which only
// service sites have.
func (f Filter) hasSiteType() bool { return f.SiteType != "" || len(f.SiteTypes) > 0 }

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
	return f.matchID(m.ID) && !f.hasSiteType() && !f.hasOrigin() && !f.hasTarget() && f.MatchSample(false) &&
		f.MatchDate(m.Date) && f.matchDomains(m.Domains...) && f.MatchRegion(m.RegionCode) &&
		f.matchFields(m)
}

// MatchPolicyDocument reports whether d passes the filter. Documents have
// no region of their own beyond their province.
func (f Filter) MatchPolicyDocument(d PolicyDocument) bool {
	return f.matchID(d.ID) && !f.hasSiteType() && !f.hasOrigin() && !f.hasTarget() && f.MatchSample(false) &&
		f.MatchDate(d.Issued) && f.matchDomains(d.Domains...) &&
		f.MatchRegion(provinces[d.Province].AdminCode) &&
		f.matchFields(d)
}

// MatchTask reports whether t passes the filter; the date range applies
// to its due date.
func (f Filter) MatchTask(t Task) bool {
	return f.matchID(t.ID) && !f.hasSiteType() && f.MatchSample(false) && f.matchTargets(t.Targets) &&
		f.matchOrigin(t.OriginID) &&
		f.MatchDate(t.Due) && f.matchDomains(t.Domain) &&
		f.MatchRegion(provinces[t.Province].AdminCode) &&
		f.matchFields(t)
}

// MatchServiceSite reports whether s passes the filter; the date range
// applies to its update time and the domain to its type's domain.
func (f Filter) MatchServiceSite(s ServiceSite) bool {
	updated := FuzzyDate{Date: s.UpdatedAt, Precision: PrecisionDay}
	if s.UpdatedAt.IsZero() {
		updated.Precision = PrecisionUnknown
	}
	return f.matchID(s.ID) && f.matchDomains(s.Type.Domain()) && !f.hasOrigin() && !f.hasTarget() && f.MatchSample(s.Sample) &&
		f.matchSiteType(s.Type) &&
		f.MatchDate(updated) && f.MatchRegion(s.RegionCode) && f.matchGeo(s.Location) &&
		f.matchFields(s)
}
