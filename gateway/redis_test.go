package gateway_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/gateway"
	"github.com/civgraph/civgraph/internal/redistest"
	"github.com/civgraph/civgraph/internal/sampleapi"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	"github.com/civgraph/civgraph/internal/sampleapi/faults"
)

// The replicas below are whole gateways over loopback HTTP, sharing one
// real redis-server and one set of sample upstreams whose fault injector
// counts every request that reaches them.

// countedUpstreams starts the sample upstreams behind a request-counting
// injector and returns a configuration pointing every province at them.
func countedUpstreams(t testing.TB) (*faults.Injector, config.Config) {
	t.Helper()
	ds, err := dataset.Load(dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	in := sampleapi.NewInjector(1)
	up, err := sampleapi.Start("127.0.0.1:0", ds, sampleapi.WithFaults(in, ""))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = up.Close() })
	cfg := config.Default()
	for _, p := range civ.AllProvinces {
		pointAtSamples(t, &cfg, p, up.URL)
	}
	return in, cfg
}

// requestsSeen is the number of requests the sample upstreams have seen.
func requestsSeen(in *faults.Injector) int64 {
	var n int64
	for _, c := range in.Counters() {
		n += c.Requests
	}
	return n
}

// shareRedis makes cfg a replica sharing srv: cache, persisted queries,
// rate limits and, with no cursor_secret set, the cursor key.
func shareRedis(cfg config.Config, srv *redistest.Server) config.Config {
	cfg.Cache.Backend = config.CacheBackendRedis
	cfg.Redis.URL = srv.URL()
	cfg.Redis.RetryInterval = 200 * time.Millisecond
	// Generous under the race detector on a busy machine: these tests are
	// about sharing; Redis going away is tested by killing it.
	cfg.Redis.Timeout = 2 * time.Second
	cfg.GraphQL.CursorSecret = ""
	return cfg
}

func replicas(t testing.TB, cfg config.Config, n int) []*httptest.Server {
	t.Helper()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	out := make([]*httptest.Server, n)
	for i := range out {
		_, out[i] = serveGateway(t, cfg, nil)
	}
	return out
}

