package bench

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/internal/sampleapi"
	samplehebei "github.com/civgraph/civgraph/internal/sampleapi/hebei"
)

// The peer is Hive Gateway, the GraphQL gateway a user would most likely
// pick instead, serving the same rows from the very same sample upstream
// process: its npm packages are pinned in peer/package-lock.json and
// installed with npm ci into a cache directory outside the repository, its
// supergraph is composed by Mesh Compose from a JSON-schema description of
// Hebei's HTTP API, and it runs as a process group of its own.
//
//go:embed peer/package.json peer/package-lock.json
var peerPackage embed.FS

// PeerVersions names what the peer series run, for the report.
const PeerVersions = "@graphql-hive/gateway 2.15.1 over a supergraph composed by @graphql-mesh/compose-cli 1.8.2 and @omnigraph/json-schema 0.112.4 (graphql 16.15.0), node " +
	"from PATH, NODE_ENV=production"

// peerCoverage says what the peer's query covers of a four-province page:
// Hive composes Hebei only (Shanghai wraps its rows in a JSON string,
// Hubei signs every request, Jiangsu publishes a bulk CSV file).
const peerCoverage = "Hive composes Hebei only, 1 of civgraph's 4 provinces: the same 20 Hebei sites and Hebei's total, where civgraph's totalCount also counts Shanghai, Jiangsu and Hubei"

// peerKind is one way of running Hive: with or without its response cache,
// on one or two workers.
type peerKind struct {
	series string // the series' name in the table
	cache  bool   // responseCaching on
	fork   int    // workers (--fork)
}

var (
	hiveRC1      = peerKind{"hive rc ×1", true, 1}
	hiveRC2      = peerKind{"hive rc ×2", true, 2}
	hiveNoCache1 = peerKind{"hive ×1 no cache", false, 1}
	hiveNoCache2 = peerKind{"hive ×2 no cache", false, 2}
)

// peerStartTimeout bounds Hive's start (a two-worker start takes about
// 10 s on a busy 2-core machine); peerInstallTimeout bounds npm ci.
const (
	peerStartTimeout   = 2 * time.Minute
	peerInstallTimeout = 10 * time.Minute
)

// peerSitesQuery is Hive's query for the first page of rows Hebei sites:
// the upstream's envelope code, the total and, per site, the fields
// civgraph's page selects that the upstream has (id, name, type, address,
// region code, coordinates, capacity, sample flag).
func peerSitesQuery(rows int) string {
	return fmt.Sprintf(`{ hebeiServiceSites(pageNum: 1, pageSize: %d) { code data { total list { id csmc cslx dz xzqh jd wd gm sfsl } } } }`, rows)
}

// meshConfig is the Mesh Compose configuration of Hebei's service-site
// list at hebeiURL (the sample API's root): a JSON-schema subgraph with
// one query field over GET /api/v1/fwcs/list and its demo appKey header.
func meshConfig(hebeiURL string) string {
	endpoint, _ := json.Marshal(hebeiURL)
	key, _ := json.Marshal(samplehebei.DemoAppKey)
	path, _ := json.Marshal(samplehebei.PathServiceSites)
	return `import { defineConfig } from '@graphql-mesh/compose-cli';
import { loadJSONSchemaSubgraph } from '@omnigraph/json-schema';

// Written by civgraph bench: Hebei's sample service-site API as a subgraph.
const site = {
  type: 'object',
  title: 'HebeiSite',
  properties: {
    id: { type: 'string' },
    cslx: { type: 'string' },
    csmc: { type: 'string' },
    dz: { type: 'string' },
    xzqh: { type: 'string' },
    jd: { type: ['number', 'null'] },
    wd: { type: ['number', 'null'] },
    gm: { type: ['integer', 'null'] },
    sfsl: { type: 'boolean' },
  },
};

export const composeConfig = defineConfig({
  subgraphs: [
    {
      sourceHandler: loadJSONSchemaSubgraph('hebei', {
        endpoint: ` + string(endpoint) + `,
        operationHeaders: { appKey: ` + string(key) + ` },
        operations: [
          {
            type: 'Query',
            field: 'hebeiServiceSites',
            path: ` + string(path) + `,
            method: 'GET',
            queryParamArgMap: { pageNum: 'pageNum', pageSize: 'pageSize' },
            argTypeMap: { pageNum: { type: 'integer' }, pageSize: { type: 'integer' } },
            responseTypeName: 'HebeiSitePage',
            responseSchema: {
              type: 'object',
              title: 'HebeiSitePage',
              properties: {
                code: { type: 'integer' },
                msg: { type: 'string' },
                data: {
                  type: 'object',
                  title: 'HebeiSiteList',
                  properties: { total: { type: 'integer' }, list: { type: 'array', items: site } },
                },
              },
            },
          },
        ],
      }),
    },
  ],
});
`
}

