// Command sitescale is a bounded run, not a test: it builds civgraph,
// starts the sample upstreams with N generated sites per province
// (civgraph upstreams --sample-sites N) and a gateway pointed at them in
// a second process, asks the gateway a fixed set of service-site queries
// (Jiangsu alone and all four provinces: pages, counts, keyword, region,
// type and sample filters), and prints each query's median latency, the
// errors and the gateway's resident memory (VmRSS and its peak, VmHWM).
// It exits non-zero when any request failed.
//
//	go run ./internal/sitescale -sites 10000,1000000
//
// With several sizes it also prints each query's latency at the largest
// size over its latency at the smallest, measured in the same run.
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
	sizes := flag.String("sites", "10000,1000000", "comma-separated sample sites per province, one run each")
	repeat := flag.Int("repeat", 15, "times each query is asked (the median is printed)")
	warm := flag.Duration("warm", 3*time.Minute, "longest wait for the gateway's first complete Jiangsu answer")
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
	{"four provinces page", `{ serviceSites(first: 20) { totalCount edges { node { id name } } } }`},
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
	var results []map[string]time.Duration
	var ns []int
	failed := false
	for s := range strings.SplitSeq(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("-sites: %w", err)
		}
		res, errs, err := runSize(bin, n, repeat, warm)
		if err != nil {
			return fmt.Errorf("%d sites: %w", n, err)
		}
		failed = failed || errs > 0
		results, ns = append(results, res), append(ns, n)
	}
	if len(ns) > 1 {
		first, last := 0, len(ns)-1
		fmt.Printf("\nlatency at %d sites over latency at %d, same run:\n", ns[last], ns[first])
		for _, q := range queries {
			fmt.Printf("  %-26s %5.2f×\n", q.name, float64(results[last][q.name])/float64(results[first][q.name]))
		}
	}
	if failed {
		return errors.New("some requests failed")
	}
	return nil
}

// runSize runs the queries against upstreams with n sites a province.
func runSize(bin string, n, repeat int, warm time.Duration) (map[string]time.Duration, int, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	up := exec.CommandContext(ctx, bin, "upstreams", "--listen", "127.0.0.1:0", "--sample-sites", strconv.Itoa(n))
	out, err := up.StdoutPipe()
	if err != nil {
		return nil, 0, err
	}
	up.Stderr = io.Discard
	if err := up.Start(); err != nil {
		return nil, 0, err
	}
	defer stop(up)
	// The first line names the upstreams' base URL.
	const banner = "# civgraph sample upstreams at "
	br := bufio.NewReader(out)
	line, err := br.ReadString('\n')
	base, _, ok := strings.Cut(strings.TrimPrefix(line, banner), ": ")
	if err != nil || !ok || !strings.HasPrefix(line, banner) {
		return nil, 0, fmt.Errorf("the upstreams did not say where they listen: %q", line)
	}
	env := embedded.Env(base)
	go func() { _, _ = io.Copy(io.Discard, br) }()
	addr, err := freeAddr()
	if err != nil {
		return nil, 0, err
	}
	gw := exec.CommandContext(ctx, bin, "serve", "--listen", addr)
	gw.Env = append(append(os.Environ(), env...), "CIVGRAPH_LOG_LEVEL=warn", "CIVGRAPH_PLAYGROUND_ENABLED=false")
	gw.Stdout, gw.Stderr = io.Discard, os.Stderr
	if err := gw.Start(); err != nil {
		return nil, 0, err
	}
	defer stop(gw)
	url := "http://" + addr + "/graphql"

	fmt.Printf("\n== %d sample sites per province (gateway pid %d)\n", n, gw.Process.Pid)
	start := time.Now()
	for {
		errs, err := ask(url, queries[0].query)
		if err == nil && errs == "" {
			break
		}
		if time.Since(start) > warm {
			return nil, 0, fmt.Errorf("no complete Jiangsu answer within %s: %v %s", warm, err, errs)
		}
		time.Sleep(250 * time.Millisecond)
	}
	fmt.Printf("first complete answer after %s (download and index of the bulk file)\n", time.Since(start).Round(time.Millisecond))

	res := map[string]time.Duration{}
	failures := 0
	for _, q := range queries {
		var took []time.Duration
		for range repeat {
			t0 := time.Now()
			errs, err := ask(url, q.query)
			took = append(took, time.Since(t0))
			if err != nil || errs != "" {
				failures++
				fmt.Printf("  %s: FAILED %v %s\n", q.name, err, errs)
			}
		}
		slices.Sort(took)
		res[q.name] = took[len(took)/2]
		fmt.Printf("  %-26s median %8.2f ms\n", q.name, float64(took[len(took)/2].Microseconds())/1000)
	}
	rss, hwm := memory(gw.Process.Pid)
	fmt.Printf("gateway VmRSS %d MiB, peak VmHWM %d MiB; %d requests, %d failed\n", rss>>10, hwm>>10, len(queries)*repeat, failures)
	return res, failures, nil
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
