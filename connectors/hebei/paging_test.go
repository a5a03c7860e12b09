package hebei_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/hebei"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/connectors/sourcetest"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	samplehebei "github.com/civgraph/civgraph/internal/sampleapi/hebei"
)

// TestConformance runs the shared suite over the sample dataset and the
// generated fixture, with Hebei's own filter cases: every filter, applied
// by the upstream, selects exactly the rows civ.Filter's Match methods
// select.
func TestConformance(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	sourcetest.Run(t, sourcetest.Harness{
		Upstream: func(t *testing.T, ds *dataset.Dataset, wrap func(http.Handler) http.Handler) string {
			return sourcetest.Mount(t, "/hebei", wrap(samplehebei.New(ds, samplehebei.Options{})), nil)
		},
		Connect: func(url string, policy cache.Policy, opts ...kit.Option) (connectors.Source, error) {
			return sourcetest.Source(hebei.New(hebei.Config{BaseURL: url, AppKey: samplehebei.DemoAppKey, HTTP: fastRetries, Cache: policy}, opts...))
		},
		Fixture:    generated(),
		PageSize:   100,
		Credential: samplehebei.DemoAppKey,
		Same:       sourcetest.ExactPoints,
		SortParams: func(o connectors.Order) []string {
			col := map[connectors.OrderField]string{connectors.OrderName: "orderByColumn=csmc", connectors.OrderUpdatedAt: "orderByColumn=gxsj",
				connectors.OrderDistance: "orderByColumn=jl", connectors.OrderDue: "orderByColumn=wcqx", connectors.OrderDate: "orderByColumn="}[o.Field]
			return []string{col, map[bool]string{false: "isAsc=asc", true: "isAsc=desc"}[o.Desc]}
		},
		Filters: map[string]civ.Filter{
			"site id":            {ID: "HEB-SITE-0123"},
			"from only":          {From: day(2024, 9, 15)},
			"to only":            {To: day(2023, 12, 31)},
			"single day":         {From: day(2023, 6, 6), To: day(2023, 6, 6)},
			"elderly care":       {Domain: civ.DomainElderlyCare},
			"province region":    {RegionCode: "130000"},
			"prefecture region":  {RegionCode: "130400"},
			"other province":     {RegionCode: "310000"},
			"keyword mixed case": {Keyword: "Abc"},
			"keyword summary":    {Keyword: "摘要社会"},
			"origin":             {OriginID: "HEB-MTG-0003"},
			"hebei combined":     {Keyword: "服务点", SiteType: civ.SiteMealPoint, RegionCode: "130400"},
		},
	})
}
