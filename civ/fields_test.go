package civ

import (
	"encoding/base64"
	"testing"
)

// The schema-facing accessors: empty means null, a global ID is
// kind:province:local in unpadded URL base64.
func TestSchemaFieldAccessors(t *testing.T) {
	s := ServiceSite{ID: "s-1", Province: Hebei, Address: "石家庄市", Capacity: new(int), CapacityUnit: UnitBeds, CapacityText: "80 张床位"}
	*s.Capacity = 80
	if raw, _ := base64.RawURLEncoding.DecodeString(s.GlobalID()); string(raw) != "ServiceSite:HEBEI:s-1" {
		t.Errorf("GlobalID decodes to %q", raw)
	}
	if a := s.NullableAddress(); a == nil || *a != "石家庄市" {
		t.Errorf("NullableAddress = %v", a)
	}
	if s.NullablePhone() != nil || s.NullableSource() != nil || s.NullableTypeText() != nil || s.NullableOpeningHours() != nil {
		t.Error("an empty string is not null")
	}
	if p := s.ProvinceDetails(); p.Code != Hebei {
		t.Errorf("ProvinceDetails = %+v", p)
	}
	c := s.CapacityDetails()
	if c == nil || c.Value != 80 || c.NullableUnit() == nil || *c.NullableUnit() != UnitBeds || *c.NullableText() != "80 张床位" {
		t.Errorf("CapacityDetails = %+v", c)
	}
	if (&ServiceSite{}).CapacityDetails() != nil || (&Capacity{}).NullableUnit() != nil {
		t.Error("no capacity is not null")
	}
	var p SiteProvenance
	if p.NullableFactDate() != nil || p.NullableConfidence() != nil || p.NullableKind() != nil {
		t.Error("an empty provenance is not all null")
	}
	p.FactDate.Text = "2024年"
	if p.NullableFactDate() == nil {
		t.Error("a stated but unparsed date is null")
	}
}