// send posts a GraphQL request and reports what came back, for use off
// the test's goroutine.
func send(url string, body map[string]any) (int, gqlResponse, error) {
	raw, _ := json.Marshal(body)
	resp, err := http.Post(url+"/graphql", "application/json", bytes.NewReader(raw))
	if err != nil {
		return 0, gqlResponse{}, err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var out gqlResponse
	if err := json.Unmarshal(data, &out); err != nil {
		return resp.StatusCode, out, fmt.Errorf("status %d, body %s: %w", resp.StatusCode, data, err)
	}
	return resp.StatusCode, out, nil
}

const sharedMeetingsQuery = `{ meetings(first: 3) { totalCount edges { node { id title } } pageInfo { hasNextPage endCursor } } }`

func TestSecondReplicaAnswersFromSharedCache(t *testing.T) {
	in, cfg := countedUpstreams(t)
	gw := replicas(t, shareRedis(cfg, redistest.Start(t)), 2)
	first := post(t, gw[0].URL, sharedMeetingsQuery, nil)
	if len(first.Errors) > 0 || requestsSeen(in) == 0 {
		t.Fatalf("first replica: %+v after %d upstream calls", first.Errors, requestsSeen(in))
	}
	before := requestsSeen(in)
	second := post(t, gw[1].URL, sharedMeetingsQuery, nil)
	if len(second.Errors) > 0 || !bytes.Equal(first.Data, second.Data) {
		t.Fatalf("second replica answered %s, %+v; want %s", second.Data, second.Errors, first.Data)
	}
	if n := requestsSeen(in) - before; n != 0 {
		t.Fatalf("the second replica made %d upstream calls, want 0", n)
	}
}

func TestCursorFromOneReplicaIsAcceptedByTheNext(t *testing.T) {
	_, cfg := countedUpstreams(t)
	shared := shareRedis(cfg, redistest.Start(t))
	gw := replicas(t, shared, 2)
	const sites = `query($after: String) { serviceSites(first: 5, after: $after) { edges { node { id } } pageInfo { endCursor } } }`
	var page struct {
		ServiceSites struct {
			Edges    []struct{ Node struct{ ID string } }
			PageInfo struct{ EndCursor string }
		}
	}
	r := post(t, gw[0].URL, sites, nil)
	if err := json.Unmarshal(r.Data, &page); err != nil || page.ServiceSites.PageInfo.EndCursor == "" {
		t.Fatalf("first page: %s, %+v", r.Data, r.Errors)
	}
	firstID, cursor := page.ServiceSites.Edges[0].Node.ID, page.ServiceSites.PageInfo.EndCursor
	next := post(t, gw[1].URL, sites, map[string]any{"after": cursor})
	if len(next.Errors) > 0 {
		t.Fatalf("the second replica refused the first's cursor: %+v", next.Errors)
	}
	if err := json.Unmarshal(next.Data, &page); err != nil || len(page.ServiceSites.Edges) == 0 || page.ServiceSites.Edges[0].Node.ID == firstID {
		t.Fatalf("second page %s does not continue the first", next.Data)
	}
	// A gateway signing with a key of its own refuses it: the check is real.
	shared.GraphQL.CursorSecret = "another deployment's cursor secret"
	if other := post(t, replicas(t, shared, 1)[0].URL, sites, map[string]any{"after": cursor}); len(other.Errors) == 0 {
		t.Fatalf("a gateway with another cursor secret accepted the cursor: %s", other.Data)
	}
}

func TestPersistedQueryRegisteredWithOneReplicaRunsOnTheNext(t *testing.T) {
	_, cfg := countedUpstreams(t)
	gw := replicas(t, shareRedis(cfg, redistest.Start(t)), 2)
	sum := sha256.Sum256([]byte(sharedMeetingsQuery))
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	if _, r, err := send(gw[0].URL, map[string]any{"query": sharedMeetingsQuery, "extensions": ext}); err != nil || len(r.Errors) > 0 {
		t.Fatalf("register: %v, %+v", err, r.Errors)
	}
	_, r, err := send(gw[1].URL, map[string]any{"extensions": ext})
	if err != nil || len(r.Errors) > 0 || len(r.Data) == 0 {
		t.Fatalf("the hash alone on the second replica: %v, %+v", err, r.Errors)
	}
}

func TestRateLimitIsSharedByReplicas(t *testing.T) {
	_, cfg := countedUpstreams(t)
	cfg = shareRedis(cfg, redistest.Start(t))
	cfg.Limits.RatePerSecond, cfg.Limits.RateBurst = 1, 4
	gw := replicas(t, cfg, 2)
	statuses := map[int]int{}
	for i := range 8 { // alternating: each replica alone would allow all 8 within its burst... of 4 each
		status, _, err := send(gw[i%2].URL, map[string]any{"query": `{ __typename }`})
		if err != nil {
			t.Fatal(err)
		}
		statuses[status]++
	}
	// One shared bucket of 4 (plus at most a token refilled during the
	// run); two buckets of their own would have let all 8 through.
	if statuses[http.StatusOK] < 4 || statuses[http.StatusOK] > 5 || statuses[http.StatusTooManyRequests] < 3 {
		t.Fatalf("statuses %v; want 4 or 5 allowed across both replicas, the rest 429", statuses)
	}
}

func TestReplicasRacingOnAColdPageMakeOneUpstreamCall(t *testing.T) {
	in, cfg := countedUpstreams(t)
	// A slow upstream, so that the replicas' requests overlap.
	for _, name := range in.Names() {
		if err := in.Set(name, faults.Profile{Latency: faults.Latency{Base: faults.Duration(150 * time.Millisecond)}}); err != nil {
			t.Fatal(err)
		}
	}
	const query = `{ meetings(first: 5, filter: { provinces: [HUBEI] }) { totalCount edges { node { id } } } }`
	// What one gateway alone calls for this query.
	alone := replicas(t, cfg, 1)[0]
	if r := post(t, alone.URL, query, nil); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	once := requestsSeen(in)
	in.ResetCounters()

	const n = 4
	gw := replicas(t, shareRedis(cfg, redistest.Start(t)), n)
	var wg sync.WaitGroup
	for _, g := range gw {
		wg.Go(func() {
			if _, r, err := send(g.URL, map[string]any{"query": query}); err != nil || len(r.Errors) > 0 {
				t.Errorf("%v, %+v", err, r.Errors)
			}
		})
	}
	wg.Wait()
	if got := requestsSeen(in); got != once {
		t.Fatalf("%d replicas racing on a cold page made %d upstream calls; one gateway makes %d", n, got, once)
	}
}

func TestRedisKilledMidRunFailsNoRequest(t *testing.T) {
	_, cfg := countedUpstreams(t)
	srv := redistest.Start(t)
	cfg = shareRedis(cfg, srv)
	cfg.Limits.RatePerSecond, cfg.Limits.RateBurst = 10000, 10000
	cfg.GraphQL.CursorSecret = "" // agreed in redis at start
	gs := make([]*gateway.Gateway, 2)
	urls := make([]string, 2)
	for i := range gs {
		var s *httptest.Server
		gs[i], s = serveGateway(t, cfg, nil)
		urls[i] = s.URL
	}
	queries := []string{
		sharedMeetingsQuery,
		`{ policyDocuments(first: 5) { totalCount edges { node { id title } } } }`,
		`{ serviceSites(first: 5, filter: { provinces: [SHANGHAI] }) { totalCount edges { node { id name } } } }`,
		`{ tasks(first: 5) { totalCount edges { node { id title } } } }`,
	}
	var sent, failed atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				status, r, err := send(urls[(w+i)%2], map[string]any{"query": queries[(w+i)%len(queries)]})
				sent.Add(1)
				if err != nil || status != http.StatusOK || len(r.Errors) > 0 {
					failed.Add(1)
					t.Errorf("request failed: status %d, %v, %+v", status, err, r.Errors)
				}
			}
		})
	}
	time.Sleep(300 * time.Millisecond)
	srv.Stop()
	time.Sleep(700 * time.Millisecond)
	down := gs[0].Shared().Stats()
	srv.Restart()
	time.Sleep(800 * time.Millisecond) // past the retry interval: back on redis
	close(stop)
	wg.Wait()
	if down.Up || down.Outages == 0 {
		t.Errorf("with redis killed the gateway reports %+v", down)
	}
	if up := gs[0].Shared().Stats(); !up.Up {
		t.Errorf("after redis returned the gateway reports %+v", up)
	}
	if sent.Load() < 20 || failed.Load() > 0 {
		t.Fatalf("%d of %d requests failed", failed.Load(), sent.Load())
	}
}

