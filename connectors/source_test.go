package connectors_test

import (
	"slices"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
)

func TestFieldsOf(t *testing.T) {
	if got := connectors.FieldsOf(civ.Filter{}); len(got) != 0 {
		t.Fatalf("an empty filter sets %v", got)
	}
	all := civ.Filter{ID: "x", From: time.Unix(0, 1), To: time.Unix(0, 1), Domain: civ.DomainElderlyMeals,
		SiteType: civ.SiteMealPoint, RegionCode: "310000", Keyword: "k", OriginID: "o", IDs: []string{"x"}, OriginIDs: []string{"o"}, Sample: new(bool),
		Domains: []civ.Domain{civ.DomainElderlyMeals}, SiteTypes: []civ.SiteType{civ.SiteMealPoint}, RegionCodes: []string{"310000"},
		TargetDueFrom: &time.Time{}, TargetDueTo: &time.Time{}, TargetMetric: "m", IncludeUndated: true,
		Near: &civ.GeoCircle{RadiusKm: 1}, Box: &civ.GeoBox{}}
	if got := connectors.FieldsOf(all); !slices.Equal(got, connectors.AllFilterFields()) {
		t.Fatalf("FieldsOf(every field) = %v, want %v", got, connectors.AllFilterFields())
	}
	got := connectors.FieldsOf(civ.Filter{Keyword: "社区", To: time.Unix(0, 1)})
	if !slices.Equal(got, connectors.Fields{connectors.FilterTo, connectors.FilterKeyword}) || !got.Has(connectors.FilterKeyword) || got.Has(connectors.FilterID) {
		t.Fatalf("FieldsOf(keyword, to) = %v", got)
	}
	caps := connectors.PushesEverywhere(connectors.Fields{connectors.FilterID})
	for _, fs := range []connectors.Fields{caps.Meetings, caps.PolicyDocuments, caps.Tasks, caps.ServiceSites} {
		if !fs.Has(connectors.FilterID) || fs.Has(connectors.FilterKeyword) {
			t.Fatalf("PushesEverywhere: %v", fs)
		}
	}
}
