package shanghai_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/connectors/shanghai"
	"github.com/civgraph/civgraph/connectors/sourcetest"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	sampleshanghai "github.com/civgraph/civgraph/internal/sampleapi/shanghai"
)

// TestConformance runs the shared suite over the sample dataset and the
// generated fixture, with Shanghai's own filter cases: every filter,
// applied by the platform, selects exactly the rows civ.Filter's Match
// methods select, with locations converted from GCJ-02 within a metre.
func TestConformance(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	sourcetest.Run(t, sourcetest.Harness{
		Upstream: func(t *testing.T, ds *dataset.Dataset, wrap func(http.Handler) http.Handler) string {
			return sourcetest.Mount(t, "/shanghai", wrap(sampleshanghai.New(ds, sampleshanghai.Options{})), nil)
		},
		Connect: func(url string, policy cache.Policy, opts ...kit.Option) (connectors.Source, error) {
			return sourcetest.Source(shanghai.New(shanghai.Config{BaseURL: url, Token: sampleshanghai.DemoToken, HTTP: fastRetries, Cache: policy}, opts...))
		},
		Fixture:    generated(),
		PageSize:   100,
		Credential: sampleshanghai.DemoToken,
		Same:       sourcetest.WithinAMetre,
		SortParams: func(o connectors.Order) []string {
			field := map[connectors.OrderField]string{connectors.OrderName: `"orderBy":"orgName"`, connectors.OrderUpdatedAt: `"orderBy":"updateTime"`,
				connectors.OrderDistance: `"orderBy":"distance"`, connectors.OrderDue: `"orderBy":"deadline"`, connectors.OrderDate: `"orderBy":"`}[o.Field]
			return []string{field, map[bool]string{false: `"orderType":"asc"`, true: `"orderType":"desc"`}[o.Desc]}
		},
		Filters: map[string]civ.Filter{
			"site id":            {ID: "SH-SITE-0123"},
			"task id":            {ID: "SH-TASK-0042"},
			"from only":          {From: day(2024, 9, 15)},
			"to only":            {To: day(2023, 12, 31)},
			"single day":         {From: day(2023, 6, 6), To: day(2023, 6, 6)},
			"elderly care":       {Domain: civ.DomainElderlyCare},
			"meal points":        {SiteType: civ.SiteMealPoint},
			"province region":    {RegionCode: "310000"},
			"district region":    {RegionCode: "310115"},
			"town region":        {RegionCode: "310101002"},
			"other province":     {RegionCode: "130000"},
			"keyword mixed case": {Keyword: "Abc"},
			"keyword summary":    {Keyword: "摘要社会"},
			"origin":             {OriginID: "SH-MTG-0003"},
			"shanghai combined":  {Keyword: "服务点", SiteType: civ.SiteMealPoint, RegionCode: "310100"},
		},
	})
}
