package hubei_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/hubei"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/connectors/sourcetest"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	samplehubei "github.com/civgraph/civgraph/internal/sampleapi/hubei"
)

// TestConformance runs the shared suite over the sample dataset and the
// fixture, with Hubei's own filter cases, each pushed down to the gateway.
func TestConformance(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	sourcetest.Run(t, sourcetest.Harness{
		Upstream: func(t *testing.T, ds *dataset.Dataset, wrap func(http.Handler) http.Handler) string {
			return start(t, wrap(samplehubei.New(ds, samplehubei.Options{})))
		},
		Connect: func(url string, policy cache.Policy, opts ...kit.Option) (connectors.Source, error) {
			return sourcetest.Source(hubei.New(hubei.Config{BaseURL: url, PaasID: samplehubei.DemoPaasID, Token: samplehubei.DemoToken, HTTP: fastRetries, Cache: policy}, opts...))
		},
		Fixture:    fixture(),
		PageSize:   100,
		Credential: samplehubei.DemoToken,
		Same:       same,
		SortParams: func(o connectors.Order) []string {
			field := map[connectors.OrderField]string{connectors.OrderName: `"sortField":"siteName"`, connectors.OrderUpdatedAt: `"sortField":"updateTime"`,
				connectors.OrderDistance: `"sortField":"distance"`, connectors.OrderDue: `"sortField":"deadline"`, connectors.OrderDate: `"sortField":"`}[o.Field]
			return []string{field, map[bool]string{false: `"sortOrder":"ASC"`, true: `"sortOrder":"DESC"`}[o.Desc]}
		},
		Filters: map[string]civ.Filter{
			"task id":        {ID: "HUB-TASK-0017"},
			"site id":        {ID: "HUB-SITE-0123"},
			"from only":      {From: day(2025, 2, 1)},
			"to only":        {To: day(2023, 1, 31)},
			"city":           {RegionCode: "420100"},
			"county":         {RegionCode: "420102"},
			"province":       {RegionCode: "420000"},
			"other region":   {RegionCode: "130000"},
			"origin":         {OriginID: "HUB-MTG-0003"},
			"hubei combined": {Keyword: "社区", RegionCode: "420100", Domain: civ.DomainElderlyMeals},
		},
	})
}
