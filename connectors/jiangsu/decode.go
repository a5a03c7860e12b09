package jiangsu

import (
	"fmt"
	"strings"
	"time"

	"github.com/civgraph/civgraph/civ"
)

// chinaTime is the zone the portal states times in (UTC+8, no DST).
var chinaTime = time.FixedZone("CST", 8*3600)

// Wire layouts: dayLayout for filters and day dates; times are
// yyyyMMddHHmmss, and Go's parser also accepts a fraction of a second
// after the seconds, which the portal writes only when there is one.
const (
	dayLayout  = "20060102"
	timeLayout = "20060102150405"
)

// dateForms: the length of a wire date gives its precision.
var dateForms = map[int]struct {
	layout    string
	precision civ.DatePrecision
}{
	8: {dayLayout, civ.PrecisionDay},
	6: {"200601", civ.PrecisionMonth},
	4: {"2006", civ.PrecisionYear},
}

// parseDate reads yyyyMMdd (day), yyyyMM (month), yyyy (year) or ""
// (unknown), keeping the source's wording.
func parseDate(d wdate) (civ.FuzzyDate, error) {
	if d.Value == "" {
		return civ.FuzzyDate{Precision: civ.PrecisionUnknown, Text: d.Wording}, nil
	}
	form, ok := dateForms[len(d.Value)]
	if !ok || strings.Trim(d.Value, "0123456789") != "" {
		return civ.FuzzyDate{}, fmt.Errorf("date %q is not yyyyMMdd, yyyyMM or yyyy", d.Value)
	}
	t, err := time.Parse(form.layout, d.Value)
	if err != nil || t.Year() == 0 {
		return civ.FuzzyDate{}, fmt.Errorf("date %q is not a valid calendar date", d.Value)
	}
	return civ.FuzzyDate{Date: t, Precision: form.precision, Text: d.Wording}, nil
}

// parseTime reads yyyyMMddHHmmss[.fraction] in China Standard Time; empty
// means unknown (the zero time).
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(timeLayout, s, chinaTime)
	if err != nil || len(s) < len(timeLayout) || strings.Trim(s[:len(timeLayout)], "0123456789") != "" {
		return time.Time{}, fmt.Errorf("time %q is not yyyyMMddHHmmss", s)
	}
	return t, nil
}

// checkRegion accepts an empty code (unknown) or a GB/T 2260 (6 digits) or
// NBS town/village code (9 or 12 digits).
func checkRegion(code string) error {
	if code == "" {
		return nil
	}
	if n := len(code); (n != 6 && n != 9 && n != 12) || strings.Trim(code, "0123456789") != "" {
		return fmt.Errorf("region_code %q is not a 6, 9 or 12 digit code", code)
	}
	return nil
}

func reportsFromWire(rs []wreport) ([]civ.Report, error) {
	out := make([]civ.Report, len(rs))
	for i, r := range rs {
		pub, err := parseDate(r.Published)
		if err != nil {
			return nil, fmt.Errorf("report %d: pub_date: %w", i+1, err)
		}
		out[i] = civ.Report{Source: r.Source, Byline: r.Byline, Published: pub, Reference: r.Reference}
	}
	return out, nil
}

