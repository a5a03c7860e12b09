package civ

import "encoding/base64"

// The methods below give the schema's nullable and derived fields of the
// list types straight from the domain objects. gqlgen.yml binds those
// fields to them, and gqlgen calls a model method that takes no context
// inline, whereas a resolver runs in a goroutine of its own: for a page
// of 100 sites that was two goroutines per row, for fields that only
// read the row.

// GlobalID is the opaque global ID of kind's object localID in province
// p (see federation.DecodeID for its parsing).
func GlobalID(kind string, p ProvinceCode, localID string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(kind + ":" + string(p) + ":" + localID))
}

// nullable maps an empty string to null.
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// nonEmpty is v, or nil when *v is empty.
func nonEmpty[T ~string](v *T) *T {
	if *v == "" {
		return nil
	}
	return v
}

// GlobalID is the site's global ID.
func (s *ServiceSite) GlobalID() string { return GlobalID("ServiceSite", s.Province, s.ID) }

// ProvinceDetails is the province the site belongs to.
func (s *ServiceSite) ProvinceDetails() Province { p, _ := ProvinceInfo(s.Province); return p }

// NullableAddress is the address, null when unknown.
func (s *ServiceSite) NullableAddress() *string { return nullable(s.Address) }

// NullablePhone is the phone number, null when unknown.
func (s *ServiceSite) NullablePhone() *string { return nullable(s.Phone) }

// NullableOpeningHours are the opening hours, null when unknown.
func (s *ServiceSite) NullableOpeningHours() *string { return nullable(s.OpeningHours) }

// NullableSource is a real row's provenance, null for generated rows.
func (s *ServiceSite) NullableSource() *string { return nullable(s.Source) }

// NullableTypeText is the source's wording of the kind of site, null
// when it gives none.
func (s *ServiceSite) NullableTypeText() *string { return nullable(s.TypeText) }

// CapacityDetails is the capacity with its unit and wording, null when
// the source states none.
func (s *ServiceSite) CapacityDetails() *Capacity {
	if s.Capacity == nil {
		return nil
	}
	return &Capacity{Value: *s.Capacity, Unit: s.CapacityUnit, Approximate: s.CapacityApproximate, Text: s.CapacityText}
}

// NullableUnit is what the capacity counts, null when unknown.
func (c *Capacity) NullableUnit() *CapacityUnit { return nonEmpty(&c.Unit) }

// NullableText is the source's wording of the capacity, null when none.
func (c *Capacity) NullableText() *string { return nullable(c.Text) }

// NullableKind is what the source is, null when unrecorded.
func (p *SiteProvenance) NullableKind() *string { return nullable(p.Kind) }

// NullableFactDate is when the source's facts held; null when nothing at
// all is stated (generated rows, rows whose source gives no date) rather
// than an empty "unknown".
func (p *SiteProvenance) NullableFactDate() *FuzzyDate {
	if !p.FactDate.Known() && p.FactDate.Text == "" {
		return nil
	}
	return &p.FactDate
}

// NullableConfidence is the source's confidence, null for generated rows.
func (p *SiteProvenance) NullableConfidence() *Confidence { return nonEmpty(&p.Confidence) }

// NullableNotes are the collector's notes, null when none.
func (p *SiteProvenance) NullableNotes() *string { return nullable(p.Notes) }

// NullableFacts are the facts the source states, null when none.
func (p *SiteProvenance) NullableFacts() *string { return nullable(p.Facts) }

// GlobalID is the task's global ID.
func (t *Task) GlobalID() string { return GlobalID("Task", t.Province, t.ID) }

// ProvinceDetails is the province the task belongs to.
func (t *Task) ProvinceDetails() Province { p, _ := ProvinceInfo(t.Province); return p }

// NullableMetricEn is the target's metric in English, null when none.
func (t *Target) NullableMetricEn() *string { return nullable(t.MetricEn) }

// GlobalID is the meeting's global ID.
func (m *Meeting) GlobalID() string { return GlobalID("Meeting", m.Province, m.ID) }

// ProvinceDetails is the province the meeting belongs to.
func (m *Meeting) ProvinceDetails() Province { p, _ := ProvinceInfo(m.Province); return p }

// NullableOrganizer is who organized the meeting, null when unnamed.
func (m *Meeting) NullableOrganizer() *string { return nullable(m.Organizer) }

// NullableByline is the reporter, null when unnamed.
func (r *Report) NullableByline() *string { return nullable(r.Byline) }

// GlobalID is the document's global ID.
func (d *PolicyDocument) GlobalID() string { return GlobalID("PolicyDocument", d.Province, d.ID) }

// ProvinceDetails is the province that issued the document.
func (d *PolicyDocument) ProvinceDetails() Province { p, _ := ProvinceInfo(d.Province); return p }

// NullableShortTitle is the document's short title, null when none.
func (d *PolicyDocument) NullableShortTitle() *string { return nullable(d.ShortTitle) }

// GlobalID is the province's global ID.
func (p *Province) GlobalID() string { return GlobalID("Province", p.Code, string(p.Code)) }
