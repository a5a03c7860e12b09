package bench

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	samplehebei "github.com/civgraph/civgraph/internal/sampleapi/hebei"
)

// outcomes maps each target's first words to its verdict.
func outcomes(res *results) map[string]verdict {
	got := map[string]verdict{}
	for _, v := range res.verdicts {
		got[v.target[:min(len(v.target), 24)]] = v
	}
	return got
}

func TestPeerTargetsFromRatios(t *testing.T) {
	res := &results{rows: []row{
		{scenario: scenario{id: "cached-1"}, gateway: series(4500, time.Millisecond, 0), raw: series(5000, time.Millisecond, 0),
			peers: []peerRow{{series: hiveRC1.series, sample: series(800, time.Millisecond, 0)}, {series: hiveRC2.series, sample: series(1000, time.Millisecond, 0)}}},
		{scenario: scenario{id: "cached-4"}, gateway: series(3500, time.Millisecond, 0), raw: series(5000, time.Millisecond, 0),
			peers: []peerRow{{series: hiveRC2.series, sample: series(1000, time.Millisecond, 0)}}},
		{scenario: scenario{id: "uncached-1"}, gateway: series(310, time.Millisecond, 0), raw: series(5000, time.Millisecond, 0),
			peers: []peerRow{{series: hiveNoCache1.series, sample: series(100, time.Millisecond, 0)}, {series: hiveNoCache2.series, sample: series(150, time.Millisecond, 0)}}},
	}}
	res.judge(DefaultOptions())
	got := outcomes(res)
	for prefix, want := range map[string]string{
		"cached single-province p": "PASS", // 4.5× ≥ 4×
		"cached four-province pag": "",     // two targets share the prefix; checked below
		"uncached single province": "PASS", // 3.1× ≥ 3×, one worker
	} {
		if want != "" && got[prefix].outcome != want {
			t.Errorf("%s…: %s, want %s (all: %v)", prefix, got[prefix].outcome, want, res.verdicts)
		}
	}
	var four verdict
	for _, v := range res.verdicts {
		if strings.Contains(v.target, "Hive") && strings.HasPrefix(v.target, "cached four-province") {
			four = v
		}
	}
	if four.outcome != "FAIL" || !strings.Contains(four.target, "Hebei only") {
		t.Errorf("cached-4 vs Hive at 3.5×: %+v, want a FAIL that names the peer's coverage", four)
	}
	if m := got["uncached single province"].measured; !strings.Contains(m, "3.10×") || !strings.Contains(m, "hive ×2 no cache: 2.07×") {
		t.Errorf("uncached measured %q: want the one-worker ratio judged and the two-worker one reported", m)
	}
	if m := got["cached single-province p"].measured; !strings.Contains(m, "hive rc ×1: 5.62×") {
		t.Errorf("cached-1 measured %q: want the one-worker ratio reported too", m)
	}
}

func TestPeerErrorsAndSkips(t *testing.T) {
	rows := func(peerErrs int) []row {
		return []row{{scenario: scenario{id: "cached-1"}, gateway: series(5000, time.Millisecond, 0), raw: series(5000, time.Millisecond, 0),
			peers: []peerRow{{series: hiveRC2.series, sample: series(10, time.Millisecond, peerErrs)}}}}
	}
	// A peer that failed its checks is no comparison: FAIL, and the
	// error count says so, in a smoke run too.
	res := &results{rows: rows(1)}
	res.judge(DefaultOptions())
	if v := outcomes(res)["cached single-province p"]; v.outcome != "FAIL" || !strings.Contains(v.measured, "1 hive rc ×2 errors") {
		t.Errorf("peer with errors: %+v", v)
	}
	res = &results{rows: rows(1)}
	res.judge(SmokeOptions())
	if !res.failed() {
		t.Errorf("a smoke run whose peer failed passed: %v", res.verdicts)
	}
	// Without the peer the targets are skipped with the reason, not failed.
	res = &results{rows: rows(0), peerSkip: "peer not installed: npm not found in PATH"}
	res.judge(DefaultOptions())
	if v := outcomes(res)["cached single-province p"]; v.outcome != "SKIP" || !strings.Contains(v.measured, "npm not found") {
		t.Errorf("skipped peer: %+v", v)
	}
	if res.failed() {
		t.Errorf("a run without the peer failed: %v", res.verdicts)
	}
}

