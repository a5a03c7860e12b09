package hubei

// Wire → domain mapping, one function per entity. A row that cannot be
// mapped is an error naming the row and the field, never a dropped row.

import (
	"fmt"

	"github.com/civgraph/civgraph/civ"
)

// reportsFromWire maps the reports that published an item.
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

// meetingFromWire maps a meeting row.
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
	if err := checkRegion(w.RegionCode); err != nil {
		return civ.Meeting{}, fmt.Errorf("meeting %s: %w", w.ID, err)
	}
	var speakers []civ.Person
	for _, p := range w.Speakers {
		speakers = append(speakers, civ.Person{Name: p.Name, Title: p.Title})
	}
	return civ.Meeting{ID: w.ID, Province: civ.Hubei, Title: w.Title, Kind: kind, Date: date, RegionCode: w.RegionCode,
		Venue: w.Venue, Organizer: w.Organizer, Speakers: speakers, Attendees: w.Attendees, Domains: domains,
		Summary: w.Summary, Reports: reports, UpdatedAt: updated}, nil
}

// documentFromWire maps a policy document row.
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

// taskFromWire maps a task row with its targets and their baselines.
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

// siteFromWire maps a service site row.
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
	if err := checkRegion(w.RegionCode); err != nil {
		return civ.ServiceSite{}, fmt.Errorf("site %s: %w", w.ID, err)
	}
	// lat/lng are WGS-84 on this gateway: no conversion.
	loc, err := civ.ParseGeoPoint(w.Lat, w.Lng)
	if err != nil {
		return civ.ServiceSite{}, fmt.Errorf("site %s: %w", w.ID, err)
	}
	conf, err := civ.ParseConfidence(w.Confidence)
	if err != nil {
		return civ.ServiceSite{}, fmt.Errorf("site %s: %w", w.ID, err)
	}
	var fact civ.FuzzyDate // neither value nor wording: nothing stated
	if w.FactDate != (fuzzyDate{}) {
		if fact, err = parseDate(w.FactDate); err != nil {
			return civ.ServiceSite{}, fmt.Errorf("site %s: factDate: %w", w.ID, err)
		}
	}
	if w.Capacity != nil && *w.Capacity < 0 {
		return civ.ServiceSite{}, fmt.Errorf("site %s: negative capacity %d", w.ID, *w.Capacity)
	}
	unit, err := civ.ParseCapacityUnit(w.CapacityUnit)
	if err != nil {
		return civ.ServiceSite{}, fmt.Errorf("site %s: capacityUnit: %w", w.ID, err)
	}
	return civ.ServiceSite{ID: w.ID, Province: civ.Hubei, Type: typ, Name: w.Name, Address: w.Address, RegionCode: w.RegionCode,
		Location: loc, Capacity: w.Capacity, Phone: w.Phone, OpeningHours: w.OpeningHours, UpdatedAt: updated,
		Sample: w.Sample, Source: w.Source,
		TypeText: w.TypeText, CapacityApproximate: w.CapacityApproximate, CapacityText: w.CapacityText, CapacityUnit: unit,
		Provenance: civ.NewSiteProvenance(civ.SiteProvenance{Kind: w.SourceKind, FactDate: fact, Confidence: conf, Notes: w.Notes, Facts: w.Facts})}, nil
}

// checkRegion accepts an empty areaCode or a GB/T 2260 / NBS code: 6 to 12
// digits.
func checkRegion(code string) error {
	if code == "" {
		return nil
	}
	if len(code) < 6 || len(code) > 12 {
		return fmt.Errorf("areaCode %q is not a 6 to 12 digit division code", code)
	}
	for _, r := range code {
		if r < '0' || r > '9' {
			return fmt.Errorf("areaCode %q is not a 6 to 12 digit division code", code)
		}
	}
	return nil
}
