package gateway_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/internal/sampleapi"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	samplejiangsu "github.com/civgraph/civgraph/internal/sampleapi/jiangsu"
)

// TestJiangsuBulkFileOncePerRequest: one GraphQL request with several
// lists of Jiangsu's sites (a page, its total, its sample count, a count
// by region) downloads the bulk file once, and later requests within the
// TTL not at all; a file over sources.jiangsu.bulk_max_bytes is one
// download and SOURCE_BAD_RESPONSE naming the key, not SOURCE_UNAVAILABLE.
func TestJiangsuBulkFileOncePerRequest(t *testing.T) {
	ds, err := dataset.Load(dataset.Options{SampleSitesPerProvince: 4000}) // a file of about 2 MB
	if err != nil {
		t.Fatal(err)
	}
	const query = `{
		a: serviceSites(first: 5, filter: {provinces: [JIANGSU]}) { totalCount sampleCount edges { node { id } } }
		b: serviceSites(first: 0, filter: {provinces: [JIANGSU], regionCodes: ["320100"]}) { totalCount }
	}`
	for _, c := range []struct {
		name     string
		maxBytes int64
		wantCode string
	}{
		{"within the limit", config.DefaultJiangsuBulkMaxBytes, ""},
		{"over the limit", 1 << 20, "SOURCE_BAD_RESPONSE"},
	} {
		t.Run(c.name, func(t *testing.T) {
			portal := http.StripPrefix(sampleapi.Prefix[civ.Jiangsu], samplejiangsu.New(ds, samplejiangsu.Options{}))
			up, calls := countingServer(t, portal)
			srv := startGateway(t, func(cfg *config.Config) {
				pointAtSamples(t, cfg, civ.Jiangsu, up.URL)
				cfg.Sources.Jiangsu.BulkMaxBytes = c.maxBytes
			})
			for range 3 {
				resp := post(t, srv.URL, query, nil)
				var codes []string
				for _, e := range resp.Errors {
					ext, _ := e["extensions"].(map[string]any)
					codes = append(codes, fmt.Sprint(ext["code"]))
					if c.wantCode != "" && !strings.Contains(fmt.Sprint(e["message"]), "sources.jiangsu.bulk_max_bytes") {
						t.Errorf("message %q does not name the config key", e["message"])
					}
				}
				if c.wantCode == "" && len(codes) > 0 || c.wantCode != "" && (len(codes) == 0 || strings.Count(strings.Join(codes, ","), c.wantCode) != len(codes)) {
					t.Fatalf("error codes %v, want only %q", codes, c.wantCode)
				}
			}
			if got := calls.Load(); got != 1 {
				t.Fatalf("%d requests to the Jiangsu portal for three GraphQL requests, want 1", got)
			}
		})
	}
}
