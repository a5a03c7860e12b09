package bench

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/internal/embedded"
)

// child is a civgraph process the benchmark started.
type child struct {
	name     string
	cmd      *exec.Cmd
	url      string // base URL of its main listener
	debugURL string // base URL of its diagnostics listener; "" when none
	tail     *tailBuffer
	done     chan struct{}
	// group: the child leads a process group (Hive and its workers),
	// signalled and measured as a whole.
	group bool
	// adminToken opens the sample upstreams' admin API (counters).
	adminToken string
}

// startTimeout bounds a child's start: a million sites per province take
// seconds to generate.
const startTimeout = 3 * time.Minute

// logURL finds the listener URLs a child logs: msg=listening url=… and
// msg="debug listening" url=….
var logURL = regexp.MustCompile(`msg="?(listening|debug listening)"? url=(\S+)`)

// startUpstreams runs `civgraph upstreams` with sites generated rows per
// province and faults (e.g. every province's added latency).
func startUpstreams(ctx context.Context, bin string, sites int, faults string) (*child, error) {
	args := []string{"upstreams", "--listen", "127.0.0.1:0", "--sample-sites", strconv.Itoa(sites)}
	if faults != "" {
		args = append(args, "--faults", faults)
	}
	c := &child{name: fmt.Sprintf("upstreams (%d sites)", sites), cmd: exec.Command(bin, args...), tail: &tailBuffer{}, done: make(chan struct{}),
		adminToken: rand.Text()}
	// The admin API's counters prove whether a peer's answers come from
	// its cache; the token is passed in the environment, not the arguments.
	c.cmd.Env = append(withoutCivgraphEnv(os.Environ()), adminTokenEnv+"="+c.adminToken)
	c.cmd.Stderr = c.tail
	out, err := c.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	// "# civgraph sample upstreams at http://127.0.0.1:PORT: environment …"
	if err := c.awaitAnnounced(ctx, out, "# civgraph sample upstreams at "); err != nil {
		return nil, err
	}
	return c, nil
}

// awaitAnnounced starts c and waits for the line of its standard output
// (out) that begins with prefix and names its base URL.
func (c *child) awaitAnnounced(ctx context.Context, out io.Reader, prefix string) error {
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), prefix); ok {
				base, _, _ := strings.Cut(rest, ": ")
				found <- base
			}
		}
		_, _ = io.Copy(io.Discard, out)
	}()
	if err := c.start(); err != nil {
		return err
	}
	select {
	case c.url = <-found:
		return nil
	case <-c.done:
		return fmt.Errorf("%s exited: %s", c.name, c.tail)
	case <-time.After(startTimeout):
	case <-ctx.Done():
	}
	c.stop()
	return fmt.Errorf("%s did not start in time: %s", c.name, c.tail)
}

// startGateway runs `civgraph serve` against the upstreams at upstreamURL
// with settings (key → value) on top of the benchmark's own, and waits
// until it is live.
func startGateway(ctx context.Context, bin, name, upstreamURL string, settings map[string]string) (*child, error) {
	c := &child{name: "gateway " + name, cmd: exec.Command(bin, "serve", "--listen", "127.0.0.1:0"), tail: &tailBuffer{}, done: make(chan struct{})}
	env := withoutCivgraphEnv(os.Environ())
	env = append(env, embedded.Env(upstreamURL)...)
	for k, v := range settings {
		env = append(env, config.EnvName(k)+"="+v)
	}
	c.cmd.Env = env
	pr, pw := io.Pipe()
	c.cmd.Stderr = pw
	c.cmd.Stdout = io.Discard
	urls := make(chan [2]string, 2)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			line := sc.Text()
			c.tail.add(line)
			if m := logURL.FindStringSubmatch(line); m != nil {
				urls <- [2]string{m[1], strings.TrimSuffix(m[2], "/")}
			}
		}
	}()
	if err := c.start(); err != nil {
		return nil, err
	}
	go func() { <-c.done; _ = pw.Close() }()
	deadline := time.After(startTimeout)
	var debugWait <-chan time.Time // after the main listener: a gateway without debug.listen never logs it
	for c.url == "" || (settings["debug.listen"] != "" && c.debugURL == "") {
		select {
		case <-debugWait:
			return c, nil
		case u := <-urls:
			if u[0] == "listening" {
				c.url = u[1]
				debugWait = time.After(2 * time.Second)
			} else {
				c.debugURL = u[1]
			}
		case <-c.done:
			return nil, fmt.Errorf("%s exited: %s", c.name, c.tail)
		case <-deadline:
			c.stop()
			return nil, fmt.Errorf("%s did not start in time: %s", c.name, c.tail)
		case <-ctx.Done():
			c.stop()
			return nil, ctx.Err()
		}
	}
	return c, nil
}