// gatewayConfig is Hive's configuration: with cache, its built-in
// responseCaching for every operation of every client (no session) for an
// hour, as civgraph's cached gateway keeps pages for an hour.
func gatewayConfig(cache bool) string {
	var b strings.Builder
	b.WriteString("import { defineConfig } from '@graphql-hive/gateway';\n\n// Written by civgraph bench.\nexport const gatewayConfig = defineConfig({\n")
	if cache {
		b.WriteString("  responseCaching: { session: () => null, ttl: 3_600_000 },\n")
	}
	b.WriteString("});\n")
	return b.String()
}

// gatewayConfigFile is where gatewayConfig(cache) is written.
func gatewayConfigFile(cache bool) string {
	if cache {
		return "gateway-response-cache.ts"
	}
	return "gateway-no-cache.ts"
}

// peerEnv is an installed and composed peer: where its packages are and
// the directory holding its supergraph and configurations.
type peerEnv struct {
	dir  string // the npm project (node_modules inside)
	work string // supergraph.graphql and the gateway configurations
}

// installPeer installs the pinned packages under cacheDir (once per
// lockfile: a later run finds them there) and returns the npm project's
// directory.
func installPeer(ctx context.Context, cacheDir string, logf func(string, ...any)) (string, error) {
	npm, err := exec.LookPath("npm")
	if err != nil {
		return "", errors.New("npm not found in PATH")
	}
	if _, err := exec.LookPath("node"); err != nil {
		return "", errors.New("node not found in PATH")
	}
	// Absolute: the commands run in other directories than this one.
	cacheDir, err = filepath.Abs(cacheDir)
	if err != nil {
		return "", err
	}
	pkg, _ := peerPackage.ReadFile("peer/package.json")
	lock, _ := peerPackage.ReadFile("peer/package-lock.json")
	sum := sha256.Sum256(append(slices.Clip(pkg), lock...))
	dir := filepath.Join(cacheDir, "bench-peer-"+hex.EncodeToString(sum[:6]))
	stamp := filepath.Join(dir, "node_modules", ".civgraph-installed")
	if _, err := os.Stat(stamp); err == nil {
		return dir, nil
	}
	logf("installing the peer (Hive Gateway) with npm ci into %s", dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	for name, b := range map[string][]byte{"package.json": pkg, "package-lock.json": lock} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return "", err
		}
	}
	ctx, cancel := context.WithTimeout(ctx, peerInstallTimeout)
	defer cancel()
	cmd := groupCommand(ctx, dir, npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
	out := &tailBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("npm ci in %s: %v: %s", dir, err, oneLine(out.String()))
	}
	if err := os.WriteFile(stamp, nil, 0o644); err != nil {
		return "", err
	}
	return dir, nil
}

// groupCommand is a command in a process group of its own whose whole
// group is killed when ctx ends.
func groupCommand(ctx context.Context, dir, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	groupProcess(cmd)
	cmd.Cancel = func() error { return signalGroup(cmd.Process.Pid, syscall.SIGKILL) }
	return cmd
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// composePeer writes the configurations into a new directory of the npm
// project and composes the supergraph over the Hebei API at hebeiURL.
func composePeer(ctx context.Context, dir, hebeiURL string) (peerEnv, error) {
	work, err := os.MkdirTemp(dir, "run-")
	if err != nil {
		return peerEnv{}, err
	}
	env := peerEnv{dir: dir, work: work}
	files := map[string]string{"mesh.config.ts": meshConfig(hebeiURL),
		gatewayConfigFile(true): gatewayConfig(true), gatewayConfigFile(false): gatewayConfig(false)}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(work, name), []byte(text), 0o644); err != nil {
			env.remove()
			return peerEnv{}, err
		}
	}
	ctx, cancel := context.WithTimeout(ctx, peerStartTimeout)
	defer cancel()
	cmd := groupCommand(ctx, work, filepath.Join(dir, "node_modules", ".bin", "mesh-compose"), "-o", "supergraph.graphql")
	out := &tailBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Run(); err != nil {
		env.remove()
		return peerEnv{}, fmt.Errorf("mesh-compose: %v: %s", err, oneLine(out.String()))
	}
	return env, nil
}

