package gateway_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/internal/sampleapi"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
)

// startCounted runs the gateway against the sample upstreams served on
// loopback behind a handler that counts every request they receive.
func startCounted(t *testing.T, mutate func(*config.Config)) (url string, upstreamCalls *atomic.Int64) {
	t.Helper()
	ds, err := dataset.Load(dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	up, calls := countingServer(t, sampleapi.NewHandler(ds))
	srv := startGateway(t, func(c *config.Config) {
		for _, p := range civ.AllProvinces {
			pointAtSamples(t, c, p, up.URL)
		}
		if mutate != nil {
			mutate(c)
		}
	})
	return srv.URL, calls
}

// exchange posts a GraphQL request accepting mediaType and returns the
// status and the decoded body.
func exchange(t *testing.T, url, mediaType string, req map[string]any) (int, map[string]json.RawMessage) {
	t.Helper()
	body, _ := json.Marshal(req)
	r, _ := http.NewRequest(http.MethodPost, url+"/graphql", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Accept", mediaType)
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]json.RawMessage
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("status %d, body %s: %v", resp.StatusCode, raw, err)
	}
	return resp.StatusCode, out
}

func firstErrorExtensions(t *testing.T, body map[string]json.RawMessage) map[string]any {
	t.Helper()
	var errs []struct {
		Extensions map[string]any `json:"extensions"`
	}
	if err := json.Unmarshal(body["errors"], &errs); err != nil || len(errs) == 0 {
		t.Fatalf("no errors in %s", body["errors"])
	}
	return errs[0].Extensions
}

// aliases returns n aliased copies of field, each with its own keyword.
func aliases(n int, field string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "a%d: %s ", i, strings.ReplaceAll(field, "KEYWORD", fmt.Sprint("k", i)))
	}
	return b.String()
}

// Each limit refuses its query before execution: the status the
// GraphQL-over-HTTP spec gives a validation failure, no data entry, its
// own code with the figure and the limit, and not one upstream request.
func TestLimitsRefuseBeforeAnyUpstreamCall(t *testing.T) {
	url, upstream := startCounted(t, func(c *config.Config) {
		c.Limits.MaxDepth = 7
		c.Limits.MaxAliases = 3
		c.Limits.MaxOperations = 2
		c.Limits.MaxUpstreamCalls = 20
	})
	tests := []struct {
		name, query, operation string
		code, figure           string
	}{
		{"depth", `{ meetings { edges { node { region { parent { parent { parent { name } } } } } } } }`, "",
			"QUERY_TOO_DEEP", "depth"},
		{"complexity: region tree six levels down", `{ region(code: "130000") { children { parent { children { parent { children { name } } } } } } }`, "",
			"QUERY_TOO_COMPLEX", "complexity"},
		{"complexity: a page of sites with their regions' subdivisions", `{ serviceSites(first: 100) { edges { node { region { children { children { name } } } } } } }`, "",
			"QUERY_TOO_COMPLEX", "complexity"},
		{"aliases", `{ ` + aliases(4, `meetings { totalCount }`) + `}`, "",
			"TOO_MANY_ALIASES", "aliases"},
		{"operations", `query A { meetings { totalCount } } query B { tasks { totalCount } } query C { provinces { code } }`, "A",
			"TOO_MANY_OPERATIONS", "operations"},
		// Nested tasks and origins are loader-batched (one call per 100
		// parents): 3 × (2 pages + 1 tasks batch + 10 × 2 origin batches
		// for up to 1000 tasks) = 69 Hebei calls, over this test's 20.
		{"upstream calls: the origins of every meeting's tasks, thrice", `{ ` + aliases(3, `meetings(first: 100, filter: {provinces: [HEBEI], keyword: "KEYWORD"}) { edges { node { tasks { origin { __typename } } } } }`) + `}`, "",
			"TOO_MANY_UPSTREAM_CALLS", "upstreamCalls"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, media := range []struct {
				accept string
				status int
			}{{"application/json", http.StatusOK}, {"application/graphql-response+json", http.StatusBadRequest}} {
				before := upstream.Load()
				status, body := exchange(t, url, media.accept, map[string]any{"query": tt.query, "operationName": tt.operation})
				ext := firstErrorExtensions(t, body)
				if status != media.status {
					t.Errorf("%s: status %d, want %d", media.accept, status, media.status)
				}
				if _, ok := body["data"]; ok {
					t.Errorf("%s: a refused query has a data entry: %s", media.accept, body["data"])
				}
				figure, _ := ext[tt.figure].(float64)
				limit, _ := ext["limit"].(float64)
				if ext["code"] != tt.code || limit <= 0 || figure <= limit {
					t.Errorf("%s: extensions %v; want code %s with %s over limit", media.accept, ext, tt.code, tt.figure)
				}
				if n := upstream.Load() - before; n != 0 {
					t.Errorf("%s: %d upstream requests for a refused query", media.accept, n)
				}
			}
		})
	}
	// The counter does count: an accepted query reaches the upstreams.
	before := upstream.Load()
	if status, body := exchange(t, url, "application/json", map[string]any{"query": `{ meetings(first: 1) { totalCount } }`}); status != http.StatusOK || body["errors"] != nil {
		t.Fatalf("accepted query: status %d, errors %s", status, body["errors"])
	}
	if upstream.Load() == before {
		t.Fatal("an accepted query made no upstream request: the counter proves nothing")
	}
}

