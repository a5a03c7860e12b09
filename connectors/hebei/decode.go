package hebei

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/civgraph/civgraph/civ"
)

// One function per entity maps a wire row to its civ value. Each rejects
// what it cannot map faithfully (missing id, unknown code, bad time or
// coordinates) with an error naming the row and the field.

// regionCode is a GB/T 2260 code (6 digits) or a finer NBS code (9 or 12).
var regionCode = regexp.MustCompile(`^(\d{6}|\d{9}|\d{12})$`)

func checkRegion(code string) error {
	if code != "" && !regionCode.MatchString(code) {
		return fmt.Errorf("xzqh %q is not a region code", code)
	}
	return nil
}

func domainsFromWire(codes []string) ([]civ.Domain, error) {
	out := make([]civ.Domain, len(codes))
	for i, c := range codes {
		d, ok := domains[c]
		if !ok {
			return nil, fmt.Errorf("unknown ywly %q", c)
		}
		out[i] = d
	}
	return out, nil
}

func reportsFromWire(bs []bd) ([]civ.Report, error) {
	out := make([]civ.Report, len(bs))
	for i, b := range bs {
		pub, err := dateFromWire(b.Fbsj, b.Fbsjjqd, b.Fbsjms)
		if err != nil {
			return nil, fmt.Errorf("report %d: fbsj: %w", i+1, err)
		}
		out[i] = civ.Report{Source: b.Ly, Byline: b.Jz, Published: pub, Reference: b.Yz}
	}
	return out, nil
}

func meetingFromWire(w hy) (civ.Meeting, error) {
	if w.ID == "" || w.Hymc == "" {
		return civ.Meeting{}, errors.New("meeting without id or hymc")
	}
	fail := func(err error) (civ.Meeting, error) { return civ.Meeting{}, fmt.Errorf("meeting %s: %w", w.ID, err) }
	kind, ok := kinds[w.Hylx]
	if !ok {
		return fail(fmt.Errorf("unknown hylx %q", w.Hylx))
	}
	date, err := dateFromWire(w.Hysj, w.Hysjjqd, w.Hysjms)
	if err != nil {
		return fail(fmt.Errorf("hysj: %w", err))
	}
	if err := checkRegion(w.Xzqh); err != nil {
		return fail(err)
	}
	doms, err := domainsFromWire(w.Ywly)
	if err != nil {
		return fail(err)
	}
	reports, err := reportsFromWire(w.Bd)
	if err != nil {
		return fail(err)
	}
	updated, err := parseTime(w.Gxsj)
	if err != nil {
		return fail(fmt.Errorf("gxsj: %w", err))
	}
	speakers := make([]civ.Person, len(w.Jhr))
	for i, p := range w.Jhr {
		speakers[i] = civ.Person{Name: p.Xm, Title: p.Zw}
	}
	return civ.Meeting{
		ID: w.ID, Province: civ.Hebei, Title: w.Hymc, Kind: kind, Date: date,
		RegionCode: w.Xzqh, Venue: w.Hydd, Organizer: w.Zbdw, Speakers: speakers, Attendees: w.Chry,
		Domains: doms, Summary: w.Nrzy, Reports: reports, UpdatedAt: updated,
	}, nil
}

func documentFromWire(w zcwj) (civ.PolicyDocument, error) {
	if w.ID == "" || w.Wjbt == "" {
		return civ.PolicyDocument{}, errors.New("document without id or wjbt")
	}
	fail := func(err error) (civ.PolicyDocument, error) {
		return civ.PolicyDocument{}, fmt.Errorf("document %s: %w", w.ID, err)
	}
	issued, err := dateFromWire(w.Fwsj, w.Fwsjjqd, w.Fwsjms)
	if err != nil {
		return fail(fmt.Errorf("fwsj: %w", err))
	}
	doms, err := domainsFromWire(w.Ywly)
	if err != nil {
		return fail(err)
	}
	reports, err := reportsFromWire(w.Bd)
	if err != nil {
		return fail(err)
	}
	updated, err := parseTime(w.Gxsj)
	if err != nil {
		return fail(fmt.Errorf("gxsj: %w", err))
	}
	return civ.PolicyDocument{
		ID: w.ID, Province: civ.Hebei, Title: w.Wjbt, ShortTitle: w.Jc, IssuingBodies: w.Fwjg,
		Issued: issued, Domains: doms, Summary: w.Nrzy, Reports: reports, UpdatedAt: updated,
	}, nil
}

