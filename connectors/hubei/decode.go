package hubei

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"civgraph/civ"
)

var chinaTime = time.FixedZone("CST", 8*3600)

// dateRE matches 2024年3月20日, 2024年3月 and 2024年.
var dateRE = regexp.MustCompile(`^(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?$`)

// timeRE matches 2024年3月31日 08:00:00.
var timeRE = regexp.MustCompile(`^(\d{4})年(\d{1,2})月(\d{1,2})日 (\d{2}):(\d{2}):(\d{2})$`)

// parseDate reads a Chinese date, its precision given by its form.
func parseDate(d fuzzyDate) (civ.FuzzyDate, error) {
	if d.Value == "" {
		return civ.FuzzyDate{Precision: civ.PrecisionUnknown, Text: d.Wording}, nil
	}
	m := dateRE.FindStringSubmatch(d.Value)
	if m == nil {
		return civ.FuzzyDate{}, fmt.Errorf("date %q is not of the form 2024年3月20日, 2024年3月 or 2024年", d.Value)
	}
	y, _ := strconv.Atoi(m[1])
	month, day, precision := 1, 1, civ.PrecisionYear
	if m[2] != "" {
		month, _ = strconv.Atoi(m[2])
		precision = civ.PrecisionMonth
	}
	if m[3] != "" {
		day, _ = strconv.Atoi(m[3])
		precision = civ.PrecisionDay
	}
	t := time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != month || t.Day() != day {
		return civ.FuzzyDate{}, fmt.Errorf("date %q does not exist", d.Value)
	}
	return civ.FuzzyDate{Date: t, Precision: precision, Text: d.Wording}, nil
}

// parseTime reads 2024年3月31日 08:00:00 in China Standard Time; empty is zero.
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	m := timeRE.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, fmt.Errorf("time %q is not of the form 2024年3月31日 08:00:00", s)
	}
	n := make([]int, 6)
	for i := range n {
		n[i], _ = strconv.Atoi(m[i+1])
	}
	t := time.Date(n[0], time.Month(n[1]), n[2], n[3], n[4], n[5], 0, chinaTime)
	if t.Day() != n[2] || n[3] > 23 || n[4] > 59 || n[5] > 59 {
		return time.Time{}, fmt.Errorf("time %q does not exist", s)
	}
	return t, nil
}

func reportsFromWire(rs []report) ([]civ.Report, error) {
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

func meetingFromWire(w meeting) (civ.Meeting, error) {
	if w.ID == "" || w.Title == "" {
		return civ.Meeting{}, fmt.Errorf("meeting without meetingId or meetingName")
	}
	kind, err := civ.ParseMeetingKind(w.Kind)
	if err != nil {
		return civ.Meeting{}, fmt.Errorf("meeting %s: %w", w.ID, err)
	}
	date, err := parseDate(w.Date)
	if err != nil {
		return civ.Meeting{}, fmt.Errorf("meeting %s: meetingDate: %w", w.ID, err)
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
		return civ.Meeting{}, fmt.Errorf("meeting %s: updateTime: %w", w.ID, err)
	}
	var speakers []civ.Person
	for _, p := range w.Speakers {
		speakers = append(speakers, civ.Person{Name: p.Name, Title: p.Title})
	}
	return civ.Meeting{ID: w.ID, Province: civ.Hubei, Title: w.Title, Kind: kind, Date: date, RegionCode: w.RegionCode,
		Venue: w.Venue, Organizer: w.Organizer, Speakers: speakers, Attendees: w.Attendees, Domains: domains,
		Summary: w.Summary, Reports: reports, UpdatedAt: updated}, nil
}

func documentFromWire(w document) (civ.PolicyDocument, error) {
	if w.ID == "" || w.Title == "" {
		return civ.PolicyDocument{}, fmt.Errorf("document without docId or docTitle")
	}
	issued, err := parseDate(w.Issued)
	if err != nil {
		return civ.PolicyDocument{}, fmt.Errorf("document %s: issueDate: %w", w.ID, err)
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
		return civ.PolicyDocument{}, fmt.Errorf("document %s: updateTime: %w", w.ID, err)
	}
	return civ.PolicyDocument{ID: w.ID, Province: civ.Hubei, Title: w.Title, ShortTitle: w.ShortTitle, IssuingBodies: w.IssuingBodies,
		Issued: issued, Domains: domains, Summary: w.Summary, Reports: reports, UpdatedAt: updated}, nil
}

func taskFromWire(w task) (civ.Task, error) {
	if w.ID == "" || w.Title == "" {
		return civ.Task{}, fmt.Errorf("task without taskId or taskName")
	}
	domain, err := civ.ParseDomain(w.Domain)
	if err != nil {
		return civ.Task{}, fmt.Errorf("task %s: %w", w.ID, err)
	}
	due, err := parseDate(w.Due)
	if err != nil {
		return civ.Task{}, fmt.Errorf("task %s: deadline: %w", w.ID, err)
	}
	origin, err := civ.ParseOriginKind(w.OriginKind)
	if err != nil {
		return civ.Task{}, fmt.Errorf("task %s: %w", w.ID, err)
	}
	updated, err := parseTime(w.Updated)
	if err != nil {
		return civ.Task{}, fmt.Errorf("task %s: updateTime: %w", w.ID, err)
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
	return civ.Task{ID: w.ID, Province: civ.Hubei, Title: w.Title, Description: w.Description, Domain: domain, Due: due,
		OriginKind: origin, OriginID: w.OriginID, Targets: targets, UpdatedAt: updated}, nil
}

func siteFromWire(w site) (civ.ServiceSite, error) {
	if w.ID == "" || w.Name == "" {
		return civ.ServiceSite{}, fmt.Errorf("site without siteId or siteName")
	}
	typ, err := civ.ParseSiteType(w.Type)
	if err != nil {
		return civ.ServiceSite{}, fmt.Errorf("site %s: %w", w.ID, err)
	}
	updated, err := parseTime(w.Updated)
	if err != nil {
		return civ.ServiceSite{}, fmt.Errorf("site %s: updateTime: %w", w.ID, err)
	}
	loc, err := civ.ParseGeoPoint(w.Lat, w.Lng)
	if err != nil {
		return civ.ServiceSite{}, fmt.Errorf("site %s: %w", w.ID, err)
	}
	return civ.ServiceSite{ID: w.ID, Province: civ.Hubei, Type: typ, Name: w.Name, Address: w.Address, RegionCode: w.RegionCode,
		Location: loc, Capacity: w.Capacity, Phone: w.Phone, OpeningHours: w.OpeningHours, UpdatedAt: updated,
		Sample: w.Sample, Source: w.Source}, nil
}
