package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
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
	// Peer adds Hive Gateway's series to the cached and uncached
	// single-province and cached four-province scenarios, installed with
	// npm ci under PeerCache (see peer.go).
	Peer      bool
	PeerCache string
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
		Sites: 300, LargeSites: 3000, Latency: 5 * time.Millisecond, Clients: 50, Sustain: 2 * time.Second,
		Peer: true, PeerCache: DefaultPeerCache()}
}

// DefaultOptions is the full run BENCHMARKS.md reports.
func DefaultOptions() Options {
	return Options{Duration: DefaultDuration, Rounds: DefaultRounds, Conns: DefaultConns, ColdConns: DefaultColdConns,
		Sites: DefaultSites, LargeSites: DefaultLargeSites, Latency: DefaultLatency, Clients: DefaultClients, Sustain: DefaultSustain,
		Peer: true, PeerCache: DefaultPeerCache()}
}

// DefaultPeerCache is where the peer's npm packages are installed: the
// user's cache directory, outside any repository.
func DefaultPeerCache() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "civgraph")
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
	r.peers = &peers{o: o, logf: r.logf}
	if !o.Peer {
		r.peers.skip = "peer comparison off (--peer=false)"
	}
	defer r.close()
	res, err := r.all(ctx)
	if err != nil {
		return err
	}
	res.peerSkip = r.peers.skip
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
	peers     *peers
}

func (r *runner) close() {
	r.peers.close()
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
		{id: "cached-1", title: "cached page of 20, one province (Hebei)", gateway: "cached", query: sitesQuery(20, hebeiOnly, ""), provinces: hebeiOnly, rows: 20, conns: o.Conns, rawInProcess: true,
			peers: r.peerKinds(hiveRC1, hiveRC2)},
		{id: "cached-4", title: "cached page of 20, four provinces", gateway: "cached", query: sitesQuery(20, nil, ""), provinces: civ.AllProvinces, rows: 20, conns: o.Conns, rawInProcess: true,
			peers: r.peerKinds(hiveRC1, hiveRC2), peerNote: peerCoverage},
		{id: "cached-4-exec", title: "cached page of 20, four provinces, response cache off", gateway: "cached-no-response-cache", query: sitesQuery(20, nil, ""), provinces: civ.AllProvinces, rows: 20, conns: o.Conns},
		{id: "page-100", title: "cached page of 100, four provinces, response cache off", gateway: "cached-no-response-cache", query: sitesQuery(100, nil, ""), provinces: civ.AllProvinces, rows: 100, conns: o.Conns},
		{id: "nested", title: "nested: tasks with origins, provinces, targets, response cache off", gateway: "cached-no-response-cache", query: nestedQuery, provinces: hebeiOnly, rows: 20, conns: o.Conns},
		{id: "uncached-1", title: "uncached (TTL 0) page of 20, one province (Hebei)", gateway: "uncached", query: sitesQuery(20, hebeiOnly, ""), provinces: hebeiOnly, rows: 20, conns: o.Conns,
			peers: r.peerKinds(hiveNoCache1, hiveNoCache2)},
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
	defer r.peers.stopAll()
	for _, sc := range list {
		if err := r.measure(ctx, sc, small, res); err != nil {
			return err
		}
	}
	r.peers.stopAll() // their memory is not the sustained load's
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
	return postCheck(ctx, url, b, graphQLOK, false)
}