// The estimate counts alias duplicates with identical arguments once (the
// cache answers them) and distinct ones each, as the gateway really calls.
func TestUpstreamEstimateMatchesDistinctCalls(t *testing.T) {
	url, upstream := startCounted(t, nil)
	same := `{ ` + strings.ReplaceAll(aliases(20, `meetings(filter: {provinces: [HEBEI], keyword: "same"}) { totalCount }`), "", "") + `}`
	before := upstream.Load()
	if status, body := exchange(t, url, "application/json", map[string]any{"query": same}); status != http.StatusOK || body["errors"] != nil {
		t.Fatalf("20 identical aliases: status %d, errors %s", status, body["errors"])
	}
	if n := upstream.Load() - before; n > 2 {
		t.Errorf("20 identical aliases made %d upstream requests, want at most 2 (one page, shared)", n)
	}
	distinct := `{ ` + aliases(25, `meetings(filter: {provinces: [HEBEI], keyword: "KEYWORD"}) { totalCount }`) + `}`
	status, body := exchange(t, url, "application/json", map[string]any{"query": distinct})
	if status != http.StatusOK || body["errors"] != nil {
		t.Fatalf("25 distinct aliases are within the defaults: status %d, errors %s", status, body["errors"])
	}
}

func TestResponseSizeLimitStopsBuilding(t *testing.T) {
	url, _ := startCounted(t, func(c *config.Config) { c.Limits.MaxResponseBytes = 4096 })
	status, body := exchange(t, url, "application/json", map[string]any{
		"query": `{ serviceSites(first: 100) { edges { node { name address } } } }`})
	ext := firstErrorExtensions(t, body)
	if status != http.StatusOK || ext["code"] != "RESPONSE_TOO_LARGE" || ext["limit"] != float64(4096) || string(body["data"]) != "null" {
		t.Fatalf("status %d, extensions %v, data %s; want 200, RESPONSE_TOO_LARGE with limit 4096, null", status, ext, body["data"])
	}
	// A small answer under the same limit is untouched.
	status, body = exchange(t, url, "application/json", map[string]any{"query": `{ provinces { code } }`})
	if status != http.StatusOK || body["errors"] != nil {
		t.Fatalf("small query: status %d, errors %s", status, body["errors"])
	}
}

// regionBomb walks the region tree up and down: with the query limits
// lifted, it is what graphql.timeout and the size limit must stop.
const regionBomb = `{ region(code: "130000") { children { parent { children { parent { children { parent { children { parent { children { parent { children { code name level } } } } } } } } } } } } }`

