package e2e_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// corsResult is one entry of what e2e/cors.mjs prints.
type corsResult struct {
	Page    string   `json:"page"`
	Origin  string   `json:"origin"`
	OK      bool     `json:"ok"`
	Status  int      `json:"status"`
	Body    string   `json:"body"`
	Error   string   `json:"error"`
	Console []string `json:"console"`
}

// TestCrossOriginFetchWithClientHeaders loads a page from a second
// loopback origin, allowed by cors.allowed_origins, and one from a third,
// not allowed; each fetches /graphql with Authorization, traceparent and
// Apollo's client headers. The browser must deliver the first answer and
// refuse the second.
func TestCrossOriginFetchWithClientHeaders(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	requirePrerequisites(t, root)
	page := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte("<!DOCTYPE html><title>front end</title><p>a front end on another origin</p>"))
	})
	allowed := httptest.NewServer(page)
	defer allowed.Close()
	other := httptest.NewServer(page)
	defer other.Close()

	base := startGateway(t, root, "CIVGRAPH_CORS_ALLOWED_ORIGINS="+allowed.URL, "CIVGRAPH_PLAYGROUND_ENABLED=false")

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	node := exec.CommandContext(ctx, "node", "cors.mjs", base+"graphql", allowed.URL+"/", other.URL+"/")
	var stderr strings.Builder
	node.Stderr = &stderr
	out, err := node.Output()
	if err != nil && !errors.As(err, new(*exec.ExitError)) {
		t.Fatalf("run node: %v", err)
	}
	var results []corsResult
	if err := json.Unmarshal(out, &results); err != nil || len(results) != 2 {
		t.Fatalf("node printed no report of two pages (%v): %s\n%s", err, out, stderr.String())
	}

	ok := results[0]
	if !ok.OK || ok.Error != "" || !strings.Contains(ok.Body, `"SHANGHAI"`) || strings.Contains(ok.Body, `"errors"`) {
		t.Errorf("fetch from the allowed origin %s: status %d, error %q, body %.300s\nconsole: %v", ok.Origin, ok.Status, ok.Error, ok.Body, ok.Console)
	}
	blocked := results[1]
	if blocked.OK || blocked.Body != "" || !strings.Contains(blocked.Error, "Failed to fetch") {
		t.Errorf("fetch from the unlisted origin %s was not refused: status %d, error %q, body %.300s", blocked.Origin, blocked.Status, blocked.Error, blocked.Body)
	}
	if !strings.Contains(strings.Join(blocked.Console, "\n"), "CORS") {
		t.Errorf("the browser did not report a CORS refusal for %s: %v", blocked.Origin, blocked.Console)
	}
}
