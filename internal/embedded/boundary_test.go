package embedded_test

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/civgraph/civgraph"

// TestOnlyCLIAndInternalUseSampleAPIs keeps the gateway core free of
// sample-API knowledge: no non-test package outside cmd/ and internal/ may
// depend, directly or not, on internal/sampleapi. Test-support packages
// (named like net/http/httptest, e.g. connectors/sourcetest) may.
func TestOnlyCLIAndInternalUseSampleAPIs(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Deps " "}}`, module+"/...").Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("go list: %v\n%s", err, stderr)
	}
	checked := 0
	for line := range strings.SplitSeq(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := fields[0]
		rel := strings.TrimPrefix(strings.TrimPrefix(pkg, module), "/")
		if strings.HasPrefix(rel, "cmd/") || strings.HasPrefix(rel, "internal/") || strings.HasSuffix(rel, "test") {
			continue
		}
		checked++
		for _, dep := range fields[1:] {
			if dep == module+"/internal/sampleapi" || strings.HasPrefix(dep, module+"/internal/sampleapi/") {
				t.Errorf("%s depends on %s; start the sample APIs in the CLI (internal/embedded) instead", pkg, dep)
			}
		}
	}
	if checked < 10 {
		t.Fatalf("only %d packages checked; go list output:\n%s", checked, out)
	}
}
