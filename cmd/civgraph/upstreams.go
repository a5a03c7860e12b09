package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/internal/sampleapi"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
)

const defaultUpstreamsListen = "127.0.0.1:9090"

// runUpstreams serves the four sample upstream APIs alone, for pointing a
// gateway (or anything else) at them over the network.
func runUpstreams(ctx context.Context, args []string, _, stderr io.Writer) error {
	fs := newFlagSet("upstreams", stderr)
	listen := fs.String("listen", defaultUpstreamsListen, "address to listen on, HOST:PORT")
	sites := fs.Int("sample-sites", dataset.DefaultSampleSites, "generated sample service sites per province (0: real records only)")
	seed := fs.Uint64("seed", dataset.DefaultSeed, "seed of the sample-site generator")
	injection := faultFlags(fs)
	if err := parse(fs, args); err != nil {
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
	defaults := config.Default()
	logger := newLogger(defaults.Log, stderr)
	srv := newHTTPServer(sampleapi.NewHandler(ds, faultOpt), defaults.HTTP, logger)
	return listenAndServe(ctx, srv, *listen, defaults.HTTP.ShutdownTimeout, logger, func(base string) {
		// Tell how to point a gateway here.
		for _, p := range civ.AllProvinces {
			logger.Info("sample upstream", "province", p,
				"env", "CIVGRAPH_SOURCES_"+strings.ToUpper(string(p))+"_BASE_URL="+base+sampleapi.Prefix[p])
		}
	})
}
