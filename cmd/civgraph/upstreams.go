package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/internal/embedded"
	"github.com/civgraph/civgraph/internal/sampleapi"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
)

const defaultUpstreamsListen = "127.0.0.1:9090"

// runUpstreams serves the four sample upstream APIs alone, for pointing a
// gateway (or anything else) at them over the network.
func runUpstreams(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("upstreams", stdout, stderr)
	listen := fs.String("listen", defaultUpstreamsListen, "address to listen on, HOST:PORT")
	sites := fs.Int("sample-sites", dataset.DefaultSampleSites, "generated sample service sites per province (0: real records only)")
	seed := fs.Uint64("seed", dataset.DefaultSeed, "seed of the sample-site generator")
	injection := faultFlags(fs.FlagSet)
	if err := fs.parse(args); err != nil {
		return err
	}
	faultOpt, err := injection.option()
	if err != nil {
		return err
	}
	if *sites < 0 {
		return fmt.Errorf("--sample-sites must not be negative, got %d", *sites)
	}
	opts := dataset.Options{SampleSitesPerProvince: *sites, Seed: *seed}
	if *sites == 0 {
		opts.SampleSitesPerProvince = -1 // dataset reads 0 as "default"
	}
	ds, err := dataset.Load(opts)
	if err != nil {
		return fmt.Errorf("load dataset: %w", err)
	}
	// Generating a million sites per province leaves gigabytes of garbage;
	// collecting it now keeps the first collection of a multi-gigabyte heap
	// out of the first requests and hands the memory back to the system.
	debug.FreeOSMemory()
	defaults := config.Default()
	logger, flushLog := newLogger(defaults.Log, stderr)
	defer flushLog()
	srv := newHTTPServer(sampleapi.NewHandler(ds, faultOpt), defaults.HTTP, logger)
	return listenAndServe(ctx, srv, *listen, defaults.HTTP.ShutdownTimeout, logger, func(base string) {
		// Tell how to point a gateway here: on stdout, as an environment
		// file a shell can source, credentials included (they are the
		// sample APIs' published demo credentials, not secrets).
		fmt.Fprintf(stdout, "# civgraph sample upstreams at %s: environment for a gateway (set -a; . FILE; set +a)\n", base)
		for _, line := range embedded.Env(base) {
			fmt.Fprintln(stdout, line)
		}
	})
}
