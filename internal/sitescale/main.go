package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
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
	"time"

	"github.com/civgraph/civgraph/internal/embedded"
)

func main() {
	sizes := flag.String("sites", "10000,1000000", "comma-separated sample sites per province, one stack each")
	repeat := flag.Int("repeat", 15, "times each query is asked (the median is printed)")
	warm := flag.Duration("warm", 8*time.Minute, "longest wait for the gateway's first complete Jiangsu answer")
	flag.Parse()
	if err := run(*sizes, *repeat, *warm); err != nil {
		fmt.Fprintln(os.Stderr, "sitescale:", err)
		os.Exit(1)
	}
}

// queries are asked in this order; each names what it shows.
var queries = []struct{ name, query string }{
	{"jiangsu first page", `{ serviceSites(first: 20, filter: {provinces: [JIANGSU]}) { totalCount edges { node { id name } } } }`},
	{"jiangsu count only", `{ serviceSites(first: 0, filter: {provinces: [JIANGSU]}) { totalCount } }`},
	{"jiangsu 100 rows", `{ serviceSites(first: 100, filter: {provinces: [JIANGSU]}) { totalCount edges { node { id name address } } } }`},
	{"jiangsu keyword", `{ serviceSites(first: 20, filter: {provinces: [JIANGSU], keyword: "长者食堂"}) { totalCount edges { node { id name } } } }`},
	{"jiangsu county", `{ serviceSites(first: 20, filter: {provinces: [JIANGSU], regionCodes: ["320381"]}) { totalCount edges { node { id name } } } }`},
	{"jiangsu prefecture+type", `{ serviceSites(first: 20, filter: {provinces: [JIANGSU], regionCodes: ["320100"], siteTypes: [COMMUNITY_CANTEEN]}) { totalCount edges { node { id name } } } }`},
	{"jiangsu real rows", `{ serviceSites(first: 20, filter: {provinces: [JIANGSU], sample: false}) { totalCount edges { node { id name } } } }`},
}

func run(sizes string, repeat int, warm time.Duration) error {
	dir, err := os.MkdirTemp("", "sitescale")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "civgraph")
	build := exec.Command("go", "build", "-o", bin, "./cmd/civgraph")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("build civgraph (run from the module root): %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stacks []*stack
	for s := range strings.SplitSeq(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("-sites: %w", err)
		}
		st, err := start(ctx, bin, n, warm)
		if st != nil {
			defer st.stop()
		}
		if err != nil {
			return fmt.Errorf("%d sites: %w", n, err)
		}
		stacks = append(stacks, st)
	}
	// Every query is asked of each stack in turn, so that load from
	// elsewhere on the machine falls on all sizes alike.
	failures := 0
	fmt.Printf("\nmedian latency over %d runs, sizes alternating:\n%-26s", repeat, "")
	for _, st := range stacks {
		fmt.Printf(" %12s", fmt.Sprintf("%d sites", st.n))
	}
	if len(stacks) > 1 {
		fmt.Printf("   largest/smallest")
	}
	fmt.Println()
	for _, q := range queries {
		took := make([][]time.Duration, len(stacks))
		for range repeat {
			for k, st := range stacks {
				t0 := time.Now()
				errs, err := ask(st.url, q.query)
				took[k] = append(took[k], time.Since(t0))
				if err != nil || errs != "" {
					failures++
					fmt.Printf("  %s at %d sites: FAILED %v %s\n", q.name, st.n, err, errs)
				}
			}
		}
		fmt.Printf("  %-24s", q.name)
		var med []time.Duration
		for k := range stacks {
			slices.Sort(took[k])
			med = append(med, took[k][len(took[k])/2])
			fmt.Printf(" %9.2f ms", float64(med[k].Microseconds())/1000)
		}
		if len(stacks) > 1 {
			fmt.Printf("   %5.2f×", float64(med[len(med)-1])/float64(med[0]))
		}
		fmt.Println()
	}
	for _, st := range stacks {
		rss, hwm := memory(st.gw.Process.Pid)
		fmt.Printf("gateway at %d sites: VmRSS %d MiB, peak VmHWM %d MiB\n", st.n, rss>>10, hwm>>10)
	}
	fmt.Printf("%d requests, %d failed\n", len(queries)*repeat*len(stacks), failures)
	if failures > 0 {
		return errors.New("some requests failed")
	}
	return nil
}

