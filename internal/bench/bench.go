package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/internal/sampleapi"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Options chooses the sizes, durations and concurrency of a run.
type Options struct {
	Binary string // the civgraph executable the children run
	// GatewayBinary, when set, is the civgraph executable whose serve is
	// measured (an older build, for before/after figures); without a
	// diagnostics listener its allocations are not reported.
	GatewayBinary string
	Smoke         bool          // seconds-long run that judges errors only, never timing
	Duration      time.Duration // load per series and scenario, split over Rounds
	Rounds        int           // alternations of gateway, raw handler and upstream
	Conns         int           // concurrent clients of the throughput scenarios
	ColdConns     int           // concurrent clients of the latency scenarios
	Sites         int           // generated sites per province of the usual upstreams
	LargeSites    int           // generated sites per province of the scale scenario
	Latency       time.Duration // added latency of every upstream in the cold scenarios
	Clients       int           // clients of the sustained-load scenario
	Sustain       time.Duration // duration of the sustained-load scenario
	Progress      io.Writer     // where progress lines go (nil: nowhere)
	// Only, when set, limits the run to the scenarios whose id it matches
	// ("sustained" names the sustained-load scenario); the processes of a
	// group none of whose scenarios match are not started.
	Only *regexp.Regexp
}

// Defaults of a full run and of a smoke run.
const (
	DefaultDuration   = 6 * time.Second
	DefaultRounds     = 3
	DefaultConns      = 32
	DefaultColdConns  = 4
	DefaultSites      = 10_000
	DefaultLargeSites = 1_000_000
	DefaultLatency    = 50 * time.Millisecond
	DefaultClients    = 500
	DefaultSustain    = 60 * time.Second
)

// SmokeOptions is a run of a few seconds that proves every scenario
// answers without error.
func SmokeOptions() Options {
	return Options{Smoke: true, Duration: 300 * time.Millisecond, Rounds: 1, Conns: 4, ColdConns: 2,
		Sites: 300, LargeSites: 3000, Latency: 5 * time.Millisecond, Clients: 50, Sustain: 2 * time.Second}
}

// DefaultOptions is the full run BENCHMARKS.md reports.
func DefaultOptions() Options {
	return Options{Duration: DefaultDuration, Rounds: DefaultRounds, Conns: DefaultConns, ColdConns: DefaultColdConns,
		Sites: DefaultSites, LargeSites: DefaultLargeSites, Latency: DefaultLatency, Clients: DefaultClients, Sustain: DefaultSustain}
}

// ErrTargetsMissed is returned when a target FAILed (or, in smoke mode,
// when some request failed).
var ErrTargetsMissed = errors.New("some targets failed")

// Run measures every scenario and writes the table and the verdicts to out.
func Run(ctx context.Context, o Options, out io.Writer) error {
	if o.Progress == nil {
		o.Progress = io.Discard
	}
	r := &runner{o: o, gateways: map[string]*child{}}
	defer r.close()
	res, err := r.all(ctx)
	if err != nil {
		return err
	}
	writeReport(out, o, res)
	if res.failed() {
		return ErrTargetsMissed
	}
	return nil
}

type runner struct {
	o         Options
	upstreams []*child
	gateways  map[string]*child
}

func (r *runner) close() {
	for _, g := range r.gateways {
		g.stop()
	}
	for _, u := range r.upstreams {
		u.stop()
	}
}

func (r *runner) logf(format string, args ...any) {
	fmt.Fprintf(r.o.Progress, "bench: "+format+"\n", args...)
}

