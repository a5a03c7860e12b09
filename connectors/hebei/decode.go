package hebei

import (
	"fmt"
	"time"

	"civgraph/civ"
)

const timeLayout = "2006-01-02 15:04:05"

var chinaTime = time.FixedZone("CST", 8*3600)

var precisions = map[string]civ.DatePrecision{"D": civ.PrecisionDay, "M": civ.PrecisionMonth, "Y": civ.PrecisionYear, "U": civ.PrecisionUnknown}

// parseTime reads a "2006-01-02 15:04:05" CST time; empty is zero.
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(timeLayout, s, chinaTime)
	if err != nil {
		return time.Time{}, fmt.Errorf("time %q is not yyyy-MM-dd HH:mm:ss", s)
	}
	return t, nil
}

func dateFromWire(d sjd) (civ.FuzzyDate, error) {
	p, ok := precisions[d.Jd]
	if !ok {
		return civ.FuzzyDate{}, fmt.Errorf("unknown date precision %q", d.Jd)
	}
	out := civ.FuzzyDate{Precision: p, Text: d.Ms}
	if p == civ.PrecisionUnknown {
		return out, nil
	}
	t, err := parseTime(d.Sj)
	if err != nil || t.IsZero() {
		return civ.FuzzyDate{}, fmt.Errorf("date of precision %s needs a time, got %q", d.Jd, d.Sj)
	}
	y, m, day := t.Date()
	out.Date = time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
	return out, nil
}

var kinds = map[string]civ.MeetingKind{"GZHY": civ.MeetingWorkConference, "PXB": civ.MeetingTrainingCourse}

var origins = map[string]civ.OriginKind{"HY": civ.OriginMeeting, "ZCWJ": civ.OriginPolicyDocument}

func reportsFromWire(bs []bd) ([]civ.Report, error) {
	out := make([]civ.Report, len(bs))
	for i, b := range bs {
		pub, err := dateFromWire(b.Fbsj)
		if err != nil {
			return nil, fmt.Errorf("report %d: %w", i+1, err)
		}
		out[i] = civ.Report{Source: b.Ly, Byline: b.Jz, Published: pub, Reference: b.Yz}
	}
	return out, nil
}

func meetingFromWire(w hy) (civ.Meeting, error) {
	if w.ID == "" || w.Hymc == "" {
		return civ.Meeting{}, fmt.Errorf("meeting without id or hymc")
	}
	kind, ok := kinds[w.Hylx]
	if !ok {
		return civ.Meeting{}, fmt.Errorf("meeting %s: unknown hylx %q", w.ID, w.Hylx)
	}
	date, err := dateFromWire(w.Hysj)
	if err != nil {
		return civ.Meeting{}, fmt.Errorf("meeting %s: hysj: %w", w.ID, err)
	}
	domains, err := civ.ParseDomains(w.Ywly)
	if err != nil {
		return civ.Meeting{}, fmt.Errorf("meeting %s: %w", w.ID, err)
	}
	reports, err := reportsFromWire(w.Bd)
	if err != nil {
		return civ.Meeting{}, fmt.Errorf("meeting %s: %w", w.ID, err)
	}
	updated, err := parseTime(w.Gxsj)
	if err != nil {
		return civ.Meeting{}, fmt.Errorf("meeting %s: gxsj: %w", w.ID, err)
	}
	var speakers []civ.Person
	for _, p := range w.Jhr {
		speakers = append(speakers, civ.Person{Name: p.Xm, Title: p.Zw})
	}
	return civ.Meeting{ID: w.ID, Province: civ.Hebei, Title: w.Hymc, Kind: kind, Date: date, RegionCode: w.Xzqh,
		Venue: w.Hydd, Organizer: w.Zbdw, Speakers: speakers, Attendees: w.Chry, Domains: domains,
		Summary: w.Nrzy, Reports: reports, UpdatedAt: updated}, nil
}

