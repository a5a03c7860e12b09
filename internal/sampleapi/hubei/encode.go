package hubei

import (
	"fmt"
	"time"

	"github.com/civgraph/civgraph/civ"
)

var chinaTime = time.FixedZone("CST", 8*3600)

func dateWire(d civ.FuzzyDate) fuzzyDate {
	out := fuzzyDate{Wording: d.Text}
	if !d.Known() {
		return out
	}
	y, m, day := d.Date.Date()
	switch d.Precision {
	case civ.PrecisionYear:
		out.Value = fmt.Sprintf("%d年", y)
	case civ.PrecisionMonth:
		out.Value = fmt.Sprintf("%d年%d月", y, m)
	default:
		out.Value = fmt.Sprintf("%d年%d月%d日", y, m, day)
	}
	return out
}

// timeWire writes 2024年3月31日 08:00:00 in China Standard Time.
func timeWire(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(chinaTime)
	return fmt.Sprintf("%d年%d月%d日 %s", t.Year(), t.Month(), t.Day(), t.Format("15:04:05"))
}

func reportsWire(rs []civ.Report) []report {
	out := make([]report, len(rs))
	for i, r := range rs {
		out[i] = report{Source: r.Source, Byline: r.Byline, Published: dateWire(r.Published), Reference: r.Reference}
	}
	return out
}

func meetingWire(m civ.Meeting) meeting {
	speakers := make([]official, len(m.Speakers))
	for i, p := range m.Speakers {
		speakers[i] = official{Name: p.Name, Title: p.Title}
	}
	return meeting{ID: m.ID, Title: m.Title, Kind: string(m.Kind), Date: dateWire(m.Date), RegionCode: m.RegionCode,
		Venue: m.Venue, Organizer: m.Organizer, Speakers: speakers, Attendees: m.Attendees,
		Domains: civ.DomainStrings(m.Domains), Summary: m.Summary, Reports: reportsWire(m.Reports), Updated: timeWire(m.UpdatedAt)}
}

func documentWire(d civ.PolicyDocument) document {
	return document{ID: d.ID, Title: d.Title, ShortTitle: d.ShortTitle, IssuingBodies: d.IssuingBodies, Issued: dateWire(d.Issued),
		Domains: civ.DomainStrings(d.Domains), Summary: d.Summary, Reports: reportsWire(d.Reports), Updated: timeWire(d.UpdatedAt)}
}

func taskWire(t civ.Task) task {
	targets := make([]target, len(t.Targets))
	for i, tg := range t.Targets {
		targets[i] = target{Metric: tg.Metric, MetricEn: tg.MetricEn, Value: tg.Value, Unit: tg.Unit, Due: dateWire(tg.Due)}
		if b := tg.Baseline; b != nil {
			targets[i].Baseline = &baseline{Value: b.Value, Unit: b.Unit, AsOf: dateWire(b.AsOf), Source: b.Source}
		}
	}
	return task{ID: t.ID, Title: t.Title, Description: t.Description, Domain: string(t.Domain), Due: dateWire(t.Due),
		OriginKind: string(t.OriginKind), OriginID: t.OriginID, Targets: targets, Updated: timeWire(t.UpdatedAt)}
}

func siteWire(s civ.ServiceSite) site {
	pv := s.ProvenanceValue()
	out := site{ID: s.ID, Type: string(s.Type), Name: s.Name, Address: s.Address, RegionCode: s.RegionCode, Capacity: s.Capacity,
		Phone: s.Phone, OpeningHours: s.OpeningHours, Updated: timeWire(s.UpdatedAt), Sample: s.Sample, Source: s.Source,
		TypeText: s.TypeText, CapacityApproximate: s.CapacityApproximate, CapacityText: s.CapacityText, CapacityUnit: string(s.CapacityUnit),
		SourceKind: pv.Kind, FactDate: dateWire(pv.FactDate), Confidence: string(pv.Confidence),
		Notes: pv.Notes, Facts: pv.Facts}
	if s.Location != nil {
		out.Lng, out.Lat = &s.Location.Lng, &s.Location.Lat
	}
	return out
}
