package gateway_test

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/civgraph/civgraph/config"
)

// HalveLimits sets every query limit to half its default: realistic
// queries must pass even then, so the defaults leave them ample room.
func halveLimits(c *config.Config) {
	l := &c.Limits
	l.MaxDepth /= 2
	l.MaxComplexity /= 2
	l.MaxAliases /= 2
	l.MaxOperations /= 2
	l.MaxUpstreamCalls /= 2
	l.MaxResponseBytes /= 2
}

func TestExampleQueriesStayWellInsideTheLimits(t *testing.T) {
	srv := startGateway(t, halveLimits)
	files, _ := filepath.Glob("testdata/queries/*.graphql")
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			query, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			status, body := exchange(t, srv.URL, "application/json", map[string]any{"query": string(query)})
			if status != http.StatusOK {
				t.Fatalf("status %d", status)
			}
			if body["errors"] != nil {
				for _, code := range []string{"QUERY_TOO_DEEP", "QUERY_TOO_COMPLEX", "TOO_MANY_ALIASES", "TOO_MANY_OPERATIONS", "TOO_MANY_UPSTREAM_CALLS", "RESPONSE_TOO_LARGE"} {
					if ext := firstErrorExtensions(t, body); ext["code"] == code {
						t.Fatalf("refused under half the default limits: %v", ext)
					}
				}
			}
		})
	}
}
