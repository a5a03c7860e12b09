package shanghai

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/geo"
)

// One function per entity maps a wire row to its civ value. Each rejects
// what it cannot map faithfully (missing id, unknown code, absurd time,
// bad coordinates) with an error naming the row and the field.

// regionCode is a GB/T 2260 code (6 digits) or a finer NBS code (9 or 12).
var regionCode = regexp.MustCompile(`^(\d{6}|\d{9}|\d{12})$`)

func checkRegion(code string) error {
	if code != "" && !regionCode.MatchString(code) {
		return fmt.Errorf("areaCode %q is not a region code", code)
	}
	return nil
}

func domainsFromWire(codes []int) ([]civ.Domain, error) {
	out := make([]civ.Domain, len(codes))
	for i, c := range codes {
		d, ok := businessTypes[c]
		if !ok {
			return nil, fmt.Errorf("unknown businessType %d", c)
		}
		out[i] = d
	}
	return out, nil
}

func reportsFromWire(rs []wireReport) ([]civ.Report, error) {
	out := make([]civ.Report, len(rs))
	for i, r := range rs {
		pub, err := dateFromWire(r.PublishDate)
		if err != nil {
			return nil, fmt.Errorf("report %d: publishDate: %w", i+1, err)
		}
		out[i] = civ.Report{Source: r.Source, Byline: r.Author, Published: pub, Reference: r.Reference}
	}
	return out, nil
}

func meetingFromWire(w wireMeeting) (civ.Meeting, error) {
	if w.ID == "" || w.MeetingName == "" {
		return civ.Meeting{}, errors.New("meeting without id or meetingName")
	}
	fail := func(err error) (civ.Meeting, error) { return civ.Meeting{}, fmt.Errorf("meeting %s: %w", w.ID, err) }
	kind, ok := meetingTypes[w.MeetingType]
	if !ok {
		return fail(fmt.Errorf("unknown meetingType %d", w.MeetingType))
	}
	date, err := dateFromWire(w.MeetingDate)
	if err != nil {
		return fail(fmt.Errorf("meetingDate: %w", err))
	}
	if err := checkRegion(w.AreaCode); err != nil {
		return fail(err)
	}
	domains, err := domainsFromWire(w.Businesses)
	if err != nil {
		return fail(err)
	}
	reports, err := reportsFromWire(w.Reports)
	if err != nil {
		return fail(err)
	}
	updated, err := parseUpdateTime(w.UpdateTime)
	if err != nil {
		return fail(fmt.Errorf("updateTime: %w", err))
	}
	var speakers []civ.Person
	for _, p := range w.Speakers {
		speakers = append(speakers, civ.Person{Name: p.Name, Title: p.Post})
	}
	return civ.Meeting{ID: w.ID, Province: civ.Shanghai, Title: w.MeetingName, Kind: kind, Date: date, RegionCode: w.AreaCode,
		Venue: w.Venue, Organizer: w.Organizer, Speakers: speakers, Attendees: w.Attendees, Domains: domains,
		Summary: w.Summary, Reports: reports, UpdatedAt: updated}, nil
}

func documentFromWire(w wireDocument) (civ.PolicyDocument, error) {
	if w.ID == "" || w.DocName == "" {
		return civ.PolicyDocument{}, errors.New("document without id or docName")
	}
	fail := func(err error) (civ.PolicyDocument, error) {
		return civ.PolicyDocument{}, fmt.Errorf("document %s: %w", w.ID, err)
	}
	issued, err := dateFromWire(w.IssueDate)
	if err != nil {
		return fail(fmt.Errorf("issueDate: %w", err))
	}
	domains, err := domainsFromWire(w.Businesses)
	if err != nil {
		return fail(err)
	}
	reports, err := reportsFromWire(w.Reports)
	if err != nil {
		return fail(err)
	}
	updated, err := parseUpdateTime(w.UpdateTime)
	if err != nil {
		return fail(fmt.Errorf("updateTime: %w", err))
	}
	return civ.PolicyDocument{ID: w.ID, Province: civ.Shanghai, Title: w.DocName, ShortTitle: w.ShortName,
		IssuingBodies: w.IssuedBy, Issued: issued, Domains: domains, Summary: w.Summary, Reports: reports,
		UpdatedAt: updated}, nil
}

