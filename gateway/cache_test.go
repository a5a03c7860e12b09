package gateway_test

import (
	"encoding/json"
	"net/http"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/federation"
	"github.com/civgraph/civgraph/internal/embedded"
	"github.com/civgraph/civgraph/internal/sampleapi"
)

// startUpstreams runs the four sample upstreams apart from any gateway,
// so a test can stop them while gateways come and go, and returns a
// configuration pointing every province at them with its demo
// credentials.
func startUpstreams(t testing.TB) (*sampleapi.Server, config.Config) {
	t.Helper()
	cfg := config.Default()
	cfg.GraphQL.CursorSecret = "test cursor secret"
	up, err := embedded.Start(&cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = up.Close() })
	for _, sc := range []*config.SourceConfig{&cfg.Sources.Hebei.SourceConfig, &cfg.Sources.Hubei.SourceConfig,
		&cfg.Sources.Jiangsu.SourceConfig, &cfg.Sources.Shanghai.SourceConfig} {
		sc.RetryMax = 1
		sc.RetryWaitMin, sc.RetryWaitMax = time.Millisecond, time.Millisecond
	}
	return up, cfg
}

// countHubeiCalls puts a counting proxy between cfg's Hubei connector and
// up, and returns the count of requests that reach the upstream.
func countHubeiCalls(t *testing.T, up *sampleapi.Server, cfg *config.Config) *atomic.Int64 {
	t.Helper()
	target, _ := url.Parse(up.URL)
	counting, calls := countingServer(t, httputil.NewSingleHostReverseProxy(target))
	cfg.Sources.Hubei.BaseURL = counting.URL + "/hubei"
	return calls
}

func sourceStates(t *testing.T, r gqlResponse) map[string]string {
	t.Helper()
	states := map[string]string{}
	list, _ := r.Extensions["sources"].([]any)
	for _, s := range list {
		m := s.(map[string]any)
		states[m["province"].(string)], _ = m["state"].(string)
	}
	return states
}

const diskMeetingsQuery = `{ meetings { totalCount edges { node { id title date { text } } } } }`

// TestRestartDuringOutageAnswersFromDisk: gateway A warms its cache file
// and stops; the upstreams go down; gateway B, opening the same file,
// answers within its first second with A's data, flagged STALE.
func TestRestartDuringOutageAnswersFromDisk(t *testing.T) {
	up, cfg := startUpstreams(t)
	cfg.Cache.DiskPath = filepath.Join(t.TempDir(), "cache.db")
	for _, sc := range []*config.SourceConfig{&cfg.Sources.Hebei.SourceConfig, &cfg.Sources.Hubei.SourceConfig,
		&cfg.Sources.Jiangsu.SourceConfig, &cfg.Sources.Shanghai.SourceConfig} {
		sc.CacheTTL = 50 * time.Millisecond
	}

	a, srvA := serveGateway(t, cfg, nil)
	warm := post(t, srvA.URL, diskMeetingsQuery, nil)
	// Answers reach the disk when they are asked for again (within the TTL).
	if again := post(t, srvA.URL, diskMeetingsQuery, nil); string(again.Data) != string(warm.Data) {
		t.Fatalf("second answer differs: %s", again.Data)
	}
	if len(warm.Errors) > 0 || len(warm.Data) < 100 {
		t.Fatalf("warming: %s %v", warm.Data, warm.Errors)
	}
	srvA.Close()
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if err := up.Close(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(60 * time.Millisecond) // A's answers are now older than their TTL

	start := time.Now()
	_, srvB := serveGateway(t, cfg, nil)
	got := post(t, srvB.URL, diskMeetingsQuery, nil)
	took := time.Since(start)
	if took > time.Second {
		t.Errorf("gateway B took %s to answer, want under 1s", took)
	}
	if len(got.Errors) > 0 || string(got.Data) != string(warm.Data) {
		t.Fatalf("gateway B answered %s %v; want A's data %s", got.Data, got.Errors, warm.Data)
	}
	for _, p := range []string{"HEBEI", "HUBEI", "JIANGSU", "SHANGHAI"} {
		if s := sourceStates(t, got)[p]; s != "STALE" {
			t.Errorf("%s is %q in extensions.sources, want STALE", p, s)
		}
	}
	t.Logf("restarted gateway answered from its cache file in %s", took)
}

// TestAdminPurge: the purge endpoint exists only with a token, refuses
// a wrong one, and drops one province's entries so its next answer is
// fetched afresh while the others stay cached.
func TestAdminPurge(t *testing.T) {
	_, cfg := startUpstreams(t)
	const token = "0123456789abcdef-admin"
	cfg.Cache.AdminToken = token
	g, srv := serveGateway(t, cfg, nil)
	if s := sourceStates(t, post(t, srv.URL, diskMeetingsQuery, nil)); s["HUBEI"] != "FRESH" {
		t.Fatalf("first answer: %v", s)
	}
	if n := g.CacheStats()[civ.Hubei].Entries; n == 0 {
		t.Fatalf("nothing cached for HUBEI: %+v", g.CacheStats())
	}
	purge := func(province, auth string) (int, map[string]any) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/admin/cache/purge?province="+province, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&body)
		return resp.StatusCode, body
	}
	for _, auth := range []string{"", "Bearer wrong", "Bearer " + token + "x", token} {
		if code, _ := purge("HUBEI", auth); code != http.StatusUnauthorized {
			t.Errorf("purge with Authorization %q: HTTP %d, want 401", auth, code)
		}
	}
	if code, _ := purge("TIBET", "Bearer "+token); code != http.StatusBadRequest {
		t.Errorf("purge of an unknown province: HTTP %d, want 400", code)
	}
	code, body := purge("hubei", "Bearer "+token)
	if code != http.StatusOK || body["province"] != "HUBEI" || body["purged"].(float64) < 1 {
		t.Fatalf("purge: HTTP %d %v", code, body)
	}
	if n := g.CacheStats()[civ.Hubei].Entries; n != 0 {
		t.Fatalf("%d HUBEI entries left after the purge", n)
	}
	states := sourceStates(t, post(t, srv.URL, diskMeetingsQuery, nil))
	if states["HUBEI"] != "FRESH" || states["HEBEI"] != "CACHED" {
		t.Fatalf("after purging HUBEI: %v; want HUBEI fetched afresh, HEBEI still cached", states)
	}

	// Without a token the endpoint does not exist.
	cfg.Cache.AdminToken = ""
	_, off := serveGateway(t, cfg, nil)
	resp, err := http.Post(off.URL+"/admin/cache/purge?province=HUBEI", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("purge without a configured token: HTTP %d, want 404", resp.StatusCode)
	}
}