// postCheck sends one GraphQL request, on a connection of its own if
// fresh (a multi-process server hands each to its next worker), and
// returns its answer's bytes if check accepts them.
func postCheck(ctx context.Context, url string, b []byte, check func(int, []byte) error, fresh bool) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url+"/graphql", bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	req.Close = fresh
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
	if err := check(resp.StatusCode, out); err != nil {
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
	raw, err := startRaw(ctx, r.o.Binary, answer)
	if err != nil {
		return err
	}
	defer raw.stop()
	var inProcess *inProcessRaw
	if sc.rawInProcess {
		if inProcess, err = serveBytes(answer); err != nil {
			return err
		}
		defer inProcess.Close()
	}

	row := row{scenario: sc, answerBytes: len(answer)}
	peers, err := r.peerRuns(ctx, sc, up, answer, &row)
	if err != nil {
		return err
	}
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
		if inProcess != nil {
			target := rawTarget
			target.URL = inProcess.url
			row.rawInProcess.merge(load{name: sc.id + "-raw-in-process", targeter: vegeta.NewStaticTargeter(target), conns: sc.conns, duration: per, check: graphQLOK}.run(ctx))
		}
		row.upstream.merge(load{name: sc.id + "-upstream", targeter: upstreamTargeter(up.url, sc.provinces, sc.rows), conns: sc.conns, duration: per,
			group: provinceOf(up.url)}.run(ctx))
		for i, p := range peers {
			if p == nil {
				continue
			}
			p.resetPeakRSS()
			row.peers[i].merge(load{name: sc.id + "-" + row.peers[i].series, targeter: vegeta.NewStaticTargeter(peerTarget(p.url, sc.rows)),
				conns: sc.conns, duration: per, check: peerOK}.run(ctx))
			_, peak := p.rss()
			row.peers[i].peakRSS = max(row.peers[i].peakRSS, peak)
		}
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

// peerKinds is kinds, or in a smoke run only the single-worker ones: the
// smoke run proves that the peer answers the gateway's sites with its
// response cache on and off, and judges no ratio; a single worker starts
// in a fraction of the time of two.
func (r *runner) peerKinds(kinds ...peerKind) []peerKind {
	if !r.o.Smoke {
		return kinds
	}
	var out []peerKind
	for _, k := range kinds {
		if k.fork == 1 {
			out = append(out, k)
		}
	}
	return out
}

// peerWarmup is the load each Hive gets, unmeasured, before a scenario's
// rounds, longer for a new process: node compiles its hot paths under
// load (a new Hive ran at half its later throughput in its first seconds),
// and the first round would otherwise measure that.
const (
	peerWarmup      = 2 * time.Second
	peerFirstWarmup = 8 * time.Second
)

// peerRuns starts the Hive processes sc compares with and checks each
// before it is measured: its answer must hold the gateway's very sites
// and its response cache must be on or off as its series says. It adds
// sc's peer series to row (none when the peer cannot run) and returns the
// process of each, nil where the check failed (the series then holds the
// failure as an error).
func (r *runner) peerRuns(ctx context.Context, sc scenario, up *child, answer []byte, row *row) ([]*child, error) {
	if len(sc.peers) == 0 && !r.o.Smoke {
		r.peers.stopAll() // idle node processes are not this scenario's business
	}
	if len(sc.peers) == 0 || !r.peers.ready(ctx, up) {
		return nil, ctx.Err()
	}
	kinds := sc.peers
	if r.o.Smoke {
		// Both single-worker kinds at once, kept for the run: a smoke run
		// is short and two node processes fit in its memory.
		kinds = []peerKind{hiveRC1, hiveNoCache1}
	}
	running, startErrs := r.peers.start(ctx, kinds)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make([]*child, len(sc.peers))
	row.peers = make([]peerRow, len(sc.peers))
	b := body(peerSitesQuery(sc.rows))
	for i, k := range sc.peers {
		row.peers[i].series = k.series
		c := running[k]
		if c == nil {
			r.logf("scenario %s: %v", sc.id, startErrs[k])
			row.peers[i].sample = sample{requests: 1, errors: 1, firstErr: fmt.Sprintf("start: %v", startErrs[k])}
			continue
		}
		var (
			peerAnswer []byte
			err        error
		)
		for range 2 * k.fork { // every worker asked, each on a new connection
			if peerAnswer, err = postCheck(ctx, c.url, b, peerOK, true); err != nil {
				break
			}
		}
		if err == nil {
			row.peers[i].answerBytes = len(peerAnswer)
			err = sameSites(answer, peerAnswer)
		}
		if err == nil {
			err = probeCache(ctx, c, up, k, b)
		}
		if err != nil {
			r.logf("scenario %s, %s: %v", sc.id, k.series, err)
			row.peers[i].sample = sample{requests: 1, errors: 1, firstErr: "check: " + err.Error()}
			continue
		}
		if !r.o.Smoke {
			warm := peerWarmup
			if !r.peers.warmed[k] {
				warm = peerFirstWarmup
			}
			load{name: sc.id + "-warm-up", targeter: vegeta.NewStaticTargeter(peerTarget(c.url, sc.rows)), conns: sc.conns, duration: warm}.run(ctx)
			r.peers.warmed[k] = true
		}
		out[i] = c
	}
	return out, ctx.Err()
}

// peerTarget is Hive's request for a page of rows Hebei sites.
func peerTarget(url string, rows int) vegeta.Target {
	return vegeta.Target{Method: http.MethodPost, URL: url + "/graphql", Body: body(peerSitesQuery(rows)), Header: http.Header{"Content-Type": {"application/json"}}}
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
