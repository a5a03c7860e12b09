package chaos_test

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/gateway"
	"github.com/civgraph/civgraph/internal/chaos"
	"github.com/civgraph/civgraph/internal/embedded"
	"github.com/civgraph/civgraph/internal/sampleapi"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	"github.com/civgraph/civgraph/internal/sampleapi/faults"
	"github.com/civgraph/civgraph/server"
)

const adminToken = "chaos-suite-admin-token"

var loadDataset = sync.OnceValues(func() (*dataset.Dataset, error) { return dataset.Load(dataset.Options{}) })

// rig is a gateway in front of fault-injecting sample upstreams, both on
// loopback with real HTTP.
type rig struct {
	t        *testing.T
	faults   *faults.Injector
	admin    *faults.Client
	upstream *sampleapi.Server
	cfg      config.Config
	gw       *gateway.Gateway
	gateway  *httptest.Server
	close    func()
}

// newRig starts the sample upstreams and a gateway configured by cfg
// (after mutate) pointing at them with their demo credentials.
func newRig(t *testing.T, mutate func(*config.Config)) *rig {
	t.Helper()
	return newSeededRig(t, 1, mutate)
}

// newSeededRig is newRig with the fault injector's seed.
func newSeededRig(t *testing.T, seed uint64, mutate func(*config.Config)) *rig {
	t.Helper()
	ds, err := loadDataset()
	if err != nil {
		t.Fatal(err)
	}
	in := sampleapi.NewInjector(seed)
	ups, err := sampleapi.Start("127.0.0.1:0", ds, sampleapi.WithFaults(in, adminToken))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ups.Close() })
	r := &rig{t: t, faults: in, upstream: ups, admin: &faults.Client{BaseURL: ups.URL, Token: adminToken}}

	cfg := config.Default()
	cfg.GraphQL.CursorSecret = "chaos suite cursor secret"
	// All queries come from one loopback address; the per-client rate
	// limit is not what these scenarios measure.
	cfg.Limits.RatePerSecond, cfg.Limits.RateBurst = 1_000_000, 1_000_000
	for _, p := range civ.AllProvinces {
		for _, kv := range embedded.Settings(p, ups.URL) {
			if err := cfg.Set(kv[0], kv[1]); err != nil {
				t.Fatal(err)
			}
		}
	}
	if mutate != nil {
		mutate(&cfg)
	}
	r.cfg = cfg
	r.startGateway()
	t.Cleanup(func() { r.close() })
	return r
}

// restart stops the gateway and starts a new one with the same settings,
// as a process restart does.
func (r *rig) restart() {
	r.t.Helper()
	r.close()
	r.startGateway()
}

// startGateway builds a gateway and serves it on loopback.
func (r *rig) startGateway() {
	r.t.Helper()
	g, err := gateway.New(context.Background(), r.cfg, nil)
	if err != nil {
		r.t.Fatal(err)
	}
	srv := httptest.NewServer(server.New(r.cfg, g.GraphQLHandler(), g.Ready, nil))
	r.gw, r.gateway = g, srv
	r.close = func() {
		srv.Close()
		_ = g.Close()
	}
}

// set applies the faults (upstream name → profile) and clears the others.
func (r *rig) set(profiles map[string]faults.Profile) {
	r.t.Helper()
	if err := chaos.Apply(context.Background(), r.admin, chaos.Scenario{Faults: profiles}); err != nil {
		r.t.Fatal(err)
	}
}

// run sends load at the gateway.
func (r *rig) run(l chaos.Load) []chaos.Outcome {
	l.GatewayURL = r.gateway.URL
	return chaos.Run(context.Background(), l)
}

// calls returns the upstream calls each province has received so far.
func (r *rig) calls() map[string]int64 {
	c, err := r.admin.Counters(context.Background())
	if err != nil {
		r.t.Fatal(err)
	}
	out := map[string]int64{}
	for n, v := range c {
		out[n] = v.Requests
	}
	return out
}
