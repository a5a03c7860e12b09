package jiangsu

import (
	"strconv"
	"time"

	"github.com/civgraph/civgraph/civ"
)

var chinaTime = time.FixedZone("CST", 8*3600)

// Wire layouts: dates by precision, times in China Standard Time with a
// fraction of a second only when there is one.
const (
	dayLayout  = "20060102"
	timeLayout = "20060102150405.999999999"
)

var dateLayouts = map[civ.DatePrecision]string{civ.PrecisionDay: dayLayout, civ.PrecisionMonth: "200601", civ.PrecisionYear: "2006"}

// dateWire writes a known date at its precision and an unknown one as "".
func dateWire(d civ.FuzzyDate) wdate {
	out := wdate{Wording: d.Text}
	if layout, ok := dateLayouts[d.Precision]; ok && d.Known() {
		out.Value = d.Date.Format(layout)
	}
	return out
}

func timeWire(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(chinaTime).Format(timeLayout)
}

func reportsWire(rs []civ.Report) []wreport {
	out := make([]wreport, len(rs))
	for i, r := range rs {
		out[i] = wreport{Source: r.Source, Byline: r.Byline, Published: dateWire(r.Published), Reference: r.Reference}
	}
	return out
}

func meetingWire(m civ.Meeting) wmeeting {
	speakers := make([]wperson, len(m.Speakers))
	for i, p := range m.Speakers {
		speakers[i] = wperson{Name: p.Name, Title: p.Title}
	}
	return wmeeting{ID: m.ID, Title: m.Title, Kind: string(m.Kind), Date: dateWire(m.Date), RegionCode: m.RegionCode,
		Venue: m.Venue, Organizer: m.Organizer, Speakers: speakers, Attendees: m.Attendees, Domains: civ.DomainStrings(m.Domains),
		Summary: m.Summary, Reports: reportsWire(m.Reports), Updated: timeWire(m.UpdatedAt)}
}

func documentWire(d civ.PolicyDocument) wdocument {
	return wdocument{ID: d.ID, Title: d.Title, ShortTitle: d.ShortTitle, IssuingBodies: d.IssuingBodies, Issued: dateWire(d.Issued),
		Domains: civ.DomainStrings(d.Domains), Summary: d.Summary, Reports: reportsWire(d.Reports), Updated: timeWire(d.UpdatedAt)}
}

func taskWire(t civ.Task) wtask {
	targets := make([]wtarget, len(t.Targets))
	for i, tg := range t.Targets {
		targets[i] = wtarget{Metric: tg.Metric, MetricEn: tg.MetricEn, Value: tg.Value, Unit: tg.Unit, Due: dateWire(tg.Due)}
		if b := tg.Baseline; b != nil {
			targets[i].Baseline = &wbaseline{Value: b.Value, Unit: b.Unit, AsOf: dateWire(b.AsOf), Source: b.Source}
		}
	}
	return wtask{ID: t.ID, Title: t.Title, Description: t.Description, Domain: string(t.Domain), Due: dateWire(t.Due),
		OriginKind: string(t.OriginKind), OriginID: t.OriginID, Targets: targets, Updated: timeWire(t.UpdatedAt)}
}

// siteRecord is one CSV row in siteColumns order. Unknown coordinates and
// capacity are empty cells; sample is 1 for generated rows, 0 for real ones.
func siteRecord(s civ.ServiceSite) []string {
	var lng, lat, capacity string
	if s.Location != nil {
		lng = strconv.FormatFloat(s.Location.Lng, 'f', -1, 64)
		lat = strconv.FormatFloat(s.Location.Lat, 'f', -1, 64)
	}
	if s.Capacity != nil {
		capacity = strconv.Itoa(*s.Capacity)
	}
	pv := s.ProvenanceValue()
	fact := dateWire(pv.FactDate)
	return []string{s.ID, string(s.Type), s.Name, s.Address, s.RegionCode, lng, lat, capacity, s.Phone, s.OpeningHours,
		timeWire(s.UpdatedAt), flag(s.Sample), s.Source,
		s.TypeText, flag(s.CapacityApproximate), s.CapacityText, pv.Kind, fact.Value, fact.Wording,
		string(pv.Confidence), pv.Notes, pv.Facts, string(s.CapacityUnit)}
}

// flag writes a yes/no column: 1 or 0.
func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