func TestPeerConfigs(t *testing.T) {
	url := `http://127.0.0.1:4321/hebei`
	mesh := meshConfig(url)
	for _, want := range []string{`endpoint: "` + url + `"`, `appKey: "` + samplehebei.DemoAppKey + `"`, `path: "` + samplehebei.PathServiceSites + `"`,
		"field: 'hebeiServiceSites'", "loadJSONSchemaSubgraph('hebei'"} {
		if !strings.Contains(mesh, want) {
			t.Errorf("mesh.config.ts lacks %s:\n%s", want, mesh)
		}
	}
	// A URL is written as a string literal, whatever it holds.
	if m := meshConfig(`http://x/'+evil+'"`); !strings.Contains(m, `endpoint: "http://x/'+evil+'\""`) {
		t.Errorf("URL not quoted: %s", m)
	}
	if c := gatewayConfig(true); !strings.Contains(c, "responseCaching: { session: () => null, ttl: 3_600_000 }") {
		t.Errorf("cached configuration without responseCaching:\n%s", c)
	}
	if c := gatewayConfig(false); strings.Contains(c, "responseCaching") || strings.Contains(c, "cache") {
		t.Errorf("uncached configuration with a cache:\n%s", c)
	}
	if !strings.Contains(peerSitesQuery(20), "pageSize: 20") {
		t.Error(peerSitesQuery(20))
	}
}

// nodeID is civgraph's global id of a site.
func nodeID(province, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("ServiceSite:" + province + ":" + id))
}

func TestSameSites(t *testing.T) {
	gateway := func(ids ...string) []byte {
		var edges []map[string]any
		for _, id := range ids {
			edges = append(edges, map[string]any{"node": map[string]string{"id": nodeID("HEBEI", id)}})
		}
		b, _ := json.Marshal(map[string]any{"data": map[string]any{"serviceSites": map[string]any{"edges": edges}}})
		return b
	}
	peer := func(ids ...string) []byte {
		var list []map[string]string
		for _, id := range ids {
			list = append(list, map[string]string{"id": id})
		}
		b, _ := json.Marshal(map[string]any{"data": map[string]any{"hebeiServiceSites": map[string]any{"code": 0, "data": map[string]any{"list": list}}}})
		return b
	}
	if err := sameSites(gateway("HB-1", "HB-2"), peer("HB-1", "HB-2")); err != nil {
		t.Errorf("same sites: %v", err)
	}
	for name, p := range map[string][]byte{"order": peer("HB-2", "HB-1"), "fewer": peer("HB-1"), "other": peer("HB-1", "HB-3")} {
		if sameSites(gateway("HB-1", "HB-2"), p) == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if sameSites(gateway(), peer()) == nil {
		t.Error("two empty pages accepted: they prove nothing")
	}
	other := []byte(`{"data":{"serviceSites":{"edges":[{"node":{"id":"` + nodeID("SHANGHAI", "HB-1") + `"}}]}}}`)
	if sameSites(other, peer("HB-1")) == nil {
		t.Error("a Shanghai site taken for Hebei's")
	}
}

// A process group is measured and stopped as a whole: no member outlives
// the benchmark.
func TestGroupChildStopsEveryMember(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("process groups are measured through Linux's /proc")
	}
	cmd := exec.Command("sh", "-c", "sleep 60 & sleep 60 & wait")
	groupProcess(cmd)
	c := &child{name: "group", cmd: cmd, tail: &tailBuffer{}, done: make(chan struct{}), group: true}
	if err := c.start(); err != nil {
		t.Skipf("no sh: %v", err)
	}
	var pids []int
	for range 50 {
		if pids = c.pids(); len(pids) == 3 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if len(pids) != 3 {
		c.stop()
		t.Fatalf("group members %v, want the shell and its two sleeps", pids)
	}
	if now, _ := c.rss(); now <= 0 {
		t.Errorf("group RSS %d", now)
	}
	c.stop()
	for _, pid := range pids {
		if running(pid) {
			t.Errorf("process %d outlived its group's stop", pid)
		}
	}
}

// running reports whether pid is a live process, not a zombie waiting to
// be reaped, within a second.
func running(pid int) bool {
	for range 50 {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil {
			return false
		}
		if _, rest, _ := strings.Cut(string(b), ") "); strings.HasPrefix(rest, "Z") {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return true
}
