package gateway_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/config"
)

// FuzzGraphQL sends random documents and variables through the whole
// HTTP stack (body cap, deadline, gqlgen, resolvers, federation, the
// sample upstreams). Whatever comes in, the answer is JSON with a coded
// error or data, never a panic, a stack trace or an upstream address.
func FuzzGraphQL(f *testing.F) {
	queries, _ := filepath.Glob("testdata/queries/*.graphql")
	for i, file := range queries {
		q, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(q), `{}`)
		if i%3 == 0 {
			f.Add(string(q[:len(q)/2]), `null`) // truncated
		}
	}
	for _, s := range [][2]string{
		{`query($a: String) { serviceSites(first: 3, after: $a) { edges { cursor } } }`, `{"a": "not-a-cursor"}`},
		{`query($f: ServiceSiteFilter) { serviceSites(filter: $f) { totalCount } }`, `{"f": {"provinces": ["MARS"]}}`},
		{`query($id: ID!) { node(id: $id) { id } }`, `{"id": "TWVldGluZzpIRUJFSTo"}`},
		{`{ meetings(first: 1000000) { totalCount } }`, `{}`},
		{`{ __typename ` + strings.Repeat("{", 200), `{}`},
		{`{ a: provinces { code } b: provinces { code } }`, `[1,2]`},
		{`mutation { x }`, `{"v": 1e999}`},
		{`{ serviceSites(filter: {dateFrom: "2024-02-30"}) { totalCount } }`, `"\u0000"`},
	} {
		f.Add(s[0], s[1])
	}
	srv := startGateway(f, func(c *config.Config) { c.Playground.Enabled = false })
	h := srv.Config.Handler
	f.Fuzz(func(t *testing.T, query, variables string) {
		body, _ := json.Marshal(map[string]any{"query": query, "variables": json.RawMessage(validJSONOrNull(variables))})
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("status %d for %q: %s", rec.Code, query, rec.Body)
		}
		var resp gqlResponse
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
			t.Fatalf("status %d, not JSON: %s", rec.Code, rec.Body)
		}
		for _, e := range resp.Errors {
			ext, _ := e["extensions"].(map[string]any)
			if code, _ := ext["code"].(string); code == "" || code == "INTERNAL_SERVER_ERROR" {
				t.Fatalf("error without a client code for %q: %v", query, e)
			}
		}
		for _, leak := range []string{"goroutine ", "panic", "127.0.0.1", ".go:"} {
			// Errors may quote the request; only what it did not bring leaked.
			if bytes.Contains(rec.Body.Bytes(), []byte(leak)) && !strings.Contains(query+variables, leak) {
				t.Fatalf("answer to %q contains %q: %s", query, leak, rec.Body)
			}
		}
	})
}

func validJSONOrNull(s string) string {
	if json.Valid([]byte(s)) {
		return s
	}
	return "null"
}