func (c *child) start() error {
	followParent(c.cmd)
	if err := c.cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", c.name, err)
	}
	go func() { _ = c.cmd.Wait(); close(c.done) }()
	return nil
}

// adminTokenEnv is where civgraph upstreams reads its admin token.
const adminTokenEnv = "SAMPLEAPI_ADMIN_TOKEN"

// stop ends the child with SIGTERM (a graceful shutdown), then SIGKILL;
// a group leader's whole group, so that no worker outlives it.
func (c *child) stop() {
	if c == nil {
		return
	}
	pid := c.cmd.Process.Pid
	signal := func(s syscall.Signal) {
		if c.group {
			_ = signalGroup(pid, s)
		} else {
			_ = c.cmd.Process.Signal(s)
		}
	}
	signal(syscall.SIGTERM)
	select {
	case <-c.done:
	case <-time.After(5 * time.Second):
		signal(syscall.SIGKILL)
		<-c.done
	}
	if c.group {
		_ = signalGroup(pid, syscall.SIGKILL) // workers the leader left behind
	}
}

// pids is the child's process and, for a group, every member of it.
func (c *child) pids() []int {
	pid := c.cmd.Process.Pid
	if !c.group {
		return []int{pid}
	}
	entries, _ := os.ReadDir("/proc")
	var out []int
	for _, e := range entries {
		n, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp …: comm may hold spaces, not ")".
		_, rest, _ := strings.Cut(string(b), ") ")
		if f := strings.Fields(rest); len(f) > 2 && f[2] == strconv.Itoa(pid) {
			out = append(out, n)
		}
	}
	return out
}

// resetPeakRSS starts a new peak-RSS period (Linux: clear_refs 5 resets
// VmHWM); it reports whether that worked.
func (c *child) resetPeakRSS() bool {
	ok := true
	for _, pid := range c.pids() {
		ok = os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0) == nil && ok
	}
	return ok
}

// rss returns the child's resident set size now and its peak since the
// last reset, in bytes (0 where /proc cannot tell); a group's are the sums
// over its members.
func (c *child) rss() (now, peak int64) {
	for _, pid := range c.pids() {
		n, p := procRSS(pid)
		now, peak = now+n, peak+p
	}
	return now, peak
}

func procRSS(pid int) (now, peak int64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		field, rest, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		switch field {
		case "VmRSS":
			now = kb << 10
		case "VmHWM":
			peak = kb << 10
		}
	}
	return now, peak
}

// memStats reads the child's allocation counters from /debug/vars.
func (c *child) memStats(ctx context.Context) (mallocs, bytes uint64, err error) {
	if c.debugURL == "" {
		return 0, 0, errors.New("no diagnostics listener")
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.debugURL+"/debug/vars", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	var vars struct {
		Memstats struct{ Mallocs, TotalAlloc uint64 }
	}
	if err := json.NewDecoder(resp.Body).Decode(&vars); err != nil {
		return 0, 0, fmt.Errorf("read %s/debug/vars: %w", c.name, err)
	}
	return vars.Memstats.Mallocs, vars.Memstats.TotalAlloc, nil
}

// withoutCivgraphEnv drops the caller's CIVGRAPH_* settings: each child
// gets exactly the configuration its scenario names.
func withoutCivgraphEnv(env []string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, "CIVGRAPH_") {
			out = append(out, kv)
		}
	}
	return out
}

// tailBuffer keeps the last lines a child wrote, for error messages.
type tailBuffer struct {
	mu    sync.Mutex
	lines []string
	part  []byte
}

const tailLines = 8

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.part = append(t.part, p...)
	for {
		i := strings.IndexByte(string(t.part), '\n')
		if i < 0 {
			break
		}
		t.addLocked(string(t.part[:i]))
		t.part = t.part[i+1:]
	}
	return len(p), nil
}

func (t *tailBuffer) add(line string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.addLocked(line)
}

func (t *tailBuffer) addLocked(line string) {
	t.lines = append(t.lines, line)
	if len(t.lines) > tailLines {
		t.lines = t.lines[len(t.lines)-tailLines:]
	}
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Join(t.lines, "\n")
}