func (e peerEnv) remove() { _ = os.RemoveAll(e.work) }

// startHive runs hive-gateway over the composed supergraph as kind says,
// on a free loopback port, and waits until it is ready.
func startHive(ctx context.Context, env peerEnv, kind peerKind) (*child, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(filepath.Join(env.dir, "node_modules", ".bin", "hive-gateway"), "supergraph", "supergraph.graphql",
		"--host", "127.0.0.1", "--port", strconv.Itoa(port), "--fork", strconv.Itoa(kind.fork),
		"--config-path", filepath.Join(env.work, gatewayConfigFile(kind.cache)))
	cmd.Dir = env.work
	cmd.Env = append(withoutCivgraphEnv(os.Environ()), "NODE_ENV=production")
	groupProcess(cmd)
	c := &child{name: kind.series, cmd: cmd, url: "http://127.0.0.1:" + strconv.Itoa(port), tail: &tailBuffer{}, done: make(chan struct{}), group: true}
	cmd.Stdout, cmd.Stderr = c.tail, c.tail
	if err := c.start(); err != nil {
		return nil, err
	}
	deadline := time.Now().Add(peerStartTimeout)
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.url+"/readiness", nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return c, nil
			}
		}
		select {
		case <-c.done:
			return nil, fmt.Errorf("%s exited: %s", c.name, oneLine(c.tail.String()))
		case <-ctx.Done():
			c.stop()
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			c.stop()
			return nil, fmt.Errorf("%s did not start in time: %s", c.name, oneLine(c.tail.String()))
		}
	}
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// peerOK accepts a complete answer of Hive's (HTTP 200, data, no errors)
// in which the upstream's envelope says success.
func peerOK(status int, body []byte) error {
	if err := graphQLOK(status, body); err != nil {
		return err
	}
	if !bytes.Contains(body, []byte(`"code":0,`)) {
		return fmt.Errorf("upstream code is not 0: %.300s", body)
	}
	return nil
}

