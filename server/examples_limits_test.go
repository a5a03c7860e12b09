package server

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/gateway"
	"github.com/civgraph/civgraph/internal/embedded"
)

// Every playground example runs without an error under limits set to half
// their defaults, so the defaults leave realistic queries ample room. The
// operation count is the exception: GraphiQL sends the whole document, so
// the examples must fit the default count with one to spare.
func TestPlaygroundExamplesStayWellInsideTheLimits(t *testing.T) {
	cfg := config.Default()
	cfg.GraphQL.CursorSecret = "test"
	l := &cfg.Limits
	l.MaxDepth, l.MaxComplexity, l.MaxAliases = l.MaxDepth/2, l.MaxComplexity/2, l.MaxAliases/2
	l.MaxUpstreamCalls, l.MaxResponseBytes = l.MaxUpstreamCalls/2, l.MaxResponseBytes/2
	samples, err := embedded.Start(&cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer samples.Close()
	g, err := gateway.New(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	srv := httptest.NewServer(New(cfg, g.GraphQLHandler(), g.Ready, nil))
	defer srv.Close()
	doc, perr := parser.ParseQuery(&ast.Source{Input: defaultQuery})
	if perr != nil || len(doc.Operations) < 4 {
		t.Fatalf("playground examples: %v", perr)
	}
	if len(doc.Operations) >= l.MaxOperations {
		t.Fatalf("%d example operations; the document must stay under limits.max_operations (%d)", len(doc.Operations), l.MaxOperations)
	}
	for _, op := range doc.Operations {
		t.Run(op.Name, func(t *testing.T) {
			body, _ := json.Marshal(map[string]any{"query": defaultQuery, "operationName": op.Name})
			resp, err := http.Post(srv.URL+"/graphql", "application/json", bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var out struct {
				Data   json.RawMessage `json:"data"`
				Errors []any           `json:"errors"`
			}
			if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %v", resp.StatusCode, err)
			}
			if len(out.Errors) > 0 || len(out.Data) < 10 {
				t.Fatalf("errors %v, data %s", out.Errors, out.Data)
			}
		})
	}
}
