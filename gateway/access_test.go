package gateway_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/civgraph/civgraph/auth"
	"github.com/civgraph/civgraph/config"
)

const (
	meetingsQuery   = `query Meetings { meetings { edges { node { title province { code } } } } }`
	hebeiQuery      = `query Hebei { meetings(filter: {provinces: [HEBEI]}) { edges { node { title } } } }`
	provincesQuery  = `query Provinces { provinces { code name } }`
	keyHebeiOnly    = "cg_hebei_only_5d0e8c1b7a2f4e6d9c3b1a0f8e7d6c5b"
	jwtTestSecret   = "an HS256 secret of at least thirty-two bytes"
	jwtTestAudience = "civgraph"
)

func writeFile(t testing.TB, name, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func hashOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

type answer struct {
	status int
	header http.Header
	body   gqlResponse
	raw    []byte
}

func do(t *testing.T, req *http.Request) answer {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode, header: resp.Header, raw: raw}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &a.body); err != nil {
			t.Fatalf("status %d, body %s: %v", resp.StatusCode, raw, err)
		}
	}
	return a
}

func postReq(t *testing.T, base string, body map[string]any, headers map[string]string) *http.Request {
	t.Helper()
	data, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, base+"/graphql", strings.NewReader(string(data)))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return req
}

func getReq(t *testing.T, base string, params url.Values, headers map[string]string) *http.Request {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/graphql?"+params.Encode(), nil)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return req
}

func codes(errs []map[string]any) map[string]string {
	out := map[string]string{}
	for _, e := range errs {
		ext, _ := e["extensions"].(map[string]any)
		p, _ := ext["province"].(string)
		c, _ := ext["code"].(string)
		out[p] = c
	}
	return out
}

func withAuth(t *testing.T, required bool) func(*config.Config) {
	keys := writeFile(t, "keys.yaml", "keys:\n  - name: hebei-dashboard\n    sha256: "+auth.HashKey(keyHebeiOnly)+"\n    provinces: [HEBEI]\n")
	return func(c *config.Config) {
		c.Auth = config.AuthConfig{Required: required, APIKeysFile: keys,
			JWT: config.JWTConfig{HS256Secret: jwtTestSecret, Audience: jwtTestAudience, Leeway: time.Second}}
	}
}

func token(t *testing.T, mod func(jwt.MapClaims)) string {
	t.Helper()
	c := jwt.MapClaims{"sub": "analyst", "aud": jwtTestAudience, "exp": time.Now().Add(time.Hour).Unix()}
	if mod != nil {
		mod(c)
	}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString([]byte(jwtTestSecret))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAuthOutcomes(t *testing.T) {
	srv := startGateway(t, withAuth(t, true))
	q := map[string]any{"query": meetingsQuery}

	t.Run("no credentials", func(t *testing.T) {
		a := do(t, postReq(t, srv.URL, q, nil))
		if a.status != http.StatusUnauthorized || codes(a.body.Errors)[""] != "UNAUTHENTICATED" || a.header.Get("WWW-Authenticate") == "" {
			t.Errorf("status %d, body %s", a.status, a.raw)
		}
	})
	for name, bearer := range map[string]string{
		"expired":       token(t, func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-time.Hour).Unix() }),
		"not yet valid": token(t, func(c jwt.MapClaims) { c["nbf"] = time.Now().Add(time.Hour).Unix() }),
		"wrong aud":     token(t, func(c jwt.MapClaims) { c["aud"] = "another-service" }),
	} {
		t.Run(name, func(t *testing.T) {
			a := do(t, postReq(t, srv.URL, q, map[string]string{"Authorization": "Bearer " + bearer}))
			if a.status != http.StatusUnauthorized || codes(a.body.Errors)[""] != "UNAUTHENTICATED" {
				t.Errorf("status %d, body %s", a.status, a.raw)
			}
		})
	}
	t.Run("key limited to Hebei", func(t *testing.T) {
		a := do(t, postReq(t, srv.URL, q, map[string]string{"X-API-Key": keyHebeiOnly}))
		got := codes(a.body.Errors)
		for _, p := range []string{"HUBEI", "JIANGSU", "SHANGHAI"} {
			if got[p] != "FORBIDDEN" {
				t.Errorf("%s: code %q, want FORBIDDEN (errors %v)", p, got[p], a.body.Errors)
			}
		}
		if _, ok := got["HEBEI"]; ok || a.status != http.StatusOK {
			t.Errorf("Hebei failed: status %d, %v", a.status, a.body.Errors)
		}
		var data struct {
			Meetings struct {
				Edges []struct {
					Node struct {
						Province struct{ Code string }
					}
				}
			}
		}
		_ = json.Unmarshal(a.body.Data, &data)
		if len(data.Meetings.Edges) == 0 {
			t.Fatalf("no Hebei meetings: %s", a.raw)
		}
		for _, e := range data.Meetings.Edges {
			if e.Node.Province.Code != "HEBEI" {
				t.Errorf("saw a %s meeting", e.Node.Province.Code)
			}
		}
	})
	t.Run("HS256 token sees all", func(t *testing.T) {
		a := do(t, postReq(t, srv.URL, q, map[string]string{"Authorization": "Bearer " + token(t, nil)}))
		if a.status != http.StatusOK || len(a.body.Errors) != 0 {
			t.Errorf("status %d, body %s", a.status, a.raw)
		}
	})
	t.Run("token claiming Shanghai only", func(t *testing.T) {
		bearer := token(t, func(c jwt.MapClaims) { c["provinces"] = []string{"SHANGHAI"} })
		a := do(t, postReq(t, srv.URL, q, map[string]string{"Authorization": "Bearer " + bearer}))
		got := codes(a.body.Errors)
		if got["HEBEI"] != "FORBIDDEN" || got["SHANGHAI"] != "" {
			t.Errorf("codes %v", got)
		}
	})
}