// scaleOutStream is the stream of queries of the scale-out measurement:
// 17 distinct queries over every province, the whole list asked 4 times.
// Their number is odd, so that round-robin sends each query to both
// replicas. Jiangsu's service sites are left out: its connector keeps the
// parsed bulk file in process (see TestScaleOutJiangsuBulkFile).
func scaleOutStream() []string {
	distinct := []string{`{ tasks(first: 20) { totalCount edges { node { id title } } } }`}
	for _, p := range []string{"HEBEI", "HUBEI", "JIANGSU", "SHANGHAI"} {
		for _, first := range []int{5, 10} {
			distinct = append(distinct,
				fmt.Sprintf(`{ meetings(first: %d, filter: { provinces: [%s] }) { totalCount edges { node { id title } } } }`, first, p),
				fmt.Sprintf(`{ policyDocuments(first: %d, filter: { provinces: [%s] }) { totalCount edges { node { id title } } } }`, first, p))
		}
	}
	for _, p := range []string{"HEBEI", "HUBEI", "SHANGHAI"} {
		for _, first := range []int{5, 50} {
			distinct = append(distinct, fmt.Sprintf(`{ serviceSites(first: %d, filter: { provinces: [%s] }) { totalCount edges { node { id name } } } }`, first, p))
		}
	}
	var stream []string
	for range 4 {
		stream = append(stream, distinct...)
	}
	return stream
}

