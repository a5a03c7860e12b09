package gateway_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/errcode"
)

// TestRequestsThatAreNotGraphQLOverHTTP: a wrong method, a wrong content
// type, a batch or a body that is not one request object each get a 4xx
// in the GraphQL error shape with BAD_REQUEST, and never the body back.
func TestRequestsThatAreNotGraphQLOverHTTP(t *testing.T) {
	srv := startGateway(t, nil)
	const marker = "SECRET-VARIABLE-VALUE"
	one := `{"query":"{ provinces { code } }","variables":{"v":"` + marker + `"}}`
	cases := []struct {
		name, method, contentType, body string
		status                          int
		say                             string
	}{
		{"PUT", http.MethodPut, "application/json", one, http.StatusMethodNotAllowed, "GET and POST"},
		{"DELETE", http.MethodDelete, "", "", http.StatusMethodNotAllowed, "GET and POST"},
		{"PATCH", http.MethodPatch, "application/json", one, http.StatusMethodNotAllowed, "GET and POST"},
		{"text/plain", http.MethodPost, "text/plain", one, http.StatusUnsupportedMediaType, "application/json"},
		{"form", http.MethodPost, "application/x-www-form-urlencoded", "query=" + marker, http.StatusUnsupportedMediaType, "application/json"},
		{"no content type", http.MethodPost, "", one, http.StatusUnsupportedMediaType, "application/json"},
		{"batch", http.MethodPost, "application/json", "[" + one + "," + one + "]", http.StatusBadRequest, "batched"},
		{"indented batch", http.MethodPost, "application/json", "\n  [" + one + "]", http.StatusBadRequest, "batched"},
		{"not json", http.MethodPost, "application/json", "not json " + marker, http.StatusBadRequest, "GraphQL request object"},
		{"query not a string", http.MethodPost, "application/json", `{"query":5,"variables":{"v":"` + marker + `"}}`, http.StatusBadRequest, "GraphQL request object"},
		{"empty body", http.MethodPost, "application/json", "", http.StatusBadRequest, "GraphQL request object"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, err := http.NewRequest(c.method, srv.URL+"/graphql", strings.NewReader(c.body))
			if err != nil {
				t.Fatal(err)
			}
			if c.contentType != "" {
				req.Header.Set("Content-Type", c.contentType)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != c.status {
				t.Fatalf("status %d, want %d; body %s", resp.StatusCode, c.status, raw)
			}
			if strings.Contains(string(raw), marker) {
				t.Fatalf("the answer echoes the request body: %s", raw)
			}
			var out gqlResponse
			if err := json.Unmarshal(raw, &out); err != nil || len(out.Errors) != 1 {
				t.Fatalf("not one GraphQL error (%v): %s", err, raw)
			}
			ext, _ := out.Errors[0]["extensions"].(map[string]any)
			msg, _ := out.Errors[0]["message"].(string)
			if ext["code"] != string(errcode.BadRequest) || !strings.Contains(msg, c.say) {
				t.Fatalf("code %v, message %q; want BAD_REQUEST saying %q", ext["code"], msg, c.say)
			}
			if c.status == http.StatusMethodNotAllowed && resp.Header.Get("Allow") == "" {
				t.Fatal("405 without an Allow header")
			}
		})
	}
	t.Run("a single request still works", func(t *testing.T) {
		resp, err := http.Post(srv.URL+"/graphql", "application/json; charset=utf-8", strings.NewReader(one))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out gqlResponse
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusOK || len(out.Errors) != 0 || len(out.Data) == 0 {
			t.Fatalf("status %d, err %v, errors %v", resp.StatusCode, err, out.Errors)
		}
	})
}

// TestEveryAnsweredCodeIsInTheTable: the codes the gateway answers with,
// and the status of a request failing with each, are errcode's.
func TestEveryAnsweredCodeIsInTheTable(t *testing.T) {
	srv := startGateway(t, nil)
	for _, body := range []string{
		`{"query":"{ meetings(filter: {from: \"2024/03/01\"}) { totalCount } }"}`,
		`{"query":"{ nope }"}`,
		`{"query":"{ meetings { "}`,
		`[{"query":"{ nope }"}]`,
		`{"query":"{ meetings(first: 101) { totalCount } }"}`,
	} {
		resp, err := http.Post(srv.URL+"/graphql", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		var out gqlResponse
		err = json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		if err != nil || len(out.Errors) == 0 {
			t.Fatalf("%s: err %v, no errors", body, err)
		}
		code, _ := out.Errors[0]["extensions"].(map[string]any)["code"].(string)
		info, ok := errcode.Lookup(errcode.Code(code))
		if !ok {
			t.Fatalf("%s: code %q is not in errcode's table", body, code)
		}
		if resp.StatusCode != info.Status {
			t.Errorf("%s: status %d for %s, the table says %d", body, resp.StatusCode, code, info.Status)
		}
	}
}