func heapAfterGC() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// waitGoroutines waits until the goroutine count is back near base.
func waitGoroutines(base int, within time.Duration) int {
	deadline := time.Now().Add(within)
	for {
		n := runtime.NumGoroutine()
		if n <= base+5 || time.Now().After(deadline) {
			return n
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// The deadline binds resolvers over in-memory data: the query stops soon
// after graphql.timeout, its goroutines end, its memory is released and
// the client gets REQUEST_TIMEOUT. Likewise when the client goes away.
func TestDeadlineStopsResolvers(t *testing.T) {
	const timeout = 300 * time.Millisecond
	url, _ := startCounted(t, func(c *config.Config) {
		c.GraphQL.Timeout = timeout
		c.Limits.MaxDepth, c.Limits.MaxComplexity = 1000, math.MaxInt32
		c.Limits.MaxResponseBytes = 1 << 40
	})
	// Warm up connections and lazily built indexes.
	exchange(t, url, "application/json", map[string]any{"query": `{ provinces { code } }`})
	baseGoroutines, baseHeap := runtime.NumGoroutine(), heapAfterGC()

	t.Run("deadline", func(t *testing.T) {
		start := time.Now()
		status, body := exchange(t, url, "application/json", map[string]any{"query": regionBomb})
		elapsed := time.Since(start)
		ext := firstErrorExtensions(t, body)
		if status != http.StatusOK || ext["code"] != "REQUEST_TIMEOUT" || string(body["data"]) != "null" {
			t.Errorf("status %d, extensions %v, data %.80s; want 200, REQUEST_TIMEOUT, null", status, ext, body["data"])
		}
		// CI also runs this test without the race detector (.ci/run), where
		// the bound is tight.
		if elapsed > timeout+raceSlowdown*2*time.Second {
			t.Errorf("answered after %s; the timeout is %s", elapsed, timeout)
		}
		t.Logf("stopped after %s", elapsed)
	})
	t.Run("client gone", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), timeout/3)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url+"/graphql",
			strings.NewReader(`{"query":`+string(must(json.Marshal(regionBomb)))+`}`))
		req.Header.Set("Content-Type", "application/json")
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			t.Fatalf("the client went away yet got status %d", resp.StatusCode)
		}
	})
	if n := waitGoroutines(baseGoroutines, 3*time.Second); n > baseGoroutines+5 {
		t.Errorf("%d goroutines remain, %d before the queries", n, baseGoroutines)
	}
	// The stopped work lets go of its memory once its last field returns:
	// wait for that, within a bound, as for the goroutines.
	heap := heapAfterGC()
	for end := time.Now().Add(3 * time.Second); heap > baseHeap+64<<20 && time.Now().Before(end); heap = heapAfterGC() {
		time.Sleep(50 * time.Millisecond)
	}
	if heap > baseHeap+64<<20 {
		t.Errorf("heap %d MiB after the queries, %d MiB before", heap>>20, baseHeap>>20)
	} else {
		t.Logf("heap %d MiB after, %d MiB before", heap>>20, baseHeap>>20)
	}
}

// With only the size limit between it and the client, the same query
// stops building once its answer passes the limit, before the deadline.
func TestResponseSizeLimitStopsRegionTree(t *testing.T) {
	url, _ := startCounted(t, func(c *config.Config) {
		c.Limits.MaxDepth, c.Limits.MaxComplexity = 1000, math.MaxInt32
		c.Limits.MaxResponseBytes = 64 << 10
	})
	start := time.Now()
	_, body := exchange(t, url, "application/json", map[string]any{"query": regionBomb})
	if ext := firstErrorExtensions(t, body); ext["code"] != "RESPONSE_TOO_LARGE" {
		t.Fatalf("extensions %v, want RESPONSE_TOO_LARGE", ext)
	}
	t.Logf("stopped after %s", time.Since(start))
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
