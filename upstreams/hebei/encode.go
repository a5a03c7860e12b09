package hebei

import (
	"time"

	"civgraph/civ"
)

// TimeLayout is how Hebei writes times, in China Standard Time.
const TimeLayout = "2006-01-02 15:04:05"

var chinaTime = time.FixedZone("CST", 8*3600)

var precisionCode = map[civ.DatePrecision]string{civ.PrecisionDay: "D", civ.PrecisionMonth: "M", civ.PrecisionYear: "Y", civ.PrecisionUnknown: "U"}

func dateWire(d civ.FuzzyDate) sjd {
	out := sjd{Jd: precisionCode[d.Precision], Ms: d.Text}
	if d.Known() {
		y, m, day := d.Date.Date()
		out.Sj = time.Date(y, m, day, 0, 0, 0, 0, chinaTime).Format(TimeLayout)
	}
	return out
}

func timeWire(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(chinaTime).Format(TimeLayout)
}

var kindCode = map[civ.MeetingKind]string{civ.MeetingWorkConference: "GZHY", civ.MeetingTrainingCourse: "PXB"}

func reportsWire(rs []civ.Report) []bd {
	out := make([]bd, len(rs))
	for i, r := range rs {
		out[i] = bd{Ly: r.Source, Jz: r.Byline, Fbsj: dateWire(r.Published), Yz: r.Reference}
	}
	return out
}

func meetingWire(m civ.Meeting) hy {
	speakers := make([]ry, len(m.Speakers))
	for i, p := range m.Speakers {
		speakers[i] = ry{Xm: p.Name, Zw: p.Title}
	}
	return hy{ID: m.ID, Hymc: m.Title, Hylx: kindCode[m.Kind], Hysj: dateWire(m.Date), Xzqh: m.RegionCode, Hydd: m.Venue,
		Zbdw: m.Organizer, Jhr: speakers, Chry: append([]string{}, m.Attendees...), Ywly: civ.DomainStrings(m.Domains),
		Nrzy: m.Summary, Bd: reportsWire(m.Reports), Gxsj: timeWire(m.UpdatedAt)}
}

func documentWire(d civ.PolicyDocument) zcwj {
	return zcwj{ID: d.ID, Wjbt: d.Title, Jc: d.ShortTitle, Fwjg: append([]string{}, d.IssuingBodies...), Fwsj: dateWire(d.Issued),
		Ywly: civ.DomainStrings(d.Domains), Nrzy: d.Summary, Bd: reportsWire(d.Reports), Gxsj: timeWire(d.UpdatedAt)}
}

var originCode = map[civ.OriginKind]string{civ.OriginMeeting: "HY", civ.OriginPolicyDocument: "ZCWJ"}

func taskWire(t civ.Task) rw {
	targets := make([]mb, len(t.Targets))
	for i, tg := range t.Targets {
		targets[i] = mb{Zb: tg.Metric, Zbyw: tg.MetricEn, Z: tg.Value, Dw: tg.Unit, Qx: dateWire(tg.Due)}
		if b := tg.Baseline; b != nil {
			targets[i].Jx = &jx{Z: b.Value, Dw: b.Unit, Sj: dateWire(b.AsOf), Ly: b.Source}
		}
	}
	return rw{ID: t.ID, Rwmc: t.Title, Rwnr: t.Description, Ywly: string(t.Domain), Qx: dateWire(t.Due),
		Lylx: originCode[t.OriginKind], Lyid: t.OriginID, Mb: targets, Gxsj: timeWire(t.UpdatedAt)}
}

func siteWire(s civ.ServiceSite) fwcs {
	out := fwcs{ID: s.ID, Cslx: string(s.Type), Csmc: s.Name, Dz: s.Address, Xzqh: s.RegionCode, Gm: s.Capacity,
		Dh: s.Phone, Kfsj: s.OpeningHours, Gxsj: timeWire(s.UpdatedAt), Slsj: s.Sample, Sjly: s.Source}
	if s.Location != nil {
		out.Jd, out.Wd = &s.Location.Lng, &s.Location.Lat
	}
	return out
}
