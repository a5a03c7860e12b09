package gateway_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/gateway"
)

// responseCacheGateway serves a gateway whose sources keep answers for an
// hour; mutate adjusts the configuration first.
func responseCacheGateway(t *testing.T, mutate func(*config.Config)) (*gateway.Gateway, string) {
	t.Helper()
	cfg := config.Default()
	cfg.GraphQL.CursorSecret = "test cursor secret"
	for _, s := range []*config.SourceConfig{&cfg.Sources.Hebei.SourceConfig, &cfg.Sources.Hubei.SourceConfig, &cfg.Sources.Jiangsu.SourceConfig, &cfg.Sources.Shanghai.SourceConfig} {
		s.CacheTTL, s.CacheNegativeTTL, s.RetryMax = time.Hour, time.Hour, 0
	}
	if mutate != nil {
		mutate(&cfg)
	}
	gateway.UseSampleUpstreams(t, &cfg)
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	g, srv := serveGateway(t, cfg, nil)
	return g, srv.URL
}

const pageQuery = `query Page($n: Int) { serviceSites(first: $n) { totalCount edges { node { id name } } } }`

func TestResponseCacheServesRepeatsAndNamesThemCached(t *testing.T) {
	g, url := responseCacheGateway(t, nil)
	// The first answer loads the provinces' pages, moving their data
	// versions: it is not kept. The second, from unchanged data, is.
	post(t, url, pageQuery, map[string]any{"n": 5})
	first := post(t, url, pageQuery, map[string]any{"n": 5})
	again := post(t, url, pageQuery, map[string]any{"n": 5})
	if s := g.ResponseCacheStats(); s.Hits != 1 || s.Stores != 1 {
		t.Fatalf("response cache stats = %+v, want one store and one hit", s)
	}
	if string(first.Data) != string(again.Data) || len(again.Errors) > 0 {
		t.Fatalf("kept answer differs: %s vs %s (%v)", first.Data, again.Data, again.Errors)
	}
	for _, s := range again.Extensions["sources"].([]any) {
		if state := s.(map[string]any)["state"]; state != "CACHED" {
			t.Errorf("a kept answer's source is %v, want CACHED", state)
		}
	}
	post(t, url, pageQuery, map[string]any{"n": 6})
	if s := g.ResponseCacheStats(); s.Hits != 1 {
		t.Errorf("other variables served a kept answer: %+v", s)
	}
}

func TestResponseCacheForgetsPurgedProvince(t *testing.T) {
	g, url := responseCacheGateway(t, nil)
	post(t, url, pageQuery, map[string]any{"n": 5})
	post(t, url, pageQuery, map[string]any{"n": 5}) // kept
	if _, err := g.PurgeCache(context.Background(), civ.Hubei); err != nil {
		t.Fatal(err)
	}
	post(t, url, pageQuery, map[string]any{"n": 5})
	if s := g.ResponseCacheStats(); s.Hits != 0 || s.Stores != 1 {
		t.Errorf("stats = %+v: an answer built from purged data was served", s)
	}
	// A province the answer did not use leaves it valid.
	hebeiOnly := `{ serviceSites(first: 3, filter: {provinces: [HEBEI]}) { totalCount } }`
	post(t, url, hebeiOnly, nil)
	post(t, url, hebeiOnly, nil) // kept (if not already)
	hits := g.ResponseCacheStats().Hits
	if _, err := g.PurgeCache(context.Background(), civ.Shanghai); err != nil {
		t.Fatal(err)
	}
	post(t, url, hebeiOnly, nil)
	if s := g.ResponseCacheStats(); s.Hits != hits+1 {
		t.Errorf("stats = %+v: purging Shanghai dropped a Hebei-only answer", s)
	}
}

func TestResponseCacheNeverKeepsPartialAnswers(t *testing.T) {
	failing, calls := countingServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	}))
	g, url := responseCacheGateway(t, func(cfg *config.Config) { pointAtSamples(t, cfg, civ.Hubei, failing.URL) })
	for range 2 {
		resp := post(t, url, pageQuery, map[string]any{"n": 5})
		if len(resp.Errors) == 0 || len(resp.Data) == 0 {
			t.Fatalf("want a partial answer, got %s %v", resp.Data, resp.Errors)
		}
	}
	if s := g.ResponseCacheStats(); s.Stores != 0 || s.Hits != 0 {
		t.Errorf("stats = %+v: a partial answer was kept", s)
	}
	if calls.Load() < 2 {
		t.Errorf("the failing province was asked %d times: the second request did not execute", calls.Load())
	}
}

