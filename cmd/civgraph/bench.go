package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"regexp"

	"github.com/civgraph/civgraph/internal/bench"
)

// runBench measures the gateway against its baselines (internal/bench).
func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench", stdout, stderr)
	smoke := fs.Bool("smoke", false, "a run of seconds that fails only on errors, never on timing (for CI)")
	def := bench.DefaultOptions()
	duration := fs.Duration("duration", def.Duration, "load per series and scenario, split over --rounds")
	rounds := fs.Int("rounds", def.Rounds, "alternations of gateway, raw handler and upstream within a scenario")
	conns := fs.Int("conns", def.Conns, "concurrent clients of the throughput scenarios")
	coldConns := fs.Int("cold-conns", def.ColdConns, "concurrent clients of the latency scenarios (cold fan-out, scale)")
	sites := fs.Int("sites", def.Sites, "generated service sites per province of the usual upstreams")
	largeSites := fs.Int("large-sites", def.LargeSites, "generated service sites per province in the scale scenario")
	latency := fs.Duration("latency", def.Latency, "latency added to every upstream in the cold fan-out scenarios")
	clients := fs.Int("clients", def.Clients, "clients of the sustained-load scenario")
	sustain := fs.Duration("sustain", def.Sustain, "duration of the sustained-load scenario")
	only := fs.String("only", "", "run only the scenarios whose id matches this regular expression (\"sustained\" is the sustained load), e.g. 'cold|jiangsu'")
	gatewayBin := fs.String("gateway-binary", "", "measure the serve command of this civgraph executable instead of this one's (before/after figures of an older build)")
	peer := fs.Bool("peer", def.Peer, "measure Hive Gateway beside the gateway in the cached-1, cached-4 and uncached-1 scenarios (needs node and npm; its pinned packages are installed once with npm ci under --peer-cache)")
	peerCache := fs.String("peer-cache", def.PeerCache, "directory the peer's npm packages are installed in")
	rawAnswer := fs.String("raw-answer", "", "serve this file's bytes as the raw-handler baseline and nothing else (the benchmark starts such a process itself)")
	if err := fs.parse(args); err != nil {
		return err
	}
	if *rawAnswer != "" {
		return bench.ServeRaw(ctx, *rawAnswer, stdout)
	}
	o := bench.Options{Duration: *duration, Rounds: *rounds, Conns: *conns, ColdConns: *coldConns, Sites: *sites,
		LargeSites: *largeSites, Latency: *latency, Clients: *clients, Sustain: *sustain}
	if *smoke {
		o = bench.SmokeOptions()
	}
	o.Peer, o.PeerCache = *peer, *peerCache
	for _, c := range []struct {
		name string
		n    int64
	}{{"duration", int64(o.Duration)}, {"rounds", int64(o.Rounds)}, {"conns", int64(o.Conns)}, {"cold-conns", int64(o.ColdConns)},
		{"sites", int64(o.Sites)}, {"large-sites", int64(o.LargeSites)}, {"clients", int64(o.Clients)}, {"sustain", int64(o.Sustain)}} {
		if c.n <= 0 {
			fmt.Fprintf(stderr, "--%s must be positive\n", c.name)
			return errUsage
		}
	}
	if o.Sites < 110 {
		fmt.Fprintln(stderr, "--sites must be at least 110: the page-boundary scenario reads Hebei's rows 91 to 110")
		return errUsage
	}
	if *only != "" {
		re, err := regexp.Compile(*only)
		if err != nil {
			fmt.Fprintf(stderr, "--only: %v\n", err)
			return errUsage
		}
		o.Only = re
	}
	bin, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find the civgraph executable to run the gateway and upstreams: %w", err)
	}
	o.Binary, o.Progress, o.GatewayBinary = bin, stderr, *gatewayBin
	return bench.Run(ctx, o, stdout)
}
