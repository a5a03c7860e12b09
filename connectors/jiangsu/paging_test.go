package jiangsu_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/jiangsu"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/connectors/sourcetest"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	samplejiangsu "github.com/civgraph/civgraph/internal/sampleapi/jiangsu"
)

// TestConformance runs the shared suite over the sample dataset and the
// fixture, with Jiangsu's own filter cases: the paged API applies them
// itself, the connector applies them to the bulk site file.
func TestConformance(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	sourcetest.Run(t, sourcetest.Harness{
		Upstream: func(t *testing.T, ds *dataset.Dataset, wrap func(http.Handler) http.Handler) string {
			return start(t, wrap(samplejiangsu.New(ds, samplejiangsu.Options{})))
		},
		Connect: func(url string, policy cache.Policy, opts ...kit.Option) (connectors.Source, error) {
			return sourcetest.Source(jiangsu.New(withPolicy(demoConfig(url), policy), opts...))
		},
		Fixture:    fixture(),
		PageSize:   100,
		Credential: samplejiangsu.DemoToken,
		Same:       same,
		Filters: map[string]civ.Filter{
			"from only":        {From: day(2025, 2, 1)},
			"to only":          {To: day(2023, 3, 31)},
			"cemeteries":       {SiteType: civ.SiteCemetery},
			"city region":      {RegionCode: "320100"},
			"jiangsu county":   {RegionCode: "321181"},
			"town region":      {RegionCode: "320412106"},
			"keyword quote":    {Keyword: "\"幸福\""},
			"origin":           {OriginID: "JS-MTG-0003"},
			"jiangsu combined": {Keyword: "社区", Domain: civ.DomainElderlyMeals, RegionCode: "320000"},
		},
	})
}