func targetFromWire(w wireTarget) (civ.Target, error) {
	due, err := dateFromWire(w.Deadline)
	if err != nil {
		return civ.Target{}, fmt.Errorf("deadline: %w", err)
	}
	t := civ.Target{Metric: w.Indicator, MetricEn: w.IndicatorEn, Value: w.Value, Unit: w.Unit, Due: due}
	if b := w.Baseline; b != nil {
		asOf, err := dateFromWire(b.AsOf)
		if err != nil {
			return civ.Target{}, fmt.Errorf("baseline asOf: %w", err)
		}
		t.Baseline = &civ.Baseline{Value: b.Value, Unit: b.Unit, AsOf: asOf, Source: b.Source}
	}
	return t, nil
}

func taskFromWire(w wireTask) (civ.Task, error) {
	if w.ID == "" || w.TaskName == "" {
		return civ.Task{}, errors.New("task without id or taskName")
	}
	fail := func(err error) (civ.Task, error) { return civ.Task{}, fmt.Errorf("task %s: %w", w.ID, err) }
	domain, ok := businessTypes[w.BusinessType]
	if !ok {
		return fail(fmt.Errorf("unknown businessType %d", w.BusinessType))
	}
	origin, ok := originTypes[w.OriginType]
	if !ok {
		return fail(fmt.Errorf("unknown originType %d", w.OriginType))
	}
	due, err := dateFromWire(w.Deadline)
	if err != nil {
		return fail(fmt.Errorf("deadline: %w", err))
	}
	updated, err := parseUpdateTime(w.UpdateTime)
	if err != nil {
		return fail(fmt.Errorf("updateTime: %w", err))
	}
	var targets []civ.Target
	for i, tg := range w.Targets {
		t, err := targetFromWire(tg)
		if err != nil {
			return fail(fmt.Errorf("target %d: %w", i+1, err))
		}
		targets = append(targets, t)
	}
	return civ.Task{ID: w.ID, Province: civ.Shanghai, Title: w.TaskName, Description: w.Content, Domain: domain, Due: due,
		OriginKind: origin, OriginID: w.OriginID, Targets: targets, UpdatedAt: updated}, nil
}

// siteFromWire maps a site, converting its GCJ-02 location to WGS-84.
func siteFromWire(w wireSite) (civ.ServiceSite, error) {
	if w.ID == "" || w.OrgName == "" {
		return civ.ServiceSite{}, errors.New("site without id or orgName")
	}
	fail := func(err error) (civ.ServiceSite, error) {
		return civ.ServiceSite{}, fmt.Errorf("site %s: %w", w.ID, err)
	}
	typ, ok := orgTypes[w.OrgType]
	if !ok {
		return fail(fmt.Errorf("unknown orgType %d", w.OrgType))
	}
	if err := checkRegion(w.AreaCode); err != nil {
		return fail(err)
	}
	if w.Capacity != nil && *w.Capacity < 0 {
		return fail(fmt.Errorf("negative capacity %d", *w.Capacity))
	}
	unit, err := civ.ParseCapacityUnit(w.CapacityUnit)
	if err != nil {
		return fail(fmt.Errorf("capacityUnit: %w", err))
	}
	updated, err := parseUpdateTime(w.UpdateTime)
	if err != nil {
		return fail(fmt.Errorf("updateTime: %w", err))
	}
	gcj, err := civ.ParseGeoPoint(w.Lat, w.Lng)
	if err != nil {
		return fail(fmt.Errorf("GCJ-02 %w", err))
	}
	conf, ok := credibilities[w.Credibility]
	if !ok {
		return fail(fmt.Errorf("unknown credibility %d", w.Credibility))
	}
	fact, err := dateFromWire(w.FactDate)
	if err != nil {
		return fail(fmt.Errorf("factDate: %w", err))
	}
	s := civ.ServiceSite{ID: w.ID, Province: civ.Shanghai, Type: typ, Name: w.OrgName, Address: w.Address,
		RegionCode: w.AreaCode, Capacity: w.Capacity, Phone: w.Phone, OpeningHours: w.BusinessHours,
		UpdatedAt: updated, Sample: w.IsSample, Source: w.DataSource,
		TypeText: w.OrgTypeText, CapacityApproximate: w.CapacityApprox, CapacityText: w.CapacityText, CapacityUnit: unit,
		Provenance: civ.NewSiteProvenance(civ.SiteProvenance{Kind: w.SourceKind, FactDate: fact, Confidence: conf, Notes: w.Remark, Facts: w.Facts})}
	if gcj != nil {
		// Unrounded: the conversion's excess digits are cut where
		// coordinates leave the gateway (civ.CoordinateDecimals).
		wgs := geo.GCJ02ToWGS84(*gcj)
		s.Location = &wgs
	}
	return s, nil
}