// stack is the sample upstreams with n sites a province and a gateway in
// front of them, each its own process.
type stack struct {
	n      int
	url    string
	up, gw *exec.Cmd
}

func (s *stack) stop() {
	for _, c := range []*exec.Cmd{s.gw, s.up} {
		if c != nil {
			stop(c)
		}
	}
}

// start starts a stack and waits for its first complete Jiangsu answer.
func start(ctx context.Context, bin string, n int, warm time.Duration) (*stack, error) {
	st := &stack{n: n}
	st.up = exec.CommandContext(ctx, bin, "upstreams", "--listen", "127.0.0.1:0", "--sample-sites", strconv.Itoa(n))
	out, err := st.up.StdoutPipe()
	if err != nil {
		return nil, err
	}
	st.up.Stderr = io.Discard
	if err := st.up.Start(); err != nil {
		return nil, err
	}
	// The first line names the upstreams' base URL.
	const banner = "# civgraph sample upstreams at "
	br := bufio.NewReader(out)
	line, err := br.ReadString('\n')
	base, _, ok := strings.Cut(strings.TrimPrefix(line, banner), ": ")
	if err != nil || !ok || !strings.HasPrefix(line, banner) {
		return st, fmt.Errorf("the upstreams did not say where they listen: %q", line)
	}
	go func() { _, _ = io.Copy(io.Discard, br) }()
	addr, err := freeAddr()
	if err != nil {
		return st, err
	}
	st.gw = exec.CommandContext(ctx, bin, "serve", "--listen", addr)
	st.gw.Env = append(append(os.Environ(), embedded.Env(base)...), "CIVGRAPH_LOG_LEVEL=error", "CIVGRAPH_PLAYGROUND_ENABLED=false",
		// One client asks as fast as it can: not what the rate limit is for.
		"CIVGRAPH_LIMITS_RATE_PER_SECOND=100000", "CIVGRAPH_LIMITS_RATE_BURST=100000")
	st.gw.Stdout, st.gw.Stderr = io.Discard, os.Stderr
	if err := st.gw.Start(); err != nil {
		st.gw = nil
		return st, err
	}
	st.url = "http://" + addr + "/graphql"
	fmt.Printf("%d sample sites per province: gateway pid %d; ", n, st.gw.Process.Pid)
	t0 := time.Now()
	for {
		errs, err := ask(st.url, queries[0].query)
		if err == nil && errs == "" {
			break
		}
		if time.Since(t0) > warm {
			return st, fmt.Errorf("no complete Jiangsu answer within %s: %v %s", warm, err, errs)
		}
		time.Sleep(250 * time.Millisecond)
	}
	fmt.Printf("first complete answer after %s (download and index of the bulk file)\n", time.Since(t0).Round(time.Millisecond))
	return st, nil
}

// ask posts query and returns the messages of any GraphQL errors.
func ask(url, query string) (string, error) {
	body, _ := json.Marshal(map[string]string{"query": query})
	resp, err := http.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var out struct {
		Errors []struct {
			Message    string         `json:"message"`
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return "", fmt.Errorf("HTTP %d: %w", resp.StatusCode, err)
	}
	var msgs []string
	for _, e := range out.Errors {
		msgs = append(msgs, fmt.Sprintf("%v: %s", e.Extensions["code"], e.Message))
	}
	return strings.Join(msgs, "; "), nil
}

// memory reads a process's VmRSS and VmHWM in KiB.
func memory(pid int) (rss, hwm int64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 {
			v, _ := strconv.ParseInt(f[1], 10, 64)
			switch f[0] {
			case "VmRSS:":
				rss = v
			case "VmHWM:":
				hwm = v
			}
		}
	}
	return rss, hwm
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// stop ends a process started here and waits for it.
func stop(cmd *exec.Cmd) {
	_ = cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		<-done
	}
}