func TestIntrospectionSwitch(t *testing.T) {
	q := map[string]any{"query": `{ __schema { queryType { name } } }`}
	on := do(t, postReq(t, startGateway(t, nil).URL, q, nil))
	off := do(t, postReq(t, startGateway(t, func(c *config.Config) { c.GraphQL.Introspection = false }).URL, q, nil))
	if len(on.body.Errors) != 0 || len(off.body.Errors) == 0 {
		t.Errorf("introspection on: %s; off: %s", on.raw, off.raw)
	}
}

func TestTrustedDocuments(t *testing.T) {
	codegen := writeFile(t, "persisted-documents.json", `{"sha256:`+hashOf(hebeiQuery)+`": `+strconv.Quote(hebeiQuery)+`}`)
	apollo := writeFile(t, "persisted-query-manifest.json", `{"format":"apollo-persisted-query-manifest","version":1,"operations":[`+
		`{"id":"provinces-v1","name":"Provinces","type":"query","body":`+strconv.Quote(provincesQuery)+`}]}`)
	for name, manifest := range map[string]struct{ file, id, query string }{
		"codegen": {codegen, hashOf(hebeiQuery), hebeiQuery},
		"apollo":  {apollo, "provinces-v1", provincesQuery},
	} {
		t.Run(name, func(t *testing.T) {
			srv := startGateway(t, func(c *config.Config) {
				c.GraphQL.TrustedDocumentsFile, c.GraphQL.TrustedDocumentsOnly = manifest.file, true
			})
			cases := []struct {
				name string
				req  *http.Request
				code string // "": must answer data
			}{
				{"free query", postReq(t, srv.URL, map[string]any{"query": meetingsQuery}, nil), "OPERATION_NOT_TRUSTED"},
				{"APQ registration", postReq(t, srv.URL, map[string]any{"query": meetingsQuery,
					"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hashOf(meetingsQuery)}}}, nil), "PERSISTED_QUERY_NOT_FOUND"},
				{"unknown documentId", postReq(t, srv.URL, map[string]any{"documentId": "sha256:" + hashOf("{ x }")}, nil), "PERSISTED_QUERY_NOT_FOUND"},
				{"listed id with another query", postReq(t, srv.URL, map[string]any{"query": meetingsQuery,
					"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": manifest.id}}}, nil), "OPERATION_NOT_TRUSTED"},
				{"documentId POST", postReq(t, srv.URL, map[string]any{"documentId": manifest.id}, nil), ""},
				{"documentId GET", getReq(t, srv.URL, url.Values{"documentId": {manifest.id}}, nil), ""},
				{"persistedQuery GET", getReq(t, srv.URL, url.Values{"extensions": {`{"persistedQuery":{"version":1,"sha256Hash":"` + manifest.id + `"}}`}}, nil), ""},
				{"listed body sent in full", postReq(t, srv.URL, map[string]any{"query": manifest.query}, nil), ""},
			}
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					a := do(t, tc.req)
					got := codes(a.body.Errors)[""]
					if got != tc.code || (tc.code == "" && len(a.body.Data) < 10) {
						t.Errorf("code %q, want %q; status %d body %s", got, tc.code, a.status, a.raw)
					}
					// A refused operation never ran: HTTP 200 for
					// application/json and no data entry, as GraphQL over
					// HTTP asks of a request error.
					if tc.code == "OPERATION_NOT_TRUSTED" && (a.status != http.StatusOK || strings.Contains(string(a.raw), `"data"`)) {
						t.Errorf("refused operation: status %d body %s, want 200 without data", a.status, a.raw)
					}
				})
			}
		})
	}
	t.Run("manifest also serves when not enforced", func(t *testing.T) {
		srv := startGateway(t, func(c *config.Config) { c.GraphQL.TrustedDocumentsFile = apollo })
		for _, req := range []*http.Request{
			postReq(t, srv.URL, map[string]any{"documentId": "provinces-v1"}, nil),
			postReq(t, srv.URL, map[string]any{"query": meetingsQuery}, nil),
		} {
			if a := do(t, req); len(a.body.Errors) != 0 {
				t.Errorf("body %s", a.raw)
			}
		}
	})
}

