package gateway_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civgraph/civgraph/auth"
	"github.com/civgraph/civgraph/config"
)

// attackQueries are the hostile queries the limits exist for.
func attackQueries() map[string]string {
	region := `{ region(code:"130000") { ` + strings.Repeat(`children { parent { `, 6) + `code name` + strings.Repeat(` } }`, 6) + ` } }`
	var sites, meetings, fewMeetings strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&sites, "s%d: serviceSites(first: 100) { edges { node { id name } } } ", i)
	}
	for i := range 1000 {
		fmt.Fprintf(&meetings, `m%d: meetings(filter: {provinces: [HEBEI], keyword: "k%d"}) { totalCount } `, i, i)
	}
	// Within the token and alias limits: what the upstream budget is for.
	for i := range 25 {
		fmt.Fprintf(&fewMeetings, `m%d: meetings(first: 100, filter: {provinces: [HEBEI], keyword: "k%d"}) { edges { node { tasks { title } } } } `, i, i)
	}
	return map[string]string{
		"region-tree":        region,
		"5000-site-aliases":  "{ " + sites.String() + "}",
		"1000-keyword-alias": "{ " + meetings.String() + "}",
		"25-keyword-aliases": "{ " + fewMeetings.String() + "}",
	}
}

func rssKiB() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		var kib int64
		if _, err := fmt.Sscanf(s.Text(), "VmRSS: %d kB", &kib); err == nil {
			return kib
		}
	}
	return -1
}

// replayTarget is a gateway on loopback and a client for it.
type replayTarget struct {
	b      *testing.B
	url    string
	client *http.Client
}

func startReplayTarget(b *testing.B, mutate func(*config.Config)) *replayTarget {
	srv := startGateway(b, mutate)
	return &replayTarget{b: b, url: srv.URL, client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 512}}}
}

// replayKeys are the API keys of the replay's two clients: a defended
// target lists them, so that its rate limiter tells the clients apart.
var replayKeys = map[string]string{
	"normal":   "cg_replay-normal-client-key-5b1e0c",
	"attacker": "cg_replay-attacker-client-key-93d7aa",
}

// withReplayKeys makes the target authenticate the replay's clients.
func withReplayKeys(b *testing.B) func(*config.Config) {
	var list strings.Builder
	list.WriteString("keys:\n")
	for name, key := range replayKeys {
		fmt.Fprintf(&list, "  - name: %s\n    sha256: %s\n", name, auth.HashKey(key))
	}
	keys := writeFile(b, "keys.yaml", list.String())
	return func(c *config.Config) { c.Auth.APIKeysFile = keys }
}

// ask posts query as the client apiKey and returns the time to the whole
// answer, its status and its first error code.
func (r *replayTarget) ask(apiKey, query string) (time.Duration, int, string) {
	body, _ := json.Marshal(map[string]any{"query": query})
	req, _ := http.NewRequest(http.MethodPost, r.url+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-API-Key", replayKeys[apiKey])
	start := time.Now()
	resp, err := r.client.Do(req)
	if err != nil {
		r.b.Fatal(err)
	}
	var out struct {
		Errors []struct {
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&out)
	resp.Body.Close()
	code := ""
	if len(out.Errors) > 0 {
		code = fmt.Sprint(out.Errors[0].Extensions["code"])
	}
	return time.Since(start), resp.StatusCode, code
}

// watchHealth polls /healthz every 20ms until the returned stop is called,
// which reports checks, failures and the slowest answer.
func (r *replayTarget) watchHealth() (stop func() (checks, failures int, slowest time.Duration)) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	var checks, failures int
	var slowest time.Duration
	wg.Go(func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
			start := time.Now()
			resp, err := r.client.Get(r.url + "/healthz")
			checks++
			if err != nil || resp.StatusCode != http.StatusOK {
				failures++
			}
			if resp != nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			slowest = max(slowest, time.Since(start))
		}
	})
	return func() (int, int, time.Duration) {
		close(done)
		wg.Wait()
		return checks, failures, slowest
	}
}

const normalQuery = `{ serviceSites(first: 20) { totalCount edges { node { id name } } } }`