// gatewaySettings is the configuration every gateway runs with: a
// diagnostics listener to read allocations from, a fixed cursor key, and
// request limits opened up for the load (the benchmark is the only client,
// from one address). ttl is every province's cache_ttl.
func (r *runner) gatewaySettings(ttl time.Duration, responseCache bool) map[string]string {
	s := map[string]string{
		"debug.listen":           "127.0.0.1:0",
		"log.level":              "info",
		"graphql.cursor_secret":  "civgraph-bench-cursor-secret",
		"limits.max_concurrent":  strconv.Itoa(max(2*r.o.Clients, 64)),
		"limits.rate_per_second": "1000000000",
		"limits.rate_burst":      "1000000000",
		"playground.enabled":     "false",
	}
	if !responseCache {
		s["response_cache.max_bytes"] = "0"
	}
	for _, p := range civ.AllProvinces {
		s["sources."+strings.ToLower(string(p))+".cache_ttl"] = ttl.String()
	}
	return s
}

func (r *runner) startUpstreams(ctx context.Context, sites int, latency time.Duration) (*child, error) {
	var faults []string
	if latency > 0 {
		for _, p := range civ.AllProvinces {
			faults = append(faults, sampleapi.Name(p)+"=latency:"+latency.String())
		}
	}
	r.logf("starting sample upstreams: %d sites per province, added latency %s", sites, latency)
	u, err := startUpstreams(ctx, r.o.Binary, sites, strings.Join(faults, ","))
	if err != nil {
		return nil, err
	}
	r.upstreams = append(r.upstreams, u)
	return u, nil
}

func (r *runner) startGateway(ctx context.Context, name string, up *child, settings map[string]string) (*child, error) {
	r.logf("starting gateway %q", name)
	bin := r.o.Binary
	if r.o.GatewayBinary != "" {
		bin = r.o.GatewayBinary
	}
	g, err := startGateway(ctx, bin, name, up.url, settings)
	if err != nil {
		return nil, err
	}
	r.gateways[name] = g
	return g, nil
}

func (r *runner) stopGateway(name string) {
	r.gateways[name].stop()
	delete(r.gateways, name)
}

// wants reports whether the run includes scenario id.
func (r *runner) wants(id string) bool { return r.o.Only == nil || r.o.Only.MatchString(id) }

// wanted is the scenarios of list the run includes.
func (r *runner) wanted(list []scenario) []scenario {
	var out []scenario
	for _, sc := range list {
		if r.wants(sc.id) {
			out = append(out, sc)
		}
	}
	return out
}

// all runs the scenarios group by group, each group's processes started
// and stopped around it so that their memory does not add up.
func (r *runner) all(ctx context.Context) (*results, error) {
	res := &results{}
	if err := r.smallGroup(ctx, res); err != nil {
		return nil, err
	}
	if err := r.coldGroup(ctx, res); err != nil {
		return nil, err
	}
	if err := r.largeGroup(ctx, res); err != nil {
		return nil, err
	}
	return res, nil
}