func targetFromWire(m mb) (civ.Target, error) {
	due, err := dateFromWire(m.Qx, m.Qxjqd, m.Qxms)
	if err != nil {
		return civ.Target{}, fmt.Errorf("qx: %w", err)
	}
	t := civ.Target{Metric: m.Zb, MetricEn: m.Zbyw, Value: m.Z, Unit: m.Dw, Due: due}
	if m.Jx != nil {
		asOf, err := dateFromWire(m.Jx.Jzsj, m.Jx.Jzsjjqd, m.Jx.Jzsjms)
		if err != nil {
			return civ.Target{}, fmt.Errorf("jx.jzsj: %w", err)
		}
		t.Baseline = &civ.Baseline{Value: m.Jx.Z, Unit: m.Jx.Dw, AsOf: asOf, Source: m.Jx.Ly}
	}
	return t, nil
}

func taskFromWire(w rw) (civ.Task, error) {
	if w.ID == "" || w.Rwmc == "" {
		return civ.Task{}, errors.New("task without id or rwmc")
	}
	fail := func(err error) (civ.Task, error) { return civ.Task{}, fmt.Errorf("task %s: %w", w.ID, err) }
	domain, ok := domains[w.Ywly]
	if !ok {
		return fail(fmt.Errorf("unknown ywly %q", w.Ywly))
	}
	due, err := dateFromWire(w.Wcqx, w.Wcqxjqd, w.Wcqxms)
	if err != nil {
		return fail(fmt.Errorf("wcqx: %w", err))
	}
	origin, ok := origins[w.Lylx]
	if !ok {
		return fail(fmt.Errorf("unknown lylx %q", w.Lylx))
	}
	updated, err := parseTime(w.Gxsj)
	if err != nil {
		return fail(fmt.Errorf("gxsj: %w", err))
	}
	targets := make([]civ.Target, len(w.Mb))
	for i, m := range w.Mb {
		if targets[i], err = targetFromWire(m); err != nil {
			return fail(fmt.Errorf("target %d: %w", i+1, err))
		}
	}
	return civ.Task{
		ID: w.ID, Province: civ.Hebei, Title: w.Rwmc, Description: w.Rwnr, Domain: domain, Due: due,
		OriginKind: origin, OriginID: w.Lyid, Targets: targets, UpdatedAt: updated,
	}, nil
}

func siteFromWire(w fwcs) (civ.ServiceSite, error) {
	if w.ID == "" || w.Csmc == "" {
		return civ.ServiceSite{}, errors.New("site without id or csmc")
	}
	fail := func(err error) (civ.ServiceSite, error) {
		return civ.ServiceSite{}, fmt.Errorf("site %s: %w", w.ID, err)
	}
	typ, ok := siteTypes[w.Cslx]
	if !ok {
		return fail(fmt.Errorf("unknown cslx %q", w.Cslx))
	}
	if err := checkRegion(w.Xzqh); err != nil {
		return fail(err)
	}
	updated, err := parseTime(w.Gxsj)
	if err != nil {
		return fail(fmt.Errorf("gxsj: %w", err))
	}
	// jd is longitude and wd latitude, WGS-84 already: no conversion.
	loc, err := civ.ParseGeoPoint(w.Wd, w.Jd)
	if err != nil {
		return fail(fmt.Errorf("jd/wd: %w", err))
	}
	if w.Gm != nil && *w.Gm < 0 {
		return fail(fmt.Errorf("gm is negative (%d)", *w.Gm))
	}
	unit, err := civ.ParseCapacityUnit(w.Gmdw)
	if err != nil {
		return fail(fmt.Errorf("gmdw: %w", err))
	}
	conf, ok := confidences[w.Kxd]
	if !ok {
		return fail(fmt.Errorf("unknown kxd %q", w.Kxd))
	}
	fact, err := dateFromWire(w.Ssrq, w.Ssrqjqd, w.Ssrqms)
	if err != nil {
		return fail(fmt.Errorf("ssrq: %w", err))
	}
	return civ.ServiceSite{
		ID: w.ID, Province: civ.Hebei, Type: typ, Name: w.Csmc, Address: w.Dz, RegionCode: w.Xzqh,
		Location: loc, Capacity: w.Gm, Phone: w.Dh, OpeningHours: w.Kfsj, UpdatedAt: updated,
		Sample: w.Sfsl, Source: w.Sjly,
		TypeText: w.Lxms, CapacityApproximate: w.Gmsfgs, CapacityText: w.Gmms, CapacityUnit: unit,
		Provenance: civ.NewSiteProvenance(civ.SiteProvenance{Kind: w.Lyxz, FactDate: fact, Confidence: conf, Notes: w.Bz, Facts: w.Ssjl}),
	}, nil
}