// runStream sends the stream round-robin over the replicas, four requests
// at a time, and returns how many upstream calls it caused.
func runStream(t *testing.T, in *faults.Injector, gw []*httptest.Server, stream []string) int64 {
	t.Helper()
	in.ResetCounters()
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(stream); i = int(next.Add(1) - 1) {
				if _, r, err := send(gw[i%len(gw)].URL, map[string]any{"query": stream[i]}); err != nil || len(r.Errors) > 0 {
					t.Errorf("%s: %v, %+v", stream[i], err, r.Errors)
				}
			}
		})
	}
	wg.Wait()
	return requestsSeen(in)
}

// scaleOut runs stream on one replica, on two replicas each with its own
// cache and on two replicas behind one Redis, and returns their upstream
// calls.
func scaleOut(t *testing.T, stream []string) (one, own, shared int64) {
	t.Helper()
	in, cfg := countedUpstreams(t)
	cfg.Limits.RatePerSecond, cfg.Limits.RateBurst = 10000, 10000
	cfg.GraphQL.CursorSecret = "scale-out cursor secret"
	one = runStream(t, in, replicas(t, cfg, 1), stream)
	own = runStream(t, in, replicas(t, cfg, 2), stream)
	sharedCfg := shareRedis(cfg, redistest.Start(t))
	sharedCfg.GraphQL.CursorSecret = cfg.GraphQL.CursorSecret
	shared = runStream(t, in, replicas(t, sharedCfg, 2), stream)
	t.Logf("upstream calls for %d queries (%d distinct), 4 at a time, round-robin over the replicas:", len(stream), len(stream)/4)
	t.Logf("  1 replica:                      %d", one)
	t.Logf("  2 replicas, a cache each:       %d", own)
	t.Logf("  2 replicas behind one Redis:    %d", shared)
	return one, own, shared
}

// TestScaleOutUpstreamCalls measures what README's scaling-out section
// reports: two replicas behind one Redis call the upstreams exactly as
// often as one replica. go test ./gateway -run TestScaleOut -v prints the
// figures.
func TestScaleOutUpstreamCalls(t *testing.T) {
	one, own, shared := scaleOut(t, scaleOutStream())
	if shared != one {
		t.Fatalf("two replicas behind one Redis made %d upstream calls, one replica %d", shared, one)
	}
	if own <= one {
		t.Fatalf("two replicas with caches of their own made %d calls, one replica %d: the stream does not show sharing", own, one)
	}
}

// TestScaleOutJiangsuBulkFile: Jiangsu's service sites come from a bulk
// file its connector parses and keeps in process, revalidated by ETag, so
// each replica downloads it once; the pages cut from it are not upstream
// calls at all.
func TestScaleOutJiangsuBulkFile(t *testing.T) {
	var stream []string
	for range 4 {
		for _, first := range []int{5, 20, 50} {
			stream = append(stream, fmt.Sprintf(`{ serviceSites(first: %d, filter: { provinces: [JIANGSU] }) { totalCount edges { node { id name } } } }`, first))
		}
	}
	one, own, shared := scaleOut(t, stream)
	if shared > own || shared > 2*one {
		t.Fatalf("behind one Redis two replicas made %d calls; with their own caches %d, one replica %d", shared, own, one)
	}
}
