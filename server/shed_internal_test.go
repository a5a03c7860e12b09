package server

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/config"
)

// A client that sends its body slowly must not hold an execution slot
// while it does: with one slot, a request whose body is still arriving
// leaves it free for a complete request.
func TestSlowBodyHoldsNoExecutionSlot(t *testing.T) {
	lim := config.Default().Limits
	lim.MaxConcurrent = 1
	var served []string
	h := limitGraphQL(lim, nil, slog.New(slog.DiscardHandler), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		served = append(served, string(body))
	}))

	pr, pw := io.Pipe()
	slow := httptest.NewRequest(http.MethodPost, "/graphql", pr)
	slow.RemoteAddr = "192.0.2.1:1"
	done := make(chan int)
	go func() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, slow)
		done <- rec.Code
	}()
	// The pipe returns once the handler chain has read these bytes: the
	// slow request is in, and its body is not complete.
	if _, err := pw.Write([]byte(`{"query":`)); err != nil {
		t.Fatal(err)
	}

	rec := httptest.NewRecorder()
	whole := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"{ a }"}`))
	whole.RemoteAddr = "192.0.2.2:1"
	h.ServeHTTP(rec, whole)
	if rec.Code != http.StatusOK || len(served) != 1 {
		t.Fatalf("a complete request beside a trickling one: HTTP %d %s", rec.Code, rec.Body)
	}

	_, _ = pw.Write([]byte(`"{ b }"}`))
	pw.Close()
	if code := <-done; code != http.StatusOK || len(served) != 2 || served[1] != `{"query":"{ b }"}` {
		t.Fatalf("the slow request, once complete: HTTP %d, served %q", code, served)
	}
}
