package embedded_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/civgraph/civgraph"

// moduleDeps lists every package of the module (path relative to it, the
// module root "") with its dependencies inside the module, direct or not.
func moduleDeps(t *testing.T) map[string][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Deps " "}}`, module+"/...").Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("go list: %v\n%s", err, stderr)
	}
	deps := map[string][]string{}
	for line := range strings.SplitSeq(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(strings.TrimPrefix(fields[0], module), "/")
		deps[pkg] = []string{}
		for _, dep := range fields[1:] {
			if rel, ok := strings.CutPrefix(dep, module+"/"); ok {
				deps[pkg] = append(deps[pkg], rel)
			}
		}
	}
	if len(deps) < 10 {
		t.Fatalf("only %d packages listed; go list output:\n%s", len(deps), out)
	}
	return deps
}

// TestOnlyCLIAndInternalUseSampleAPIs keeps the gateway core free of
// sample-API knowledge: no non-test package outside cmd/ and internal/ may
// depend, directly or not, on internal/sampleapi. Test-support packages
// (named like net/http/httptest, e.g. connectors/sourcetest) may.
func TestOnlyCLIAndInternalUseSampleAPIs(t *testing.T) {
	for pkg, deps := range moduleDeps(t) {
		if strings.HasPrefix(pkg, "cmd/") || strings.HasPrefix(pkg, "internal/") || strings.HasSuffix(pkg, "test") {
			continue
		}
		for _, dep := range deps {
			if dep == "internal/sampleapi" || strings.HasPrefix(dep, "internal/sampleapi/") {
				t.Errorf("%s depends on %s; start the sample APIs in the CLI (internal/embedded) instead", pkg, dep)
			}
		}
	}
}

// layer places each package of the core on the one-way dependency
// server → resolvers → federation → connectors → civ: a package may depend
// only on packages of its own layer or below. Layer 0 holds the domain and
// the small single-purpose packages every layer may use.
var layer = map[string]int{
	"civ": 0, "textmatch": 0, "geo": 0, "ordering": 0, "regions": 0, "scalars": 0, "schema": 0, "config": 0, "errcode": 0, "panics": 0,
	"auth": 0, "execlimit": 0, "querylimit": 0, "ratelimit": 0, "persisted": 0, "httpcache": 0, "respcache": 0, "csvexport": 0, "web": 0,
	"connectors/baseurl": 0, "connectors/guard": 0, "connectors/cache": 0, "reqinfo": 0, "metrics": 0,
	"redisconn": 0, "connectors/cache/rediscache": 0, "population": 0, "logbuf": 0, "reqbody": 0,
	"connectors": 1, "connectors/health": 1, "connectors/httpclient": 1, "connectors/kit": 1,
	"connectors/hebei": 1, "connectors/hubei": 1, "connectors/jiangsu": 1, "connectors/shanghai": 1, "tracing": 1,
	"federation": 2, "compare": 2,
	"resolvers": 3, "resolvers/loaders": 3, "graph": 3, "graph/model": 3, "graph/subgraph": 3,
	"server":  4,
	"gateway": 5,
}

// leaves import nothing of civgraph but other leaves, so that any package
// may use them.
var leaves = []string{"civ", "textmatch", "errcode", "web", "ratelimit", "httpcache", "scalars", "schema",
	"connectors/baseurl", "connectors/guard", "connectors/cache", "panics", "redisconn", "reqinfo", "metrics",
	"logbuf", "reqbody"}

// TestDependencyDirection checks the layers above with go list, and that
// server, which the gateway hands its GraphQL handler, needs none of the
// layers that resolve data.
func TestDependencyDirection(t *testing.T) {
	deps := moduleDeps(t)
	for pkg, l := range layer {
		if _, ok := deps[pkg]; !ok {
			t.Errorf("%s is in the layer table but not in the module", pkg)
		}
		for _, dep := range deps[pkg] {
			if dl, ok := layer[dep]; ok && dl > l {
				t.Errorf("%s (layer %d) depends on %s (layer %d): dependencies point down only", pkg, l, dep, dl)
			}
		}
	}
	for _, leaf := range leaves {
		for _, dep := range deps[leaf] {
			if !slices.Contains(leaves, dep) {
				t.Errorf("%s is a leaf but depends on %s", leaf, dep)
			}
		}
	}
	for _, dep := range deps["server"] {
		if l := layer[dep]; l >= 1 && l <= 3 {
			t.Errorf("server depends on %s: it takes the GraphQL handler from the gateway instead", dep)
		}
	}
	// Every package of the core has its place: a new one must be added.
	for pkg := range deps {
		core := pkg != "" && !strings.HasPrefix(pkg, "cmd/") && !strings.HasPrefix(pkg, "internal/") &&
			!strings.HasSuffix(pkg, "test") && pkg != "e2e"
		if _, ok := layer[pkg]; core && !ok {
			t.Errorf("%s has no layer in the table of %s", pkg, "TestDependencyDirection")
		}
	}
	if len(deps["gateway"]) == 0 {
		t.Fatal("gateway lists no dependencies: go list output not understood")
	}
}
