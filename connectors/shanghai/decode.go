package shanghai

import (
	"fmt"
	"math"
	"time"

	"civgraph/civ"
	"civgraph/geo"
)

// Plausible bounds for epoch-millisecond times: 2000-01-01 to 2100-01-01.
var minMillis, maxMillis = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli(), time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()

var chinaTime = time.FixedZone("CST", 8*3600)

func parseMillis(ms *int64) (time.Time, error) {
	if ms == nil {
		return time.Time{}, nil
	}
	if *ms < minMillis || *ms > maxMillis {
		return time.Time{}, fmt.Errorf("timestamp %d ms is outside 2000–2100", *ms)
	}
	return time.UnixMilli(*ms).In(chinaTime), nil
}

func parseDate(d sdate) (civ.FuzzyDate, error) {
	p := civ.DatePrecision(d.Precision)
	switch p {
	case civ.PrecisionUnknown:
		return civ.FuzzyDate{Precision: p, Text: d.Text}, nil
	case civ.PrecisionDay, civ.PrecisionMonth, civ.PrecisionYear:
	default:
		return civ.FuzzyDate{}, fmt.Errorf("unknown precision %q", d.Precision)
	}
	if d.Time == nil {
		return civ.FuzzyDate{}, fmt.Errorf("date of precision %s has no time", p)
	}
	t, err := parseMillis(d.Time)
	if err != nil {
		return civ.FuzzyDate{}, err
	}
	y, m, day := t.Date()
	return civ.FuzzyDate{Date: time.Date(y, m, day, 0, 0, 0, 0, time.UTC), Precision: p, Text: d.Text}, nil
}

func reportsFromWire(rs []sreport) ([]civ.Report, error) {
	out := make([]civ.Report, len(rs))
	for i, r := range rs {
		pub, err := parseDate(r.Published)
		if err != nil {
			return nil, fmt.Errorf("report %d: %w", i+1, err)
		}
		out[i] = civ.Report{Source: r.Source, Byline: r.Author, Published: pub, Reference: r.Reference}
	}
	return out, nil
}

func meetingFromWire(w smeeting) (civ.Meeting, error) {
	if w.ID == "" || w.Title == "" {
		return civ.Meeting{}, fmt.Errorf("meeting without id or hymc")
	}
	kind, err := civ.ParseMeetingKind(w.Kind)
	if err != nil {
		return civ.Meeting{}, fmt.Errorf("meeting %s: %w", w.ID, err)
	}
	date, err := parseDate(w.Date)
	if err != nil {
		return civ.Meeting{}, fmt.Errorf("meeting %s: hyrq: %w", w.ID, err)
	}
	domains, err := civ.ParseDomains(w.Domains)
	if err != nil {
		return civ.Meeting{}, fmt.Errorf("meeting %s: %w", w.ID, err)
	}
	reports, err := reportsFromWire(w.Reports)
	if err != nil {
		return civ.Meeting{}, fmt.Errorf("meeting %s: %w", w.ID, err)
	}
	updated, err := parseMillis(w.UpdateTime)
	if err != nil {
		return civ.Meeting{}, fmt.Errorf("meeting %s: updateTime: %w", w.ID, err)
	}
	var speakers []civ.Person
	for _, p := range w.Speakers {
		speakers = append(speakers, civ.Person{Name: p.Name, Title: p.Post})
	}
	return civ.Meeting{ID: w.ID, Province: civ.Shanghai, Title: w.Title, Kind: kind, Date: date, RegionCode: w.AreaCode,
		Venue: w.Venue, Organizer: w.Organizer, Speakers: speakers, Attendees: w.Attendees, Domains: domains,
		Summary: w.Summary, Reports: reports, UpdatedAt: updated}, nil
}

func documentFromWire(w sdocument) (civ.PolicyDocument, error) {
	if w.ID == "" || w.Title == "" {
		return civ.PolicyDocument{}, fmt.Errorf("document without id or wjmc")
	}
	issued, err := parseDate(w.Issued)
	if err != nil {
		return civ.PolicyDocument{}, fmt.Errorf("document %s: fwrq: %w", w.ID, err)
	}
	domains, err := civ.ParseDomains(w.Domains)
	if err != nil {
		return civ.PolicyDocument{}, fmt.Errorf("document %s: %w", w.ID, err)
	}
	reports, err := reportsFromWire(w.Reports)
	if err != nil {
		return civ.PolicyDocument{}, fmt.Errorf("document %s: %w", w.ID, err)
	}
	updated, err := parseMillis(w.UpdateTime)
	if err != nil {
		return civ.PolicyDocument{}, fmt.Errorf("document %s: updateTime: %w", w.ID, err)
	}
	return civ.PolicyDocument{ID: w.ID, Province: civ.Shanghai, Title: w.Title, ShortTitle: w.ShortTitle, IssuingBodies: w.IssuingBodies,
		Issued: issued, Domains: domains, Summary: w.Summary, Reports: reports, UpdatedAt: updated}, nil
}

func taskFromWire(w stask) (civ.Task, error) {
	if w.ID == "" || w.Title == "" {
		return civ.Task{}, fmt.Errorf("task without id or rwmc")
	}
	domain, err := civ.ParseDomain(w.Domain)
	if err != nil {
		return civ.Task{}, fmt.Errorf("task %s: %w", w.ID, err)
	}
	due, err := parseDate(w.Due)
	if err != nil {
		return civ.Task{}, fmt.Errorf("task %s: due: %w", w.ID, err)
	}
	origin, err := civ.ParseOriginKind(w.OriginType)
	if err != nil {
		return civ.Task{}, fmt.Errorf("task %s: %w", w.ID, err)
	}
	updated, err := parseMillis(w.UpdateTime)
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
	return civ.Task{ID: w.ID, Province: civ.Shanghai, Title: w.Title, Description: w.Description, Domain: domain, Due: due,
		OriginKind: origin, OriginID: w.OriginID, Targets: targets, UpdatedAt: updated}, nil
}

func siteFromWire(w ssite) (civ.ServiceSite, error) {
	if w.ID == "" || w.OrgName == "" {
		return civ.ServiceSite{}, fmt.Errorf("site without id or orgName")
	}
	var typ civ.SiteType
	for name, code := range orgTypes {
		if code == w.OrgType {
			typ = civ.SiteType(name)
		}
	}
	if typ == "" {
		return civ.ServiceSite{}, fmt.Errorf("site %s: unknown orgType %d", w.ID, w.OrgType)
	}
	updated, err := parseMillis(w.UpdateTime)
	if err != nil {
		return civ.ServiceSite{}, fmt.Errorf("site %s: updateTime: %w", w.ID, err)
	}
	gcj, err := civ.ParseGeoPoint(w.Lat, w.Lng)
	if err != nil {
		return civ.ServiceSite{}, fmt.Errorf("site %s: %w", w.ID, err)
	}
	s := civ.ServiceSite{ID: w.ID, Province: civ.Shanghai, Type: typ, Name: w.OrgName, Address: w.Address, RegionCode: w.AreaCode,
		Capacity: w.Capacity, Phone: w.Phone, OpeningHours: w.OpeningHours, UpdatedAt: updated, Sample: w.Sample, Source: w.Source}
	if gcj != nil {
		wgs := geo.GCJ02ToWGS84(*gcj)
		// Six decimals (~0.1 m) is the precision the platform publishes;
		// more digits would only be conversion noise.
		wgs = civ.GeoPoint{Lat: math.Round(wgs.Lat*1e6) / 1e6, Lng: math.Round(wgs.Lng*1e6) / 1e6}
		s.Location = &wgs
	}
	return s, nil
}
