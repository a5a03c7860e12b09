package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/gateway"
	"github.com/civgraph/civgraph/internal/chaos"
	"github.com/civgraph/civgraph/internal/sampleapi"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	"github.com/civgraph/civgraph/server"
)

func TestChaosCommand(t *testing.T) {
	const token = "chaos-command-test-token"
	ds, err := dataset.Load(dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	in := sampleapi.NewInjector(1)
	ups, err := sampleapi.Start("127.0.0.1:0", ds, sampleapi.WithFaults(in, token))
	if err != nil {
		t.Fatal(err)
	}
	defer ups.Close()
	cfg := config.Default()
	if err := chaos.UseUpstreams(&cfg, ups); err != nil {
		t.Fatal(err)
	}
	g, err := gateway.New(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	gw := httptest.NewServer(server.New(cfg, g.GraphQLHandler(), g.Ready, nil))
	defer gw.Close()

	base := []string{"chaos", "--gateway", gw.URL, "--upstreams", ups.URL, "--duration", "1s", "--rate", "8"}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append(base, "--admin-token", token, "--profile", "garbage-hebei"), &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`profile garbage-hebei`),
		regexp.MustCompile(`success \(data, no error\)\s+\d+\.\d%`),
		regexp.MustCompile(`latency p50 / p99 / max\s+\d`),
		regexp.MustCompile(`(?m)^hebei\s+\d+\s+\d+\.\d\d\s+\S*(malformed|truncate|reset)=`),
		regexp.MustCompile(`(?m)^shanghai\s+\d+\s+\d+\.\d\d\s+-\s+FRESH=\d+`),
	} {
		if !want.MatchString(out) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	if p, _ := in.Profile("hebei"); p.MalformedRatio != 0 {
		t.Errorf("faults left in place after the run: %+v", p)
	}

	for _, c := range []struct {
		args []string
		code int
		err  string
	}{
		{append(base, "--admin-token", token, "--profile", "meteor"), 1, `unknown fault profile "meteor"`},
		{append(base, "--profile", "flaky"), 1, "--admin-token"},
		{append(base, "--admin-token", "wrong-token-wrong", "--profile", "flaky"), 1, "HTTP 401"},
		{append(base, "--admin-token", token, "--duration", "1h"), 1, "--duration"},
		{append(base, "--admin-token", token, "--rate", "0"), 1, "--rate"},
		{[]string{"chaos", "--gateway", "ftp://x", "--admin-token", token}, 1, "--gateway"},
	} {
		var stdout, stderr bytes.Buffer
		t.Setenv(adminTokenEnv, "")
		if code := run(context.Background(), c.args, &stdout, &stderr); code != c.code || !strings.Contains(stderr.String(), c.err) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args[len(c.args)-2:], code, stderr.String(), c.code, c.err)
		}
	}
}

func TestUpstreamsFaultFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		err  string
	}{
		{[]string{"upstreams", "--faults", "hunan=outage"}, `unknown upstream "hunan"`},
		{[]string{"upstreams", "--faults", "hebei=error:0.7,hebei=throttle:0.7"}, "add up to"},
		{[]string{"upstreams", "--faults", "hebei=outage", "--admin-token", "short"}, "at least 16"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), c.args, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), c.err) {
			t.Errorf("%v: exit %d, stderr %q; want 1 and %q", c.args, code, stderr.String(), c.err)
		}
	}
}