// gatewaySiteIDs is the upstream ids of the sites of a civgraph page
// answer (node ids are base64url of "ServiceSite:PROVINCE:upstream id").
func gatewaySiteIDs(answer []byte) ([]string, error) {
	var page struct {
		Data struct {
			ServiceSites struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
	}
	if err := json.Unmarshal(answer, &page); err != nil {
		return nil, err
	}
	var ids []string
	for _, e := range page.Data.ServiceSites.Edges {
		raw, err := base64.RawURLEncoding.DecodeString(e.Node.ID)
		if err != nil {
			return nil, fmt.Errorf("node id %q: %w", e.Node.ID, err)
		}
		parts := strings.SplitN(string(raw), ":", 3)
		if len(parts) != 3 || parts[0] != "ServiceSite" {
			return nil, fmt.Errorf("node id %q is not a service site's", raw)
		}
		ids = append(ids, parts[1]+":"+parts[2])
	}
	return ids, nil
}

// peerSiteIDs is the ids of the sites of a Hive answer, as gatewaySiteIDs
// names them.
func peerSiteIDs(answer []byte) ([]string, error) {
	var page struct {
		Data struct {
			HebeiServiceSites struct {
				Data struct{ List []struct{ ID string } }
			}
		}
	}
	if err := json.Unmarshal(answer, &page); err != nil {
		return nil, err
	}
	var ids []string
	for _, s := range page.Data.HebeiServiceSites.Data.List {
		ids = append(ids, string(civ.Hebei)+":"+s.ID)
	}
	return ids, nil
}

// sameSites checks that Hive's answer holds the very sites, in the same
// order, of the gateway's.
func sameSites(gateway, peer []byte) error {
	want, err := gatewaySiteIDs(gateway)
	if err != nil {
		return fmt.Errorf("gateway answer: %w", err)
	}
	got, err := peerSiteIDs(peer)
	if err != nil {
		return fmt.Errorf("hive answer: %w", err)
	}
	if len(want) == 0 || !slices.Equal(got, want) {
		return fmt.Errorf("hive answers sites %v, the gateway %v", got, want)
	}
	return nil
}

// upstreamCalls is how many requests the upstreams' counters have seen
// for province p (admin API of civgraph upstreams).
func upstreamCalls(ctx context.Context, up *child, p civ.ProvinceCode) (int64, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, up.url+"/admin/counters", nil)
	req.Header.Set("Authorization", "Bearer "+up.adminToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var counters map[string]struct{ Requests int64 }
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("upstream counters: HTTP %d", resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(&counters); err != nil {
		return 0, fmt.Errorf("upstream counters: %w", err)
	}
	return counters[sampleapi.Name(p)].Requests, nil
}

// probeRepeats is how many times the cache probe repeats the query per
// worker, each time on a new connection.
const probeRepeats = 3

// probeCache proves that kind's response cache is what it claims: with it
// on, the upstream sees no request for a repeated query; with it off, one
// or more per query.
func probeCache(ctx context.Context, hive, up *child, kind peerKind, b []byte) error {
	before, err := upstreamCalls(ctx, up, civ.Hebei)
	if err != nil {
		return err
	}
	for range probeRepeats * kind.fork {
		if _, err := postCheck(ctx, hive.url, b, peerOK, true); err != nil {
			return err
		}
	}
	after, err := upstreamCalls(ctx, up, civ.Hebei)
	if err != nil {
		return err
	}
	switch calls := after - before; {
	case kind.cache && calls != 0:
		return fmt.Errorf("response cache not in effect: the upstream saw %d requests for %d repeated queries", calls, probeRepeats*kind.fork)
	case !kind.cache && calls < int64(probeRepeats*kind.fork):
		return fmt.Errorf("answers come from a cache: the upstream saw %d requests for %d queries", calls, probeRepeats*kind.fork)
	}
	return nil
}

// peers runs the Hive processes of a run: installed and composed once,
// each kind started when a scenario first needs it and stopped when the
// next scenario does not, so that at most a scenario's worth of node
// processes holds memory.
type peers struct {
	o       Options
	logf    func(string, ...any)
	skip    string // why there is no peer comparison; "" while there may be one
	dir     string
	env     peerEnv
	running map[peerKind]*child
	warmed  map[peerKind]bool // the running processes that had their first warm-up
}

// ready installs and composes the peer over up, once; it reports whether
// the peer can run, leaving the reason in skip when not.
func (p *peers) ready(ctx context.Context, up *child) bool {
	if p.skip != "" {
		return false
	}
	if p.env.work != "" {
		return true
	}
	if p.dir == "" {
		dir, err := installPeer(ctx, p.o.PeerCache, p.logf)
		if err != nil {
			p.skip = "peer not installed: " + err.Error()
			p.logf("%s", p.skip)
			return false
		}
		p.dir = dir
	}
	env, err := composePeer(ctx, p.dir, up.url+sampleapi.Prefix[civ.Hebei])
	if err != nil {
		p.skip = "peer not composed: " + err.Error()
		p.logf("%s", p.skip)
		return false
	}
	p.env = env
	return true
}

// start returns the running Hive of each kind, starting those not running
// (at once) and stopping the others, and why each that is not running
// failed to start.
func (p *peers) start(ctx context.Context, kinds []peerKind) (map[peerKind]*child, map[peerKind]error) {
	for k, c := range p.running {
		if !slices.Contains(kinds, k) {
			c.stop()
			delete(p.running, k)
			delete(p.warmed, k)
		}
	}
	if p.running == nil {
		p.running, p.warmed = map[peerKind]*child{}, map[peerKind]bool{}
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs = map[peerKind]error{}
	)
	for _, k := range kinds {
		if p.running[k] != nil {
			continue
		}
		p.logf("starting %s", k.series)
		wg.Go(func() {
			c, err := startHive(ctx, p.env, k)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs[k] = err
				return
			}
			p.running[k] = c
		})
	}
	wg.Wait()
	return p.running, errs
}

// stopAll ends every Hive process group and removes the composed files.
func (p *peers) stopAll() {
	for k, c := range p.running {
		c.stop()
		delete(p.running, k)
		delete(p.warmed, k)
	}
}

func (p *peers) close() {
	p.stopAll()
	if p.env.work != "" {
		p.env.remove()
		p.env = peerEnv{}
	}
}
