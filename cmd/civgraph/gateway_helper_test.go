package main

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/gateway"
	"github.com/civgraph/civgraph/internal/embedded"
	"github.com/civgraph/civgraph/server"
)

// startGateway serves a gateway built from cfg over loopback, its
// provinces answered by the sample upstreams, as civgraph serve runs it;
// everything stops when the test ends. It returns the base URL.
func startGateway(t *testing.T, cfg config.Config, opts func(*gateway.Gateway) []server.Option) string {
	t.Helper()
	samples, err := embedded.Start(&cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = samples.Close() })
	g, err := gateway.New(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = g.Close() })
	var o []server.Option
	if opts != nil {
		o = opts(g)
	}
	srv := httptest.NewServer(server.New(cfg, g.GraphQLHandler(), g.Ready, nil, o...))
	t.Cleanup(srv.Close)
	return srv.URL
}