// smallGroup is the cached, uncached and small-scale scenarios and the
// sustained load, over upstreams of --sites sites.
func (r *runner) smallGroup(ctx context.Context, res *results) error {
	o := r.o
	list := []scenario{
		{id: "cached-1", title: "cached page of 20, one province (Hebei)", gateway: "cached", query: sitesQuery(20, hebeiOnly, ""), provinces: hebeiOnly, rows: 20, conns: o.Conns},
		{id: "cached-4", title: "cached page of 20, four provinces", gateway: "cached", query: sitesQuery(20, nil, ""), provinces: civ.AllProvinces, rows: 20, conns: o.Conns},
		{id: "cached-4-exec", title: "cached page of 20, four provinces, response cache off", gateway: "cached-no-response-cache", query: sitesQuery(20, nil, ""), provinces: civ.AllProvinces, rows: 20, conns: o.Conns},
		{id: "page-100", title: "cached page of 100, four provinces, response cache off", gateway: "cached-no-response-cache", query: sitesQuery(100, nil, ""), provinces: civ.AllProvinces, rows: 100, conns: o.Conns},
		{id: "nested", title: "nested: tasks with origins, provinces, targets, response cache off", gateway: "cached-no-response-cache", query: nestedQuery, provinces: hebeiOnly, rows: 20, conns: o.Conns},
		{id: "uncached-1", title: "uncached (TTL 0) page of 20, one province (Hebei)", gateway: "uncached", query: sitesQuery(20, hebeiOnly, ""), provinces: hebeiOnly, rows: 20, conns: o.Conns},
	}
	for _, p := range civ.AllProvinces {
		list = append(list, scenario{id: "scale-" + strings.ToLower(string(p)) + "-small", title: fmt.Sprintf("uncached page of 20, %s, %d sites", p, o.Sites),
			gateway: "uncached", query: sitesQuery(20, []civ.ProvinceCode{p}, ""), provinces: []civ.ProvinceCode{p}, rows: 20, conns: o.ColdConns})
	}
	list = r.wanted(list)
	sustained := r.wants("sustained")
	if len(list) == 0 && !sustained {
		return nil
	}
	small, err := r.startUpstreams(ctx, o.Sites, 0)
	if err != nil {
		return err
	}
	defer small.stop()
	names := []string{"cached", "cached-no-response-cache", "uncached"}
	defer func() {
		for _, name := range names {
			r.stopGateway(name)
		}
	}()
	for _, g := range []struct {
		name     string
		ttl      time.Duration
		response bool
	}{{"cached", time.Hour, true}, {"cached-no-response-cache", time.Hour, false}, {"uncached", 0, true}} {
		if _, err := r.startGateway(ctx, g.name, small, r.gatewaySettings(g.ttl, g.response)); err != nil {
			return err
		}
	}
	r.awaitFirstAnswers(ctx, list)
	for _, sc := range list {
		if err := r.measure(ctx, sc, small, res); err != nil {
			return err
		}
	}
	if sustained {
		s := r.sustain(ctx, r.gateways["cached"])
		res.sustained = &s
	}
	return nil
}

// coldGroup is the cold fan-out over upstreams that each add --latency.
func (r *runner) coldGroup(ctx context.Context, res *results) error {
	o := r.o
	list := r.wanted([]scenario{
		{id: "cold-4", title: fmt.Sprintf("cold page of 20, four provinces, %s upstreams", o.Latency), gateway: "cold", query: sitesQuery(20, nil, ""), provinces: civ.AllProvinces, rows: 20, conns: o.ColdConns},
		{id: "cold-4-boundary", title: "cold page of 20 across Hebei's 100-row upstream page (rows 91-110)", gateway: "cold", provinces: civ.AllProvinces, rows: 20, conns: o.ColdConns},
	})
	if len(list) == 0 {
		return nil
	}
	slow, err := r.startUpstreams(ctx, o.Sites, o.Latency)
	if err != nil {
		return err
	}
	defer slow.stop()
	cold, err := r.startGateway(ctx, "cold", slow, r.gatewaySettings(0, true))
	if err != nil {
		return err
	}
	defer r.stopGateway("cold")
	for _, sc := range list {
		if sc.id == "cold-4-boundary" {
			after, err := boundaryCursor(ctx, cold.url)
			if err != nil {
				return err
			}
			sc.query = sitesQuery(20, nil, after)
		}
		if err := r.measure(ctx, sc, slow, res); err != nil {
			return err
		}
	}
	res.latency = o.Latency
	return nil
}

// largeGroup is a page of each province at --large-sites sites.
func (r *runner) largeGroup(ctx context.Context, res *results) error {
	o := r.o
	var list []scenario
	for _, p := range civ.AllProvinces {
		list = append(list, scenario{id: "scale-" + strings.ToLower(string(p)) + "-large", title: fmt.Sprintf("uncached page of 20, %s, %d sites", p, o.LargeSites),
			gateway: "large", query: sitesQuery(20, []civ.ProvinceCode{p}, ""), provinces: []civ.ProvinceCode{p}, rows: 20, conns: o.ColdConns})
	}
	list = r.wanted(list)
	if len(list) == 0 {
		return nil
	}
	large, err := r.startUpstreams(ctx, o.LargeSites, 0)
	if err != nil {
		return err
	}
	defer large.stop()
	if _, err := r.startGateway(ctx, "large", large, r.gatewaySettings(0, true)); err != nil {
		return err
	}
	defer r.stopGateway("large")
	r.awaitFirstAnswers(ctx, list)
	for _, sc := range list {
		if err := r.measure(ctx, sc, large, res); err != nil {
			return err
		}
	}
	return nil
}

