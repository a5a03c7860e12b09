package gateway_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/gateway"
	"github.com/civgraph/civgraph/internal/sampleapi"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	"github.com/civgraph/civgraph/internal/sampleapi/faults"
	samplejiangsu "github.com/civgraph/civgraph/internal/sampleapi/jiangsu"
	"github.com/civgraph/civgraph/metrics"
	"github.com/civgraph/civgraph/metrics/metricstest"
	"github.com/civgraph/civgraph/server"
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

// TestReadyzWhileJiangsuLoadsItsBulkFile: while Jiangsu's first download
// and index of its bulk file runs (a slow sample portal over loopback),
// a sites request ends SOURCE_TIMEOUT and /readyz says why: Jiangsu
// LOADING with a reason, unable to serve, the gateway ready since the
// other provinces answer; once the snapshot is published, Jiangsu is up.
func TestReadyzWhileJiangsuLoadsItsBulkFile(t *testing.T) {
	ds, err := dataset.Load(dataset.Options{SampleSitesPerProvince: 200})
	if err != nil {
		t.Fatal(err)
	}
	in := sampleapi.NewInjector(1)
	if err := in.Set(sampleapi.Name(civ.Jiangsu), faults.Profile{Latency: faults.Latency{Base: faults.Duration(time.Second)}}); err != nil {
		t.Fatal(err)
	}
	up := httptest.NewServer(sampleapi.NewHandler(ds, sampleapi.WithFaults(in, "")))
	t.Cleanup(up.Close)
	cfg := config.Default()
	cfg.GraphQL.CursorSecret = "test cursor secret"
	cfg.Metrics.Token = metricsToken
	for _, p := range civ.AllProvinces {
		pointAtSamples(t, &cfg, p, up.URL)
	}
	cfg.GraphQL.SourceDeadline = 200 * time.Millisecond
	reg := metrics.New(cfg.Metrics.MaxOperations)
	_, srv := serveWith(t, cfg, nil, []gateway.Option{gateway.WithMetrics(reg)}, []server.Option{server.WithMetrics(reg)})
	// The metric says what /readyz says.
	canServe := func() float64 {
		t.Helper()
		v, ok := metricstest.Scrape(t, srv.URL+"/metrics", metricsToken).Value("civgraph_province_can_serve", map[string]string{"province": "JIANGSU"})
		if !ok {
			t.Fatal("no civgraph_province_can_serve for Jiangsu")
		}
		return v
	}
	jiangsu := func(r readiness) readinessLine {
		for _, l := range r.Provinces {
			if l.Province == "JIANGSU" {
				return l
			}
		}
		t.Fatalf("no Jiangsu line in %+v", r)
		return readinessLine{}
	}
	if code, r := readyz(t, srv.URL); code != http.StatusOK || len(r.CannotServe) != 0 || jiangsu(r).Status != "UP" {
		t.Fatalf("/readyz before any request: %d %+v", code, r)
	}

	const sites = `{ serviceSites(first: 5, filter: {provinces: [JIANGSU]}) { totalCount } }`
	resp := post(t, srv.URL, sites, nil)
	if len(resp.Errors) != 1 || extension(resp.Errors[0], "code") != "SOURCE_TIMEOUT" ||
		!strings.Contains(fmt.Sprint(resp.Errors[0]["message"]), "still being downloaded") {
		t.Fatalf("sites during the first load: %v, want SOURCE_TIMEOUT saying the file is still loading", resp.Errors)
	}
	code, r := readyz(t, srv.URL)
	if l := jiangsu(r); code != http.StatusOK || r.Status != "ready" || l.Status != "LOADING" || l.CanServe ||
		!strings.Contains(l.Reason, "bulk site file") || strings.Join(r.CannotServe, ",") != "JIANGSU" {
		t.Fatalf("/readyz during the first load: %d %+v, want ready, Jiangsu LOADING with a reason and unable to serve", code, r)
	}
	if v := canServe(); v != 0 {
		t.Errorf("civgraph_province_can_serve{province=JIANGSU} = %v during the first load, want 0", v)
	}
	for _, l := range r.Provinces {
		if l.Province != "JIANGSU" && (!l.CanServe || l.Reason != "") {
			t.Errorf("%s during Jiangsu's load: %+v, want able to serve", l.Province, l)
		}
	}

	deadline := time.Now().Add(10 * time.Second)
	for code, r = readyz(t, srv.URL); jiangsu(r).Status == "LOADING"; code, r = readyz(t, srv.URL) {
		if time.Now().After(deadline) {
			t.Fatalf("Jiangsu still LOADING after 10 s: %+v", r)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if l := jiangsu(r); code != http.StatusOK || len(r.CannotServe) != 0 || l.Status != "UP" || !l.CanServe || l.Reason != "" {
		t.Fatalf("/readyz after the first load: %d %+v", code, r)
	}
	if v := canServe(); v != 1 {
		t.Errorf("civgraph_province_can_serve{province=JIANGSU} = %v after the first load, want 1", v)
	}
	if resp := post(t, srv.URL, sites, nil); len(resp.Errors) != 0 {
		t.Fatalf("sites after the first load: %v", resp.Errors)
	}
}