func documentFromWire(w zcwj) (civ.PolicyDocument, error) {
	if w.ID == "" || w.Wjbt == "" {
		return civ.PolicyDocument{}, fmt.Errorf("document without id or wjbt")
	}
	issued, err := dateFromWire(w.Fwsj)
	if err != nil {
		return civ.PolicyDocument{}, fmt.Errorf("document %s: fwsj: %w", w.ID, err)
	}
	domains, err := civ.ParseDomains(w.Ywly)
	if err != nil {
		return civ.PolicyDocument{}, fmt.Errorf("document %s: %w", w.ID, err)
	}
	reports, err := reportsFromWire(w.Bd)
	if err != nil {
		return civ.PolicyDocument{}, fmt.Errorf("document %s: %w", w.ID, err)
	}
	updated, err := parseTime(w.Gxsj)
	if err != nil {
		return civ.PolicyDocument{}, fmt.Errorf("document %s: gxsj: %w", w.ID, err)
	}
	return civ.PolicyDocument{ID: w.ID, Province: civ.Hebei, Title: w.Wjbt, ShortTitle: w.Jc, IssuingBodies: w.Fwjg,
		Issued: issued, Domains: domains, Summary: w.Nrzy, Reports: reports, UpdatedAt: updated}, nil
}

func taskFromWire(w rw) (civ.Task, error) {
	if w.ID == "" || w.Rwmc == "" {
		return civ.Task{}, fmt.Errorf("task without id or rwmc")
	}
	domain, err := civ.ParseDomain(w.Ywly)
	if err != nil {
		return civ.Task{}, fmt.Errorf("task %s: %w", w.ID, err)
	}
	due, err := dateFromWire(w.Qx)
	if err != nil {
		return civ.Task{}, fmt.Errorf("task %s: qx: %w", w.ID, err)
	}
	origin, ok := origins[w.Lylx]
	if !ok {
		return civ.Task{}, fmt.Errorf("task %s: unknown lylx %q", w.ID, w.Lylx)
	}
	updated, err := parseTime(w.Gxsj)
	if err != nil {
		return civ.Task{}, fmt.Errorf("task %s: gxsj: %w", w.ID, err)
	}
	var targets []civ.Target
	for i, m := range w.Mb {
		tdue, err := dateFromWire(m.Qx)
		if err != nil {
			return civ.Task{}, fmt.Errorf("task %s target %d: %w", w.ID, i+1, err)
		}
		t := civ.Target{Metric: m.Zb, MetricEn: m.Zbyw, Value: m.Z, Unit: m.Dw, Due: tdue}
		if m.Jx != nil {
			asOf, err := dateFromWire(m.Jx.Sj)
			if err != nil {
				return civ.Task{}, fmt.Errorf("task %s target %d baseline: %w", w.ID, i+1, err)
			}
			t.Baseline = &civ.Baseline{Value: m.Jx.Z, Unit: m.Jx.Dw, AsOf: asOf, Source: m.Jx.Ly}
		}
		targets = append(targets, t)
	}
	return civ.Task{ID: w.ID, Province: civ.Hebei, Title: w.Rwmc, Description: w.Rwnr, Domain: domain, Due: due,
		OriginKind: origin, OriginID: w.Lyid, Targets: targets, UpdatedAt: updated}, nil
}

func siteFromWire(w fwcs) (civ.ServiceSite, error) {
	if w.ID == "" || w.Csmc == "" {
		return civ.ServiceSite{}, fmt.Errorf("site without id or csmc")
	}
	typ, err := civ.ParseSiteType(w.Cslx)
	if err != nil {
		return civ.ServiceSite{}, fmt.Errorf("site %s: cslx: %w", w.ID, err)
	}
	updated, err := parseTime(w.Gxsj)
	if err != nil {
		return civ.ServiceSite{}, fmt.Errorf("site %s: gxsj: %w", w.ID, err)
	}
	s := civ.ServiceSite{ID: w.ID, Province: civ.Hebei, Type: typ, Name: w.Csmc, Address: w.Dz, RegionCode: w.Xzqh,
		Capacity: w.Gm, Phone: w.Dh, OpeningHours: w.Kfsj, UpdatedAt: updated, Sample: w.Slsj, Source: w.Sjly}
	if s.Location, err = civ.ParseGeoPoint(w.Wd, w.Jd); err != nil {
		return civ.ServiceSite{}, fmt.Errorf("site %s: %w", w.ID, err)
	}
	return s, nil
}