// firstLoadWait bounds how long a group waits for its gateway's first
// complete answers: a source that loads a whole register before it can
// answer (Jiangsu's bulk file, about half a gigabyte at a million sites)
// is not ready when its process is, and a scenario must measure serving,
// not that first load.
const firstLoadWait = 10 * time.Minute

// awaitFirstAnswers asks each scenario's query of its gateway until it is
// answered without error, or until firstLoadWait has passed (the
// scenario's own warm-up then records the failure). Every group waits
// the same way, so that the sizes compared are measured alike.
func (r *runner) awaitFirstAnswers(ctx context.Context, list []scenario) {
	ctx, cancel := context.WithTimeout(ctx, firstLoadWait)
	defer cancel()
	start := time.Now()
	for _, sc := range list {
		gw := r.gateways[sc.gateway]
		for {
			_, err := post(ctx, gw.url, body(sc.query))
			if err == nil {
				break
			}
			if ctx.Err() != nil {
				r.logf("scenario %s: no answer within %s: %v", sc.id, firstLoadWait, err)
				return
			}
			select {
			case <-ctx.Done():
			case <-time.After(2 * time.Second):
			}
		}
	}
	r.logf("first answers after %s", time.Since(start).Round(time.Millisecond))
}

// boundaryCursor is the cursor after the 90th site of the four-province
// list: the next page of 20 needs Hebei's rows 91 to 110, which lie on
// both sides of its upstream's 100-row page boundary.
func boundaryCursor(ctx context.Context, gatewayURL string) (string, error) {
	b, err := post(ctx, gatewayURL, body(`{ serviceSites(first: 90) { edges { node { id } } pageInfo { endCursor } } }`))
	if err != nil {
		return "", err
	}
	var page struct {
		Data struct {
			ServiceSites struct {
				PageInfo struct{ EndCursor string }
			}
		}
	}
	if err := jsonUnmarshal(b, &page); err != nil || page.Data.ServiceSites.PageInfo.EndCursor == "" {
		return "", fmt.Errorf("page boundary cursor: %v: %.300s", err, b)
	}
	return page.Data.ServiceSites.PageInfo.EndCursor, nil
}

// post sends one GraphQL request and returns a complete answer's bytes.
func post(ctx context.Context, url string, b []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url+"/graphql", bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if err := graphQLOK(resp.StatusCode, out); err != nil {
		return nil, err
	}
	return out, nil
}