func maxAge(t *testing.T, h http.Header) (int, bool) {
	t.Helper()
	cc := h.Get("Cache-Control")
	_, v, ok := strings.Cut(cc, "max-age=")
	if !ok {
		t.Fatalf("Cache-Control %q has no max-age", cc)
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		t.Fatalf("Cache-Control %q: %v", cc, err)
	}
	return n, strings.HasPrefix(cc, "private")
}

func TestHTTPCaching(t *testing.T) {
	const hebeiTTL = 90 * time.Second
	srv := startGateway(t, func(c *config.Config) {
		withAuth(t, false)(c)
		c.Sources.Hebei.CacheTTL = hebeiTTL
		c.GraphQL.HTTPCacheMaxAge = 10 * time.Minute
	})
	apq := func(query string) url.Values {
		return url.Values{"extensions": {`{"persistedQuery":{"version":1,"sha256Hash":"` + hashOf(query) + `"}}`}}
	}
	// Register the query (APQ): a POST, never cacheable.
	reg := do(t, postReq(t, srv.URL, map[string]any{"query": hebeiQuery,
		"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hashOf(hebeiQuery)}}}, nil))
	if reg.status != http.StatusOK || reg.header.Get("ETag") != "" || reg.header.Get("Cache-Control") != "" {
		t.Fatalf("POST: status %d, ETag %q, Cache-Control %q", reg.status, reg.header.Get("ETag"), reg.header.Get("Cache-Control"))
	}

	first := do(t, getReq(t, srv.URL, apq(hebeiQuery), nil))
	etag := first.header.Get("ETag")
	if first.status != http.StatusOK || etag == "" {
		t.Fatalf("GET: status %d, ETag %q, body %s", first.status, etag, first.raw)
	}
	age, private := maxAge(t, first.header)
	if private || age <= 0 || age > int(hebeiTTL/time.Second) {
		t.Errorf("Cache-Control %q: want public, max-age within Hebei's TTL of %s", first.header.Get("Cache-Control"), hebeiTTL)
	}

	again := do(t, getReq(t, srv.URL, apq(hebeiQuery), map[string]string{"If-None-Match": etag}))
	if again.status != http.StatusNotModified || len(again.raw) != 0 || again.header.Get("ETag") != etag {
		t.Errorf("revalidation: status %d, ETag %q, body %q", again.status, again.header.Get("ETag"), again.raw)
	}
	other := do(t, getReq(t, srv.URL, apq(hebeiQuery), map[string]string{"If-None-Match": `"something-else"`}))
	if other.status != http.StatusOK || len(other.raw) == 0 {
		t.Errorf("non-matching If-None-Match: status %d", other.status)
	}

	authed := do(t, getReq(t, srv.URL, apq(hebeiQuery), map[string]string{"X-API-Key": keyHebeiOnly}))
	if _, private := maxAge(t, authed.header); !private {
		t.Errorf("authenticated answer is %q, want private", authed.header.Get("Cache-Control"))
	}

	// Static data (no province touched) may be cached up to the cap.
	do(t, postReq(t, srv.URL, map[string]any{"query": provincesQuery,
		"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hashOf(provincesQuery)}}}, nil))
	static := do(t, getReq(t, srv.URL, apq(provincesQuery), nil))
	if age, _ := maxAge(t, static.header); age != 600 {
		t.Errorf("static answer max-age %d, want the 600 s cap", age)
	}

	// An answer with errors (a province the key may not see) gets no caching headers.
	do(t, postReq(t, srv.URL, map[string]any{"query": meetingsQuery,
		"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hashOf(meetingsQuery)}}}, nil))
	partial := do(t, getReq(t, srv.URL, apq(meetingsQuery), map[string]string{"X-API-Key": keyHebeiOnly}))
	if len(partial.body.Errors) == 0 || partial.header.Get("ETag") != "" || partial.header.Get("Cache-Control") != "" {
		t.Errorf("partial answer: errors %d, ETag %q, Cache-Control %q", len(partial.body.Errors), partial.header.Get("ETag"), partial.header.Get("Cache-Control"))
	}

	// A GET with the full query text is not a persisted query: no caching headers.
	plain := do(t, getReq(t, srv.URL, url.Values{"query": {hebeiQuery}}, nil))
	if plain.header.Get("ETag") != "" || plain.header.Get("Cache-Control") != "" {
		t.Errorf("plain GET got ETag %q, Cache-Control %q", plain.header.Get("ETag"), plain.header.Get("Cache-Control"))
	}
}
