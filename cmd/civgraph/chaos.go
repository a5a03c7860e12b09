package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/civgraph/civgraph/internal/chaos"
	"github.com/civgraph/civgraph/internal/sampleapi/faults"
)

// Bounds of a chaos run: it is a measurement, not a load generator for
// hours on end.
const (
	maxChaosDuration    = 10 * time.Minute
	maxChaosRate        = 1000
	maxChaosConcurrency = 256
)

// runChaos injects a named fault profile into running sample upstreams
// (through their admin API), drives queries at a running gateway for a
// bounded time, then clears the faults and prints what clients saw and
// how many calls each upstream received.
func runChaos(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("chaos", stdout, stderr)
	gatewayURL := fs.String("gateway", "http://127.0.0.1:8080", "base URL of the running gateway")
	upstreamsURL := fs.String("upstreams", "http://"+defaultUpstreamsListen, "base URL of the running sample upstreams (civgraph upstreams --admin-token …)")
	token := fs.String("admin-token", "", "the sample upstreams' admin token (default $"+adminTokenEnv+")")
	profile := fs.String("profile", "flaky", "fault profile: "+profileHelp())
	duration := fs.Duration("duration", 30*time.Second, "how long to send queries (at most "+maxChaosDuration.String()+")")
	rate := fs.Float64("rate", 20, "queries started per second")
	concurrency := fs.Int("concurrency", 64, "queries in flight at most (a slow gateway lowers the rate reached)")
	same := fs.Bool("same-query", false, "repeat one query (served from the cache) instead of distinct, uncached ones")
	settle := fs.Duration("settle", 45*time.Second, "before injecting faults, wait at most this long for every province to answer (an earlier run may have left a breaker open)")
	if err := fs.parse(args); err != nil {
		return err
	}
	scenario, err := chaos.Lookup(*profile)
	switch {
	case err != nil:
		return fmt.Errorf("--profile: %w", err)
	case *duration <= 0 || *duration > maxChaosDuration:
		return fmt.Errorf("--duration must be within (0, %s], got %s", maxChaosDuration, *duration)
	case !(*rate > 0 && *rate <= maxChaosRate):
		return fmt.Errorf("--rate must be within (0, %d], got %v", maxChaosRate, *rate)
	case *settle < 0 || *settle > maxChaosDuration:
		return fmt.Errorf("--settle must be within [0, %s], got %s", maxChaosDuration, *settle)
	case *concurrency < 1 || *concurrency > maxChaosConcurrency:
		return fmt.Errorf("--concurrency must be within [1, %d], got %d", maxChaosConcurrency, *concurrency)
	}
	for name, u := range map[string]string{"--gateway": *gatewayURL, "--upstreams": *upstreamsURL} {
		if p, err := url.Parse(u); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return fmt.Errorf("%s must be an http(s) URL, got %q", name, u)
		}
	}
	if *token == "" {
		*token = os.Getenv(adminTokenEnv)
	}
	if *token == "" {
		return errors.New("--admin-token (or $" + adminTokenEnv + ") is required to set faults")
	}

	admin := &faults.Client{BaseURL: strings.TrimSuffix(*upstreamsURL, "/"), Token: *token}
	gateway := strings.TrimSuffix(*gatewayURL, "/")
	if err := chaos.Apply(ctx, admin, chaos.Scenarios["none"]); err != nil {
		return err
	}
	if !chaos.Settle(ctx, gateway, *settle) {
		fmt.Fprintf(stderr, "civgraph chaos: warning: some province still failed after %s without faults; the figures include it\n", *settle)
	}
	if err := chaos.Apply(ctx, admin, scenario); err != nil {
		return err
	}
	// Clear the faults whatever happens, even after Ctrl-C.
	defer func() {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := chaos.Apply(cctx, admin, chaos.Scenarios["none"]); err != nil {
			fmt.Fprintf(stderr, "civgraph chaos: could not clear the faults: %v\n", err)
		}
	}()
	if err := admin.ResetCounters(ctx); err != nil {
		return err
	}

	// Start the series somewhere new, so that this run does not find the
	// answers of an earlier one in the gateway's cache.
	query := chaos.DistinctFrom(rand.IntN(chaos.MaxDistinct))
	if *same {
		query = chaos.SameMeetings
	}
	fmt.Fprintf(stdout, "profile %s: %s\n%.0f queries/s for %s against %s\n\n", scenario.Name, scenario.About, *rate, *duration, *gatewayURL)
	began := time.Now()
	outcomes := chaos.Run(ctx, chaos.Load{GatewayURL: gateway, Duration: *duration,
		Rate: *rate, Concurrency: *concurrency, Query: query})
	elapsed := time.Since(began)
	calls, err := admin.Counters(context.WithoutCancel(ctx))
	if err != nil {
		return err
	}
	s := chaos.Summarize(outcomes)
	if err := s.WriteTable(stdout, elapsed, calls); err != nil {
		return err
	}
	if s.Queries > 0 && s.Failed == s.Queries {
		return fmt.Errorf("every query failed; is the gateway at %s running?", *gatewayURL)
	}
	return nil
}

func profileHelp() string {
	var b strings.Builder
	for _, n := range chaos.ScenarioNames() {
		fmt.Fprintf(&b, "\n    %-18s %s", n, chaos.Scenarios[n].About)
	}
	return b.String()
}
