package persisted_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/persisted"
)

// FuzzParseManifest: any bytes give a manifest whose every document is
// found by its own id, or an error; never a panic.
func FuzzParseManifest(f *testing.F) {
	for _, s := range []string{
		`{"sha256:abc": "{ provinces { code } }"}`,
		`{"format":"apollo-persisted-query-manifest","version":1,"operations":[{"id":"x","body":"query Q { provinces { code } }","name":"Q","type":"query"}]}`,
		`{"format":"apollo-persisted-query-manifest","version":2,"operations":[]}`,
		`{"a": "{ x"}`, `{"a": 1}`, `[]`, `null`, `{"operations": null}`, `{"` + strings.Repeat("A", 300) + `": "{ a }"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := persisted.ParseManifest(data)
		if err != nil {
			return
		}
		if m.Len() == 0 {
			t.Fatal("empty manifest accepted")
		}
	})
}

// FuzzDocumentID: the documentId rewrite never panics and passes every
// request on with a readable body.
func FuzzDocumentID(f *testing.F) {
	for _, s := range []string{`{"documentId":"abc"}`, `{"documentId":"abc","extensions":{"persistedQuery":{"sha256Hash":"other"}}}`,
		`{"documentId":7}`, `{"documentId":"x","extensions":[1]}`, `{"documentId"`, `{"query":"{ a }"}`, ``} {
		f.Add(s, "abc")
	}
	f.Fuzz(func(t *testing.T, body, param string) {
		var got []byte
		h := persisted.DocumentID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			got, _ = io.ReadAll(r.Body)
		}))
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		h.ServeHTTP(httptest.NewRecorder(), req)
		if !bytes.Equal(got, []byte(body)) && !json.Valid(got) {
			t.Fatalf("body %q became invalid %q", body, got)
		}
		var ext string
		h = persisted.DocumentID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ext = r.URL.Query().Get("extensions")
		}))
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/graphql?"+url.Values{"documentId": {param}}.Encode(), nil))
		if param != "" && !json.Valid([]byte(ext)) {
			t.Fatalf("documentId %q became extensions %q", param, ext)
		}
	})
}
