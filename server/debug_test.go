package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/civgraph/civgraph/server"
)

func TestDebugHandler(t *testing.T) {
	h := server.DebugHandler()
	for _, path := range []string{"/debug/pprof/", "/debug/pprof/heap?debug=1", "/debug/vars"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s: HTTP %d", path, rec.Code)
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/debug/vars", nil))
	var vars struct{ Memstats struct{ Mallocs uint64 } }
	if err := json.Unmarshal(rec.Body.Bytes(), &vars); err != nil || vars.Memstats.Mallocs == 0 {
		t.Errorf("/debug/vars has no allocation count: %v %s", err, rec.Body.String()[:min(200, rec.Body.Len())])
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/graphql", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("GET /graphql on the debug listener: HTTP %d, want 404", rec.Code)
	}
}