// TestLongKeywordsKeepTheCacheBounded sends queries with distinct
// keywords of the longest length allowed (about 300 bytes) and checks the cache's keys stay bounded and its bytes within
// the limit.
func TestLongKeywordsKeepTheCacheBounded(t *testing.T) {
	_, cfg := startUpstreams(t)
	cfg.Cache.MaxBytes = 1 << 20
	g, srv := serveGateway(t, cfg, nil)
	const q = `query($k: String) { meetings(filter: {keyword: $k}) { totalCount } }`
	for i := range 60 {
		kw := strings.Repeat("民政", 49) + strconv.Itoa(i%10) + strconv.Itoa(i/10) // 100 characters, 296 bytes, distinct
		if r := post(t, srv.URL, q, map[string]any{"k": kw}); len(r.Errors) > 0 {
			t.Fatalf("query %d: %v", i, r.Errors)
		}
	}
	var total int64
	var entries int
	for p, s := range g.CacheStats() {
		total += s.Bytes
		entries += s.Entries
		// Each bounded key is at most 257 bytes; each empty page is small.
		if s.Entries > 0 && s.Bytes/int64(s.Entries) > 1024 {
			t.Errorf("%s: %d bytes in %d entries: keys are not bounded", p, s.Bytes, s.Entries)
		}
	}
	if total > cfg.Cache.MaxBytes || entries < 60 {
		t.Fatalf("%d bytes in %d entries; want at most %d bytes and at least one entry per query", total, entries, cfg.Cache.MaxBytes)
	}
}

// TestStaleWhileRevalidateHitsTheUpstreamOnce: an answer past its refresh
// point but within its TTL is served at once to every caller, while
// exactly one background request reaches the upstream.
func TestStaleWhileRevalidateHitsTheUpstreamOnce(t *testing.T) {
	up, cfg := startUpstreams(t)
	hubeiCalls := countHubeiCalls(t, up, &cfg)
	cfg.Sources.Hubei.CacheTTL = 2 * time.Second
	cfg.Cache.RefreshPercent = 50 // refresh from 1s of age
	_, srv := serveGateway(t, cfg, nil)
	const q = `{ meetings(filter: {provinces: [HUBEI]}) { totalCount } }`
	if s := sourceStates(t, post(t, srv.URL, q, nil)); s["HUBEI"] != "FRESH" {
		t.Fatalf("first answer: %v", s)
	}
	warm := hubeiCalls.Load()
	time.Sleep(1100 * time.Millisecond) // past the refresh point, within the TTL
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if s := sourceStates(t, post(t, srv.URL, q, nil)); s["HUBEI"] != "CACHED" {
				t.Errorf("during the refresh HUBEI was %q, want CACHED", s["HUBEI"])
			}
		})
	}
	wg.Wait()
	deadline := time.Now().Add(5 * time.Second)
	for hubeiCalls.Load() == warm && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // room for a second refresh, which must not come
	if n := hubeiCalls.Load() - warm; n != 1 {
		t.Fatalf("%d upstream requests after the refresh point, want exactly 1 background refresh", n)
	}
}

// TestNotFoundIsCachedBriefly: a node(id:) naming no record reaches the
// upstream once, is answered from the cache while the negative TTL lasts,
// and is asked again after it.
func TestNotFoundIsCachedBriefly(t *testing.T) {
	up, cfg := startUpstreams(t)
	calls := countHubeiCalls(t, up, &cfg)
	cfg.Sources.Hubei.CacheNegativeTTL = 300 * time.Millisecond
	g, srv := serveGateway(t, cfg, nil)
	q := `query($id: ID!) { node(id: $id) { id } }`
	vars := map[string]any{"id": federation.EncodeID(federation.KindMeeting, civ.Hubei, "no-such-meeting")}
	ask := func() {
		t.Helper()
		r := post(t, srv.URL, q, vars)
		if len(r.Errors) > 0 || string(r.Data) != `{"node":null}` {
			t.Fatalf("got %s %v, want node null", r.Data, r.Errors)
		}
	}
	ask()
	ask()
	if n := calls.Load(); n != 1 || g.CacheStats()[civ.Hubei].NegativeHits != 1 {
		t.Fatalf("%d upstream calls, stats %+v; want 1 call and 1 negative hit", n, g.CacheStats()[civ.Hubei])
	}
	time.Sleep(350 * time.Millisecond)
	ask()
	if n := calls.Load(); n != 2 {
		t.Fatalf("%d upstream calls after the negative TTL, want 2", n)
	}
}
