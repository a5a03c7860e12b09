package gateway_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// The GraphQL-over-HTTP spec's status codes and bodies for each response
// media type (the graphql-http audit in .ci checks the same from outside).
func TestStatusAndBodyPerMediaType(t *testing.T) {
	srv := startGateway(t, nil)
	tests := []struct {
		name       string
		body       string
		jsonStatus int // Accept: application/json
		gqlStatus  int // Accept: application/graphql-response+json
		code       string
		data       bool
	}{
		{"valid", `{"query":"{ provinces { code } }"}`, 200, 200, "", true},
		{"parse failure", `{"query":"{"}`, 200, 400, "GRAPHQL_PARSE_FAILED", false},
		{"validation failure", `{"query":"{ noSuchField }"}`, 200, 400, "GRAPHQL_VALIDATION_FAILED", false},
		{"variable coercion failure", `{"query":"query($n: Int!) { meetings(first: $n) { totalCount } }","variables":{"n":"x"}}`, 200, 400, "GRAPHQL_VALIDATION_FAILED", false},
		{"unknown operation", `{"query":"query A { provinces { code } }","operationName":"B"}`, 200, 400, "GRAPHQL_VALIDATION_FAILED", false},
		{"no query", `{}`, 400, 400, "BAD_REQUEST", false},
		{"body not JSON", `{"query":`, 400, 400, "BAD_REQUEST", false},
		{"over a limit", `{"query":"{ region(code: \"130000\") { children { children { children { name } } } } }"}`, 200, 400, "QUERY_TOO_COMPLEX", false},
	}
	for _, tt := range tests {
		for _, media := range []struct {
			accept string
			status int
		}{{"application/json", tt.jsonStatus}, {"application/graphql-response+json", tt.gqlStatus}} {
			t.Run(tt.name+" "+media.accept, func(t *testing.T) {
				req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(tt.body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Accept", media.accept)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				raw, _ := io.ReadAll(resp.Body)
				if resp.StatusCode != media.status {
					t.Errorf("status %d, want %d: %s", resp.StatusCode, media.status, raw)
				}
				if ct := resp.Header.Values("Content-Type"); len(ct) != 1 || !strings.HasPrefix(ct[0], media.accept) {
					t.Errorf("Content-Type %q, want one %s", ct, media.accept)
				}
				var body struct {
					Errors []struct {
						Extensions struct{ Code string } `json:"extensions"`
					} `json:"errors"`
				}
				var entries map[string]json.RawMessage // "data": null counts as present
				if json.Unmarshal(raw, &body) != nil || json.Unmarshal(raw, &entries) != nil {
					t.Fatalf("body %s is not a GraphQL response", raw)
				}
				if _, ok := entries["data"]; ok != tt.data {
					t.Errorf("data entry present %v, want %v: %s", ok, tt.data, raw)
				}
				if tt.code != "" && (len(body.Errors) == 0 || body.Errors[0].Extensions.Code != tt.code) {
					t.Errorf("errors %s, want code %s", raw, tt.code)
				}
			})
		}
	}
}