func (r *replayTarget) medianNormal(n int) time.Duration {
	ds := make([]time.Duration, n)
	for i := range ds {
		var status int
		var code string
		ds[i], status, code = r.ask("normal", normalQuery)
		if status != http.StatusOK || code != "" {
			r.b.Fatalf("normal query: HTTP %d %s", status, code)
		}
	}
	return medianOf(ds)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// BenchmarkAttackReplay replays the hostile queries against the whole
// gateway (embedded sample upstreams, default limits) and logs each one's
// answer time and code, the process RSS and /healthz answering throughout;
// then a normal query's median latency alone, beside waves of 200
// concurrent refused queries, and beside 200 clients' streams of them from
// one client key under the default rate limit.
//
//	go test ./gateway -run '^$' -bench AttackReplay -benchtime 1x -v
func BenchmarkAttackReplay(b *testing.B) {
	// The rate limit raised: what is measured first is the query limits.
	open := startReplayTarget(b, func(c *config.Config) { c.Limits.RatePerSecond, c.Limits.RateBurst = 1_000_000, 1_000_000 })
	defended := startReplayTarget(b, withReplayKeys(b))
	open.medianNormal(5)
	defended.medianNormal(5)
	attack := attackQueries()["region-tree"]
	var maxRSS int64
	for b.Loop() {
		stopHealth := open.watchHealth()
		for name, q := range attackQueries() {
			d, status, code := open.ask("attacker", q)
			maxRSS = max(maxRSS, rssKiB())
			b.Logf("%-20s %6d bytes  %7.2f ms  HTTP %d  %s", name, len(q), ms(d), status, code)
		}
		alone := open.medianNormal(50)

		// Waves: 200 refused queries at once beside one normal query.
		var waves []time.Duration
		for range 20 {
			var wave sync.WaitGroup
			gate := make(chan struct{})
			for range 200 {
				wave.Go(func() {
					<-gate
					if _, _, code := open.ask("attacker", attack); code != "QUERY_TOO_COMPLEX" && code != "OVERLOADED" {
						b.Errorf("attack answered %s", code)
					}
				})
			}
			close(gate)
			d, _, _ := open.ask("normal", normalQuery)
			waves = append(waves, d)
			wave.Wait()
		}
		beside := medianOf(waves)
		checks, failures, slowest := stopHealth()
		maxRSS = max(maxRSS, rssKiB())
		b.Logf("normal query: %.2f ms alone, %.2f ms beside waves of 200 concurrent refused queries (%.2fx)",
			ms(alone), ms(beside), float64(beside)/float64(alone))
		b.Logf("/healthz during the replay: %d checks, %d failed, slowest %.2f ms", checks, failures, ms(slowest))
		b.ReportMetric(float64(beside)/float64(alone), "wave-slowdown-x")

		// Streams: 200 clients sending refused queries back to back under
		// one key; the default rate limit answers them 429.
		aloneDefended := defended.medianNormal(50)
		var refused, limited atomic.Int64
		stopLoad := defended.loop(200, attack, func(status int, _ string) {
			switch status {
			case http.StatusTooManyRequests:
				limited.Add(1)
			default:
				refused.Add(1)
			}
		})
		time.Sleep(200 * time.Millisecond)
		underLoad := defended.medianNormal(50)
		stopLoad()
		b.Logf("normal query (own key): %.2f ms alone, %.2f ms beside 200 streams of refused queries from one key (%.2fx); %d refused, %d rate limited",
			ms(aloneDefended), ms(underLoad), float64(underLoad)/float64(aloneDefended), refused.Load(), limited.Load())
		b.ReportMetric(float64(underLoad)/float64(aloneDefended), "stream-slowdown-x")
	}
	b.Logf("max RSS of the process %.1f MiB", float64(maxRSS)/1024)
	b.ReportMetric(float64(maxRSS)/1024, "max-rss-MiB")
}

// loop starts clients goroutines, each sending query as "attacker" back to
// back and passing every answer's status and code to answered, until the
// returned stop is called.
func (r *replayTarget) loop(clients int, query string, answered func(status int, code string)) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				_, status, code := r.ask("attacker", query)
				answered(status, code)
			}
		})
	}
	return func() { close(done); wg.Wait() }
}

func medianOf(ds []time.Duration) time.Duration {
	for i := range ds {
		for j := i + 1; j < len(ds); j++ {
			if ds[j] < ds[i] {
				ds[i], ds[j] = ds[j], ds[i]
			}
		}
	}
	return ds[len(ds)/2]
}
