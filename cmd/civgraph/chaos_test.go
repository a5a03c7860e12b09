package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/internal/sampleapi/faults"
	"github.com/civgraph/civgraph/internal/syncbuf"
)

// TestChaosCommand runs the README's flow: upstreams with an admin token,
// a gateway from the environment they print, then civgraph chaos.
func TestChaosCommand(t *testing.T) {
	const token = "chaos-command-test-token"
	printed := &syncbuf.Buffer{}
	upsURL, stopUps, upsDone, _ := runServer(t, printed, "upstreams", "--listen", "127.0.0.1:0", "--admin-token", token)
	defer func() { stopUps(); <-upsDone }()
	for line := range strings.SplitSeq(strings.TrimSpace(printed.String()), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
			t.Setenv(k, v)
		}
	}
	t.Setenv("CIVGRAPH_PLAYGROUND_ENABLED", "false")
	gwURL, stopGW, gwDone, _ := runServer(t, io.Discard, "serve", "--listen", "127.0.0.1:0")
	defer func() { stopGW(); <-gwDone }()

	base := []string{"chaos", "--gateway", strings.TrimSuffix(gwURL, "/"), "--upstreams", strings.TrimSuffix(upsURL, "/"), "--duration", "1s", "--rate", "8"}
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
	admin := &faults.Client{BaseURL: strings.TrimSuffix(upsURL, "/"), Token: token}
	if err := admin.ResetCounters(context.Background()); err != nil {
		t.Fatal(err)
	}
	if resp, err := http.Get(upsURL + "hebei/api/v1/hy/list"); err == nil {
		resp.Body.Close()
	}
	if c, err := admin.Counters(context.Background()); err != nil || c["hebei"].Requests != 1 || len(c["hebei"].Faults) != 0 {
		t.Errorf("after the run Hebei still injects faults: %+v %v", c["hebei"], err)
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
