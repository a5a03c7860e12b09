package shanghai

import (
	"time"

	"civgraph/civ"
	"civgraph/geo"
)

var chinaTime = time.FixedZone("CST", 8*3600)

func millis(t time.Time) *int64 {
	if t.IsZero() {
		return nil
	}
	ms := t.UnixMilli()
	return &ms
}

func dateWire(d civ.FuzzyDate) sdate {
	out := sdate{Precision: string(d.Precision), Text: d.Text}
	if d.Known() {
		y, m, day := d.Date.Date()
		out.Time = millis(time.Date(y, m, day, 0, 0, 0, 0, chinaTime))
	} else {
		out.Precision = string(civ.PrecisionUnknown)
	}
	return out
}

func reportsWire(rs []civ.Report) []sreport {
	out := make([]sreport, len(rs))
	for i, r := range rs {
		out[i] = sreport{Source: r.Source, Author: r.Byline, Published: dateWire(r.Published), Reference: r.Reference}
	}
	return out
}

func meetingWire(m civ.Meeting) smeeting {
	speakers := make([]sperson, len(m.Speakers))
	for i, p := range m.Speakers {
		speakers[i] = sperson{Name: p.Name, Post: p.Title}
	}
	return smeeting{ID: m.ID, Title: m.Title, Kind: string(m.Kind), Date: dateWire(m.Date), AreaCode: m.RegionCode, Venue: m.Venue,
		Organizer: m.Organizer, Speakers: speakers, Attendees: m.Attendees, Domains: civ.DomainStrings(m.Domains),
		Summary: m.Summary, Reports: reportsWire(m.Reports), UpdateTime: millis(m.UpdatedAt)}
}

func documentWire(d civ.PolicyDocument) sdocument {
	return sdocument{ID: d.ID, Title: d.Title, ShortTitle: d.ShortTitle, IssuingBodies: d.IssuingBodies, Issued: dateWire(d.Issued),
		Domains: civ.DomainStrings(d.Domains), Summary: d.Summary, Reports: reportsWire(d.Reports), UpdateTime: millis(d.UpdatedAt)}
}

func taskWire(t civ.Task) stask {
	targets := make([]starget, len(t.Targets))
	for i, tg := range t.Targets {
		targets[i] = starget{Metric: tg.Metric, MetricEn: tg.MetricEn, Value: tg.Value, Unit: tg.Unit, Due: dateWire(tg.Due)}
		if b := tg.Baseline; b != nil {
			targets[i].Baseline = &sbaseline{Value: b.Value, Unit: b.Unit, AsOf: dateWire(b.AsOf), Source: b.Source}
		}
	}
	return stask{ID: t.ID, Title: t.Title, Description: t.Description, Domain: string(t.Domain), Due: dateWire(t.Due),
		OriginType: string(t.OriginKind), OriginID: t.OriginID, Targets: targets, UpdateTime: millis(t.UpdatedAt)}
}

// siteWire publishes a site as the platform does: GCJ-02 coordinates.
func siteWire(s civ.ServiceSite) ssite {
	out := ssite{ID: s.ID, OrgType: orgTypes[string(s.Type)], OrgName: s.Name, Address: s.Address, AreaCode: s.RegionCode,
		Capacity: s.Capacity, Phone: s.Phone, OpeningHours: s.OpeningHours, UpdateTime: millis(s.UpdatedAt),
		Sample: s.Sample, Source: s.Source}
	if s.Location != nil {
		g := geo.WGS84ToGCJ02(*s.Location)
		out.Lng, out.Lat = &g.Lng, &g.Lat
	}
	return out
}
