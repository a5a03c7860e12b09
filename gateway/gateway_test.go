package gateway_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden responses in testdata/golden")

// TestGoldenQueries runs each query in testdata/queries against the whole
// gateway and compares data and errors with testdata/golden (extensions,
// which carry fetch times, are checked separately).
func TestGoldenQueries(t *testing.T) {
	srv := startGateway(t, nil)
	files, _ := filepath.Glob("testdata/queries/*.graphql")
	if len(files) < 12 {
		t.Fatalf("found %d golden queries, want at least 12", len(files))
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".graphql")
		t.Run(name, func(t *testing.T) {
			query, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			resp := post(t, srv.URL, string(query), nil)
			got, _ := json.MarshalIndent(struct {
				Data   json.RawMessage  `json:"data"`
				Errors []map[string]any `json:"errors,omitempty"`
			}{resp.Data, resp.Errors}, "", "  ")
			golden := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./gateway -update to create it)", err)
			}
			if !bytes.Equal(bytes.TrimSpace(want), bytes.TrimSpace(got)) {
				t.Fatalf("response differs from %s:\n%s", golden, got)
			}
		})
	}
}
