package httpcache_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/civgraph/civgraph/httpcache"
)

// answer returns a handler that writes body with status after allowing
// caching for maxAge (allow false: never allowed).
func answer(status int, body string, allow bool, maxAge time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if allow {
			httpcache.Allow(r.Context(), maxAge)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	})
}

func serve(h http.Handler, method string, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "/graphql", nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestHandler(t *testing.T) {
	const body = `{"data":{"x":1}}`
	ok := httpcache.Handler(answer(200, body, true, 90*time.Second+400*time.Millisecond), httpcache.Options{})
	first := serve(ok, http.MethodGet, nil)
	etag := first.Header().Get("ETag")
	if first.Code != 200 || first.Body.String() != body || etag == "" || first.Header().Get("Cache-Control") != "public, max-age=90" {
		t.Fatalf("first: %d %q %v", first.Code, first.Body, first.Header())
	}
	for _, inm := range []string{etag, "W/" + etag, `"x", ` + etag, "*"} {
		if rec := serve(ok, http.MethodGet, map[string]string{"If-None-Match": inm}); rec.Code != 304 || rec.Body.Len() != 0 || rec.Header().Get("ETag") != etag {
			t.Errorf("If-None-Match %s: %d %q", inm, rec.Code, rec.Body)
		}
	}
	if rec := serve(ok, http.MethodGet, map[string]string{"If-None-Match": `"other"`}); rec.Code != 200 || rec.Body.String() != body {
		t.Errorf("other ETag: %d", rec.Code)
	}

	private := httpcache.Handler(answer(200, body, true, time.Minute), httpcache.Options{Private: func(*http.Request) bool { return true }})
	if cc := serve(private, http.MethodGet, nil).Header().Get("Cache-Control"); cc != "private, max-age=60" {
		t.Errorf("private: %q", cc)
	}

	for name, h := range map[string]http.Handler{
		"not allowed":  httpcache.Handler(answer(200, body, false, 0), httpcache.Options{}),
		"not 200":      httpcache.Handler(answer(422, body, true, time.Minute), httpcache.Options{}),
		"not selected": httpcache.Handler(answer(200, body, true, time.Minute), httpcache.Options{Cacheable: func(*http.Request) bool { return false }}),
		"too large":    httpcache.Handler(answer(200, strings.Repeat("x", 100), true, time.Minute), httpcache.Options{MaxBody: 10}),
	} {
		rec := serve(h, http.MethodGet, map[string]string{"If-None-Match": "*"})
		if rec.Header().Get("ETag") != "" || rec.Header().Get("Cache-Control") != "" || rec.Code == 304 || rec.Body.Len() == 0 {
			t.Errorf("%s: %d %v", name, rec.Code, rec.Header())
		}
	}
	if rec := serve(ok, http.MethodPost, nil); rec.Header().Get("ETag") != "" || rec.Header().Get("Cache-Control") != "" {
		t.Errorf("POST got caching headers %v", rec.Header())
	}
}