// measure runs one scenario: the gateway, the raw handler serving the
// gateway's answer bytes and the upstream called directly, alternating
// Rounds times so that all three see the same machine.
func (r *runner) measure(ctx context.Context, sc scenario, up *child, res *results) error {
	gw := r.gateways[sc.gateway]
	r.logf("scenario %s", sc.id)
	b := body(sc.query)
	var answer []byte
	var err error
	for range 3 { // warm the caches
		if answer, err = post(ctx, gw.url, b); err != nil {
			// The scenario fails, and the run goes on to the others.
			r.logf("scenario %s: %v", sc.id, err)
			res.rows = append(res.rows, row{scenario: sc, allocs: -1, allocBytes: -1,
				gateway: sample{requests: 1, errors: 1, firstErr: "warm-up: " + err.Error()}})
			return ctx.Err()
		}
	}
	raw, err := serveBytes(answer)
	if err != nil {
		return err
	}
	defer raw.Close()

	row := row{scenario: sc, answerBytes: len(answer)}
	per := r.o.Duration / time.Duration(max(r.o.Rounds, 1))
	gwTarget := vegeta.Target{Method: http.MethodPost, URL: gw.url + "/graphql", Body: b, Header: http.Header{"Content-Type": {"application/json"}}}
	rawTarget := vegeta.Target{Method: http.MethodPost, URL: raw.url, Body: b, Header: http.Header{"Content-Type": {"application/json"}}}
	var mallocs, allocBytes uint64
	counted := gw.debugURL != ""
	for i := range max(r.o.Rounds, 1) {
		var m0, b0 uint64
		if counted {
			if m0, b0, err = gw.memStats(ctx); err != nil {
				return err
			}
		}
		gw.resetPeakRSS()
		s := load{name: sc.id, targeter: vegeta.NewStaticTargeter(gwTarget), conns: sc.conns, duration: per, check: graphQLOK}.run(ctx)
		_, peak := gw.rss()
		row.peakRSS = max(row.peakRSS, peak)
		now, _ := gw.rss()
		if i == 0 {
			row.rssFirst = now
		}
		row.rssLast = now
		if counted {
			m1, b1, err := gw.memStats(ctx)
			if err != nil {
				return err
			}
			mallocs += m1 - m0
			allocBytes += b1 - b0
		}
		row.gateway.merge(s)
		row.raw.merge(load{name: sc.id + "-raw", targeter: vegeta.NewStaticTargeter(rawTarget), conns: sc.conns, duration: per, check: graphQLOK}.run(ctx))
		row.upstream.merge(load{name: sc.id + "-upstream", targeter: upstreamTargeter(up.url, sc.provinces, sc.rows), conns: sc.conns, duration: per,
			group: provinceOf(up.url)}.run(ctx))
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	row.allocs, row.allocBytes = -1, -1 // not known
	if counted && row.gateway.requests > 0 {
		row.allocs = float64(mallocs) / float64(row.gateway.requests)
		row.allocBytes = float64(allocBytes) / float64(row.gateway.requests)
	}
	res.rows = append(res.rows, row)
	return nil
}

// sustain runs Clients clients for Sustain against the cached gateway,
// mixing the cached scenarios' requests.
func (r *runner) sustain(ctx context.Context, gw *child) sample {
	r.logf("sustained load: %d clients for %s", r.o.Clients, r.o.Sustain)
	var targets []vegeta.Target
	for _, q := range []string{sitesQuery(20, nil, ""), sitesQuery(20, hebeiOnly, ""), sitesQuery(100, nil, ""), nestedQuery} {
		// Steady state: each asked before, as a front end's pages are.
		for range 2 {
			_, _ = post(ctx, gw.url, body(q))
		}
		targets = append(targets, vegeta.Target{Method: http.MethodPost, URL: gw.url + "/graphql", Body: body(q), Header: http.Header{"Content-Type": {"application/json"}}})
	}
	return load{name: "sustained", targeter: vegeta.NewStaticTargeter(targets...), conns: r.o.Clients, duration: r.o.Sustain, check: graphQLOK}.run(ctx)
}

// rawServer is the practical limit: a plain net/http handler writing fixed
// bytes.
type rawServer struct {
	url string
	srv *http.Server
}

func serveBytes(answer []byte) (*rawServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	length := strconv.Itoa(len(answer))
	s := &rawServer{url: "http://" + ln.Addr().String() + "/graphql", srv: &http.Server{ReadHeaderTimeout: 5 * time.Second,
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", length)
			_, _ = w.Write(answer)
		})}}
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

func (s *rawServer) Close() { _ = s.srv.Close() }

// Machine describes where the run happened, for the report.
func Machine() string {
	cpu := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.SplitSeq(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	return fmt.Sprintf("%s, %d CPUs, %s/%s, %s", cpu, runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version())
}