func TestResponseCacheSkipsVolatileAndUncachedData(t *testing.T) {
	g, url := responseCacheGateway(t, func(cfg *config.Config) { cfg.Sources.Jiangsu.CacheTTL = 0 })
	for range 2 {
		post(t, url, `{ sources { province status } serviceSites(first: 2, filter: {provinces: [HEBEI]}) { totalCount } }`, nil)
		post(t, url, `{ serviceSites(first: 2, filter: {provinces: [JIANGSU]}) { totalCount } }`, nil)
		post(t, url, `fragment S on Query { sources { status } } { ...S }`, nil)
	}
	if s := g.ResponseCacheStats(); s.Stores != 0 || s.Hits != 0 {
		t.Errorf("stats = %+v: kept the sources' live health or a province with cache_ttl 0", s)
	}
}

func TestResponseCacheOff(t *testing.T) {
	g, url := responseCacheGateway(t, func(cfg *config.Config) { cfg.ResponseCache.MaxBytes = 0 })
	for range 2 {
		if resp := post(t, url, pageQuery, map[string]any{"n": 2}); len(resp.Errors) > 0 || !strings.Contains(string(resp.Data), "totalCount") {
			t.Fatalf("answer: %s %v", resp.Data, resp.Errors)
		}
	}
	if s := g.ResponseCacheStats(); s != (g.ResponseCacheStats()) || s.Stores != 0 {
		t.Errorf("stats with the cache off = %+v", s)
	}
}

// An answer resting on a cached "nothing found" lives no longer than the
// negative TTL, however long the province's cache_ttl.
func TestResponseCacheKeepsNothingFoundOnlyForTheNegativeTTL(t *testing.T) {
	const negative = 500 * time.Millisecond
	g, url := responseCacheGateway(t, func(cfg *config.Config) { cfg.Sources.Hebei.CacheNegativeTTL = negative })
	nothing := `{ serviceSites(first: 5, filter: {provinces: [HEBEI], keyword: "没有这样的场所zzz"}) { totalCount } }`
	ask := func() {
		if resp := post(t, url, nothing, nil); len(resp.Errors) > 0 || !strings.Contains(string(resp.Data), `"totalCount":0`) {
			t.Fatalf("answer: %s %v", resp.Data, resp.Errors)
		}
	}
	start := time.Now()
	ask() // loads: not kept
	ask() // from the negative entry: kept, for what is left of its negative TTL
	if time.Since(start) > negative/2 {
		t.Skip("the machine is too slow to ask twice within the negative TTL")
	}
	if s := g.ResponseCacheStats(); s.Stores != 1 {
		t.Fatalf("stats = %+v, want the second answer kept", s)
	}
	time.Sleep(negative + 100*time.Millisecond)
	ask()
	if s := g.ResponseCacheStats(); s.Hits != 0 {
		t.Errorf("stats = %+v: a nothing-found answer outlived its negative TTL", s)
	}
}

// TestResponseCacheKeepsPersistedQueriesByHash: a front end sending only
// the APQ hash of a registered query is served the kept answer too.
func TestResponseCacheKeepsPersistedQueriesByHash(t *testing.T) {
	g, url := responseCacheGateway(t, nil)
	sum := sha256.Sum256([]byte(pageQuery))
	ext := `"extensions":{"persistedQuery":{"version":1,"sha256Hash":"` + hex.EncodeToString(sum[:]) + `"}}`
	postBody := func(body string) string {
		t.Helper()
		resp, err := http.Post(url+"/graphql", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK || strings.Contains(string(out), `"errors"`) {
			t.Fatalf("%s: %d %s", body, resp.StatusCode, out)
		}
		return string(out)
	}
	queryJSON, _ := json.Marshal(pageQuery)
	postBody(`{"query":` + string(queryJSON) + `,"variables":{"n":3},` + ext + `}`) // registers it, loads the pages
	first := postBody(`{"variables":{"n":3},` + ext + `}`)
	again := postBody(`{"variables":{"n":3},` + ext + `}`)
	if s := g.ResponseCacheStats(); s.Hits != 1 || s.Stores != 1 {
		t.Fatalf("response cache stats = %+v, want one store and one hit", s)
	}
	if strings.ReplaceAll(first, `"state":"FRESH"`, `"state":"CACHED"`) != again {
		t.Errorf("kept answer differs:\n%s\n%s", first, again)
	}
	postBody(`{"variables":{"n":4},` + ext + `}`)
	if s := g.ResponseCacheStats(); s.Hits != 1 {
		t.Errorf("other variables served a kept answer: %+v", s)
	}
}
