package shanghai

import (
	"fmt"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/geo"
)

// One function per entity publishes a civ value in the wire format. A value
// the platform has no code for is an error (the request is answered with
// CodeInternal), never a row with a made-up code.

var chinaTime = time.FixedZone("CST", 8*3600)

// millis is t as epoch ms; nil for the zero time (not stated).
func millis(t time.Time) *int64 {
	if t.IsZero() {
		return nil
	}
	ms := t.UnixMilli()
	return &ms
}

// dateWire writes the calendar day of d.Date as 00:00 China time, so that a
// client in China reads back the same day; only a stated precision (day,
// month, year) carries a time.
func dateWire(d civ.FuzzyDate) (wireDate, error) {
	p, ok := codeOf(precisionCodes, d.Precision)
	if !ok {
		return wireDate{}, fmt.Errorf("date precision %q has no code", d.Precision)
	}
	out := wireDate{Precision: p, Text: d.Text}
	if known := d.Precision == civ.PrecisionDay || d.Precision == civ.PrecisionMonth || d.Precision == civ.PrecisionYear; known && !d.Date.IsZero() {
		y, m, day := d.Date.Date()
		out.Time = millis(time.Date(y, m, day, 0, 0, 0, 0, chinaTime))
	}
	return out, nil
}

func codesWire[V comparable](table map[int]V, vs []V) ([]int, error) {
	out := make([]int, len(vs))
	for i, v := range vs {
		c, ok := codeOf(table, v)
		if !ok {
			return nil, fmt.Errorf("%v has no code", v)
		}
		out[i] = c
	}
	return out, nil
}

func reportsWire(rs []civ.Report) ([]wireReport, error) {
	out := make([]wireReport, len(rs))
	for i, r := range rs {
		pub, err := dateWire(r.Published)
		if err != nil {
			return nil, err
		}
		out[i] = wireReport{Source: r.Source, Author: r.Byline, PublishDate: pub, Reference: r.Reference}
	}
	return out, nil
}

func meetingWire(m civ.Meeting) (wireMeeting, error) {
	kind, ok := codeOf(meetingTypeCodes, m.Kind)
	if !ok {
		return wireMeeting{}, fmt.Errorf("meeting %s: kind %q has no code", m.ID, m.Kind)
	}
	date, err := dateWire(m.Date)
	if err != nil {
		return wireMeeting{}, fmt.Errorf("meeting %s: %w", m.ID, err)
	}
	bs, err := codesWire(businessCodes, m.Domains)
	if err != nil {
		return wireMeeting{}, fmt.Errorf("meeting %s: %w", m.ID, err)
	}
	reports, err := reportsWire(m.Reports)
	if err != nil {
		return wireMeeting{}, fmt.Errorf("meeting %s: %w", m.ID, err)
	}
	speakers := make([]wirePerson, len(m.Speakers))
	for i, p := range m.Speakers {
		speakers[i] = wirePerson{Name: p.Name, Post: p.Title}
	}
	return wireMeeting{ID: m.ID, MeetingName: m.Title, MeetingType: kind, MeetingDate: date, AreaCode: m.RegionCode,
		Venue: m.Venue, Organizer: m.Organizer, Speakers: speakers, Attendees: m.Attendees, Businesses: bs,
		Summary: m.Summary, Reports: reports, UpdateTime: millis(m.UpdatedAt)}, nil
}

func documentWire(d civ.PolicyDocument) (wireDocument, error) {
	issued, err := dateWire(d.Issued)
	if err != nil {
		return wireDocument{}, fmt.Errorf("document %s: %w", d.ID, err)
	}
	bs, err := codesWire(businessCodes, d.Domains)
	if err != nil {
		return wireDocument{}, fmt.Errorf("document %s: %w", d.ID, err)
	}
	reports, err := reportsWire(d.Reports)
	if err != nil {
		return wireDocument{}, fmt.Errorf("document %s: %w", d.ID, err)
	}
	return wireDocument{ID: d.ID, DocName: d.Title, ShortName: d.ShortTitle, IssuedBy: d.IssuingBodies, IssueDate: issued,
		Businesses: bs, Summary: d.Summary, Reports: reports, UpdateTime: millis(d.UpdatedAt)}, nil
}

func targetWire(tg civ.Target) (wireTarget, error) {
	due, err := dateWire(tg.Due)
	if err != nil {
		return wireTarget{}, err
	}
	out := wireTarget{Indicator: tg.Metric, IndicatorEn: tg.MetricEn, Value: tg.Value, Unit: tg.Unit, Deadline: due}
	if b := tg.Baseline; b != nil {
		asOf, err := dateWire(b.AsOf)
		if err != nil {
			return wireTarget{}, err
		}
		out.Baseline = &wireBaseline{Value: b.Value, Unit: b.Unit, AsOf: asOf, Source: b.Source}
	}
	return out, nil
}

func taskWire(t civ.Task) (wireTask, error) {
	business, ok := codeOf(businessCodes, t.Domain)
	if !ok {
		return wireTask{}, fmt.Errorf("task %s: domain %q has no code", t.ID, t.Domain)
	}
	origin, ok := codeOf(originCodes, t.OriginKind)
	if !ok {
		return wireTask{}, fmt.Errorf("task %s: origin kind %q has no code", t.ID, t.OriginKind)
	}
	due, err := dateWire(t.Due)
	if err != nil {
		return wireTask{}, fmt.Errorf("task %s: %w", t.ID, err)
	}
	targets := make([]wireTarget, len(t.Targets))
	for i, tg := range t.Targets {
		if targets[i], err = targetWire(tg); err != nil {
			return wireTask{}, fmt.Errorf("task %s target %d: %w", t.ID, i+1, err)
		}
	}
	return wireTask{ID: t.ID, TaskName: t.Title, Content: t.Description, BusinessType: business, Deadline: due,
		OriginType: origin, OriginID: t.OriginID, Targets: targets, UpdateTime: millis(t.UpdatedAt)}, nil
}

// siteWire publishes a site as the platform does, with its WGS-84 location
// shifted to GCJ-02.
func siteWire(s civ.ServiceSite) (wireSite, error) {
	pv := s.ProvenanceValue()
	typ, ok := codeOf(orgTypeCodes, s.Type)
	if !ok {
		return wireSite{}, fmt.Errorf("site %s: type %q has no orgType", s.ID, s.Type)
	}
	out := wireSite{ID: s.ID, OrgType: typ, OrgName: s.Name, Address: s.Address, AreaCode: s.RegionCode,
		Capacity: s.Capacity, Phone: s.Phone, BusinessHours: s.OpeningHours, UpdateTime: millis(s.UpdatedAt),
		IsSample: s.Sample, DataSource: s.Source,
		OrgTypeText: s.TypeText, CapacityApprox: s.CapacityApproximate, CapacityText: s.CapacityText, CapacityUnit: string(s.CapacityUnit),
		SourceKind: pv.Kind, Remark: pv.Notes, Facts: pv.Facts}
	if c := pv.Confidence; c != "" {
		if out.Credibility, ok = codeOf(credibilityCodes, c); !ok {
			return wireSite{}, fmt.Errorf("site %s: confidence %q has no code", s.ID, c)
		}
	}
	fact, err := dateWire(pv.FactDate)
	if err != nil {
		return wireSite{}, fmt.Errorf("site %s: fact date: %w", s.ID, err)
	}
	out.FactDate = fact
	if s.Location != nil {
		g := geo.WGS84ToGCJ02(*s.Location)
		out.Lng, out.Lat = &g.Lng, &g.Lat
	}
	return out, nil
}
