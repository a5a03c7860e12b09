package hebei

import (
	"time"

	"github.com/civgraph/civgraph/civ"
)

// TimeLayout is how Hebei writes times, in China Standard Time.
const TimeLayout = "2006-01-02 15:04:05"

var chinaTime = time.FixedZone("CST", 8*3600)

// dateWire writes a FuzzyDate as its time, precision and wording fields.
// The time is written only for a known date; a zero FuzzyDate (no
// precision at all) is written with an empty precision, so that it reads
// back as itself.
func dateWire(d civ.FuzzyDate) (sj, jqd, ms string) {
	jqd = precisionCodes[d.Precision]
	if d.Known() && jqd != "" {
		y, m, day := d.Date.Date()
		sj = time.Date(y, m, day, 0, 0, 0, 0, chinaTime).Format(TimeLayout)
	}
	return sj, jqd, d.Text
}

func timeWire(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(chinaTime).Format(TimeLayout)
}

func reportsWire(rs []civ.Report) []bd {
	out := make([]bd, len(rs))
	for i, r := range rs {
		out[i] = bd{Ly: r.Source, Jz: r.Byline, Yz: r.Reference}
		out[i].Fbsj, out[i].Fbsjjqd, out[i].Fbsjms = dateWire(r.Published)
	}
	return out
}

func meetingWire(m civ.Meeting) hy {
	speakers := make([]ry, len(m.Speakers))
	for i, p := range m.Speakers {
		speakers[i] = ry{Xm: p.Name, Zw: p.Title}
	}
	out := hy{ID: m.ID, Hymc: m.Title, Hylx: kindCodes[m.Kind], Xzqh: m.RegionCode, Hydd: m.Venue,
		Zbdw: m.Organizer, Jhr: speakers, Chry: append([]string{}, m.Attendees...), Ywly: domainCodeList(m.Domains),
		Nrzy: m.Summary, Bd: reportsWire(m.Reports), Gxsj: timeWire(m.UpdatedAt)}
	out.Hysj, out.Hysjjqd, out.Hysjms = dateWire(m.Date)
	return out
}

func documentWire(d civ.PolicyDocument) zcwj {
	out := zcwj{ID: d.ID, Wjbt: d.Title, Jc: d.ShortTitle, Fwjg: append([]string{}, d.IssuingBodies...),
		Ywly: domainCodeList(d.Domains), Nrzy: d.Summary, Bd: reportsWire(d.Reports), Gxsj: timeWire(d.UpdatedAt)}
	out.Fwsj, out.Fwsjjqd, out.Fwsjms = dateWire(d.Issued)
	return out
}

func targetWire(t civ.Target) mb {
	out := mb{Zb: t.Metric, Zbyw: t.MetricEn, Z: t.Value, Dw: t.Unit}
	out.Qx, out.Qxjqd, out.Qxms = dateWire(t.Due)
	if b := t.Baseline; b != nil {
		out.Jx = &jx{Z: b.Value, Dw: b.Unit, Ly: b.Source}
		out.Jx.Jzsj, out.Jx.Jzsjjqd, out.Jx.Jzsjms = dateWire(b.AsOf)
	}
	return out
}

func taskWire(t civ.Task) rw {
	targets := make([]mb, len(t.Targets))
	for i, tg := range t.Targets {
		targets[i] = targetWire(tg)
	}
	out := rw{ID: t.ID, Rwmc: t.Title, Rwnr: t.Description, Ywly: domainCodes[t.Domain],
		Lylx: originCodes[t.OriginKind], Lyid: t.OriginID, Mb: targets, Gxsj: timeWire(t.UpdatedAt)}
	out.Wcqx, out.Wcqxjqd, out.Wcqxms = dateWire(t.Due)
	return out
}

func siteWire(s civ.ServiceSite) fwcs {
	pv := s.ProvenanceValue()
	out := fwcs{ID: s.ID, Cslx: siteTypeCodes[s.Type], Csmc: s.Name, Dz: s.Address, Xzqh: s.RegionCode, Gm: s.Capacity,
		Dh: s.Phone, Kfsj: s.OpeningHours, Gxsj: timeWire(s.UpdatedAt), Sfsl: s.Sample, Sjly: s.Source,
		Lxms: s.TypeText, Gmsfgs: s.CapacityApproximate, Gmms: s.CapacityText, Gmdw: string(s.CapacityUnit), Lyxz: pv.Kind,
		Kxd: confidenceCodes[pv.Confidence], Bz: pv.Notes, Ssjl: pv.Facts}
	out.Ssrq, out.Ssrqjqd, out.Ssrqms = dateWire(pv.FactDate)
	if s.Location != nil {
		out.Jd, out.Wd = &s.Location.Lng, &s.Location.Lat
	}
	return out
}