// meetingFromWire maps one mz_meeting row.
func meetingFromWire(w wmeeting) (civ.Meeting, error) {
	if w.ID == "" || w.Title == "" {
		return civ.Meeting{}, fmt.Errorf("meeting without meeting_id or meeting_name")
	}
	m := civ.Meeting{ID: w.ID, Province: civ.Jiangsu, Title: w.Title, RegionCode: w.RegionCode, Venue: w.Venue,
		Organizer: w.Organizer, Attendees: w.Attendees, Summary: w.Summary}
	var err error
	fail := func(field string, err error) (civ.Meeting, error) {
		return civ.Meeting{}, fmt.Errorf("meeting %s: %s: %w", w.ID, field, err)
	}
	if m.Kind, err = civ.ParseMeetingKind(w.Kind); err != nil {
		return fail("meeting_type", err)
	}
	if m.Date, err = parseDate(w.Date); err != nil {
		return fail("meeting_date", err)
	}
	if err = checkRegion(w.RegionCode); err != nil {
		return fail("region_code", err)
	}
	if m.Domains, err = civ.ParseDomains(w.Domains); err != nil {
		return fail("fields", err)
	}
	if m.Reports, err = reportsFromWire(w.Reports); err != nil {
		return fail("reports", err)
	}
	if m.UpdatedAt, err = parseTime(w.Updated); err != nil {
		return fail("update_time", err)
	}
	for _, p := range w.Speakers {
		m.Speakers = append(m.Speakers, civ.Person{Name: p.Name, Title: p.Title})
	}
	return m, nil
}

// documentFromWire maps one mz_policy row.
func documentFromWire(w wdocument) (civ.PolicyDocument, error) {
	if w.ID == "" || w.Title == "" {
		return civ.PolicyDocument{}, fmt.Errorf("document without doc_id or doc_title")
	}
	d := civ.PolicyDocument{ID: w.ID, Province: civ.Jiangsu, Title: w.Title, ShortTitle: w.ShortTitle,
		IssuingBodies: w.IssuingBodies, Summary: w.Summary}
	var err error
	fail := func(field string, err error) (civ.PolicyDocument, error) {
		return civ.PolicyDocument{}, fmt.Errorf("document %s: %s: %w", w.ID, field, err)
	}
	if d.Issued, err = parseDate(w.Issued); err != nil {
		return fail("issue_date", err)
	}
	if d.Domains, err = civ.ParseDomains(w.Domains); err != nil {
		return fail("fields", err)
	}
	if d.Reports, err = reportsFromWire(w.Reports); err != nil {
		return fail("reports", err)
	}
	if d.UpdatedAt, err = parseTime(w.Updated); err != nil {
		return fail("update_time", err)
	}
	return d, nil
}

// taskFromWire maps one mz_task row with its targets.
func taskFromWire(w wtask) (civ.Task, error) {
	if w.ID == "" || w.Title == "" {
		return civ.Task{}, fmt.Errorf("task without task_id or task_name")
	}
	t := civ.Task{ID: w.ID, Province: civ.Jiangsu, Title: w.Title, Description: w.Description, OriginID: w.OriginID}
	var err error
	fail := func(field string, err error) (civ.Task, error) {
		return civ.Task{}, fmt.Errorf("task %s: %s: %w", w.ID, field, err)
	}
	if t.Domain, err = civ.ParseDomain(w.Domain); err != nil {
		return fail("field", err)
	}
	if t.Due, err = parseDate(w.Due); err != nil {
		return fail("due_date", err)
	}
	if t.OriginKind, err = civ.ParseOriginKind(w.OriginKind); err != nil {
		return fail("origin_type", err)
	}
	if t.UpdatedAt, err = parseTime(w.Updated); err != nil {
		return fail("update_time", err)
	}
	for i, tg := range w.Targets {
		target, err := targetFromWire(tg)
		if err != nil {
			return fail(fmt.Sprintf("target %d", i+1), err)
		}
		t.Targets = append(t.Targets, target)
	}
	return t, nil
}

func targetFromWire(w wtarget) (civ.Target, error) {
	due, err := parseDate(w.Due)
	if err != nil {
		return civ.Target{}, fmt.Errorf("due_date: %w", err)
	}
	t := civ.Target{Metric: w.Metric, MetricEn: w.MetricEn, Value: w.Value, Unit: w.Unit, Due: due}
	if b := w.Baseline; b != nil {
		asOf, err := parseDate(b.AsOf)
		if err != nil {
			return civ.Target{}, fmt.Errorf("baseline as_of: %w", err)
		}
		t.Baseline = &civ.Baseline{Value: b.Value, Unit: b.Unit, AsOf: asOf, Source: b.Source}
	}
	return t, nil
}
