package jiangsu

import (
	"fmt"
	"time"

	"civgraph/civ"
)

var chinaTime = time.FixedZone("CST", 8*3600)

// parseDate reads yyyyMMdd, yyyyMM or yyyy; the length gives the precision.
func parseDate(d wdate) (civ.FuzzyDate, error) {
	precision := map[int]civ.DatePrecision{8: civ.PrecisionDay, 6: civ.PrecisionMonth, 4: civ.PrecisionYear}
	layout := map[int]string{8: "20060102", 6: "200601", 4: "2006"}
	if d.Value == "" {
		return civ.FuzzyDate{Precision: civ.PrecisionUnknown, Text: d.Wording}, nil
	}
	l, ok := layout[len(d.Value)]
	if !ok {
		return civ.FuzzyDate{}, fmt.Errorf("date %q is not yyyyMMdd, yyyyMM or yyyy", d.Value)
	}
	t, err := time.Parse(l, d.Value)
	if err != nil {
		return civ.FuzzyDate{}, fmt.Errorf("date %q is not a valid %s date", d.Value, l)
	}
	return civ.FuzzyDate{Date: t, Precision: precision[len(d.Value)], Text: d.Wording}, nil
}

// parseTime reads yyyyMMddHHmmss in China Standard Time; empty is zero.
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation("20060102150405", s, chinaTime)
	if err != nil {
		return time.Time{}, fmt.Errorf("time %q is not yyyyMMddHHmmss", s)
	}
	return t, nil
}

func reportsFromWire(rs []wreport) ([]civ.Report, error) {
	out := make([]civ.Report, len(rs))
	for i, r := range rs {
		pub, err := parseDate(r.Published)
		if err != nil {
			return nil, fmt.Errorf("report %d: %w", i+1, err)
		}
		out[i] = civ.Report{Source: r.Source, Byline: r.Byline, Published: pub, Reference: r.Reference}
	}
	return out, nil
}

func meetingFromWire(w wmeeting) (civ.Meeting, error) {
	if w.ID == "" || w.Title == "" {
		return civ.Meeting{}, fmt.Errorf("meeting without meeting_id or meeting_name")
	}
	kind, err := civ.ParseMeetingKind(w.Kind)
	if err != nil {
		return civ.Meeting{}, fmt.Errorf("meeting %s: %w", w.ID, err)
	}
	date, err := parseDate(w.Date)
	if err != nil {
		return civ.Meeting{}, fmt.Errorf("meeting %s: meeting_date: %w", w.ID, err)
	}
	domains, err := civ.ParseDomains(w.Domains)
	if err != nil {
		return civ.Meeting{}, fmt.Errorf("meeting %s: %w", w.ID, err)
	}
	reports, err := reportsFromWire(w.Reports)
	if err != nil {
		return civ.Meeting{}, fmt.Errorf("meeting %s: %w", w.ID, err)
	}
	updated, err := parseTime(w.Updated)
	if err != nil {
		return civ.Meeting{}, fmt.Errorf("meeting %s: update_time: %w", w.ID, err)
	}
	var speakers []civ.Person
	for _, p := range w.Speakers {
		speakers = append(speakers, civ.Person{Name: p.Name, Title: p.Title})
	}
	return civ.Meeting{ID: w.ID, Province: civ.Jiangsu, Title: w.Title, Kind: kind, Date: date, RegionCode: w.RegionCode,
		Venue: w.Venue, Organizer: w.Organizer, Speakers: speakers, Attendees: w.Attendees, Domains: domains,
		Summary: w.Summary, Reports: reports, UpdatedAt: updated}, nil
}

func documentFromWire(w wdocument) (civ.PolicyDocument, error) {
	if w.ID == "" || w.Title == "" {
		return civ.PolicyDocument{}, fmt.Errorf("document without doc_id or doc_title")
	}
	issued, err := parseDate(w.Issued)
	if err != nil {
		return civ.PolicyDocument{}, fmt.Errorf("document %s: issue_date: %w", w.ID, err)
	}
	domains, err := civ.ParseDomains(w.Domains)
	if err != nil {
		return civ.PolicyDocument{}, fmt.Errorf("document %s: %w", w.ID, err)
	}
	reports, err := reportsFromWire(w.Reports)
	if err != nil {
		return civ.PolicyDocument{}, fmt.Errorf("document %s: %w", w.ID, err)
	}
	updated, err := parseTime(w.Updated)
	if err != nil {
		return civ.PolicyDocument{}, fmt.Errorf("document %s: update_time: %w", w.ID, err)
	}
	return civ.PolicyDocument{ID: w.ID, Province: civ.Jiangsu, Title: w.Title, ShortTitle: w.ShortTitle, IssuingBodies: w.IssuingBodies,
		Issued: issued, Domains: domains, Summary: w.Summary, Reports: reports, UpdatedAt: updated}, nil
}

func taskFromWire(w wtask) (civ.Task, error) {
	if w.ID == "" || w.Title == "" {
		return civ.Task{}, fmt.Errorf("task without task_id or task_name")
	}
	domain, err := civ.ParseDomain(w.Domain)
	if err != nil {
		return civ.Task{}, fmt.Errorf("task %s: %w", w.ID, err)
	}
	due, err := parseDate(w.Due)
	if err != nil {
		return civ.Task{}, fmt.Errorf("task %s: due_date: %w", w.ID, err)
	}
	origin, err := civ.ParseOriginKind(w.OriginKind)
	if err != nil {
		return civ.Task{}, fmt.Errorf("task %s: %w", w.ID, err)
	}
	updated, err := parseTime(w.Updated)
	if err != nil {
		return civ.Task{}, fmt.Errorf("task %s: update_time: %w", w.ID, err)
	}
	var targets []civ.Target
	for i, tg := range w.Targets {
		tdue, err := parseDate(tg.Due)
		if err != nil {
			return civ.Task{}, fmt.Errorf("task %s target %d: %w", w.ID, i+1, err)
		}
		t := civ.Target{Metric: tg.Metric, MetricEn: tg.MetricEn, Value: tg.Value, Unit: tg.Unit, Due: tdue}
		if b := tg.Baseline; b != nil {
			asOf, err := parseDate(b.AsOf)
			if err != nil {
				return civ.Task{}, fmt.Errorf("task %s target %d baseline: %w", w.ID, i+1, err)
			}
			t.Baseline = &civ.Baseline{Value: b.Value, Unit: b.Unit, AsOf: asOf, Source: b.Source}
		}
		targets = append(targets, t)
	}
	return civ.Task{ID: w.ID, Province: civ.Jiangsu, Title: w.Title, Description: w.Description, Domain: domain, Due: due,
		OriginKind: origin, OriginID: w.OriginID, Targets: targets, UpdatedAt: updated}, nil
}
