package gateway

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/health"
	"github.com/civgraph/civgraph/federation"
	"github.com/civgraph/civgraph/regions"
	"github.com/civgraph/civgraph/resolvers"
)

// panickySource is a province whose meeting lookups panic, as a connector
// bug would.
type panickySource struct{}

func (panickySource) Province() civ.ProvinceCode            { return civ.Hebei }
func (panickySource) Capabilities() connectors.Capabilities { return connectors.Capabilities{} }
func (panickySource) Meetings(context.Context, connectors.Query) (connectors.Result[civ.Meeting], error) {
	panic("connector bug")
}
func (panickySource) PolicyDocuments(context.Context, connectors.Query) (connectors.Result[civ.PolicyDocument], error) {
	return connectors.Result[civ.PolicyDocument]{}, nil
}
func (panickySource) Tasks(context.Context, connectors.Query) (connectors.Result[civ.Task], error) {
	return connectors.Result[civ.Task]{}, nil
}
func (panickySource) ServiceSites(context.Context, connectors.Query) (connectors.Result[civ.ServiceSite], error) {
	return connectors.Result[civ.ServiceSite]{}, nil
}

// panickyHandler is the GraphQL handler over sources, logging as JSON to
// the file it returns (a file is safe for concurrent writes).
func panickyHandler(t *testing.T, sources ...connectors.Source) (http.Handler, *os.File) {
	fed, err := federation.New(sources, []byte("secret"))
	if err != nil {
		t.Fatal(err)
	}
	logFile, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { logFile.Close() })
	logger := slog.New(slog.NewJSONHandler(logFile, nil))
	return newGraphQLHandler(resolvers.New(fed, regions.Default()), 0, config.Default().Limits, logger, health.NewRegistry(), access{introspection: true}), logFile
}

// A resolver panic answers INTERNAL_SERVER_ERROR with an error id that
// finds the panic and its stack in the log, and the server keeps serving.
func TestResolverPanicHasErrorIDInLog(t *testing.T) {
	h, logFile := panickyHandler(t, panickySource{})
	ask := func(query string) (int, map[string]any) {
		body, _ := json.Marshal(map[string]any{"query": query})
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		var out map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatalf("status %d, body %s", rec.Code, rec.Body)
		}
		return rec.Code, out
	}
	id := federation.EncodeID(federation.KindMeeting, civ.Hebei, "m1")
	status, out := ask(`{ node(id: "` + id + `") { id } }`)
	errs, _ := out["errors"].([]any)
	if status != http.StatusOK || len(errs) != 1 {
		t.Fatalf("status %d, body %v; want 200 and one error", status, out)
	}
	first := errs[0].(map[string]any)
	ext := first["extensions"].(map[string]any)
	errorID, _ := ext["errorId"].(string)
	if ext["code"] != "INTERNAL_SERVER_ERROR" || len(errorID) != 16 {
		t.Fatalf("extensions %v; want INTERNAL_SERVER_ERROR with a 16-hex-digit errorId", ext)
	}
	if msg := first["message"].(string); strings.Contains(msg, "connector bug") {
		t.Errorf("the panic value reached the client: %q", msg)
	}
	logBytes, _ := os.ReadFile(logFile.Name())
	log := string(logBytes)
	if !strings.Contains(log, `"errorId":"`+errorID+`"`) || !strings.Contains(log, "connector bug") || !strings.Contains(log, "goroutine") {
		t.Errorf("log does not hold the panic with id %s and its stack:\n%s", errorID, log)
	}
	if status, out := ask(`{ provinces { code } }`); status != http.StatusOK || out["errors"] != nil {
		t.Fatalf("after the panic: status %d, body %v", status, out)
	}
}

// quietSource is a healthy province beside panickySource.
type quietSource struct{ panickySource }

func (quietSource) Province() civ.ProvinceCode { return civ.Hubei }
func (quietSource) Meetings(context.Context, connectors.Query) (connectors.Result[civ.Meeting], error) {
	return connectors.Result[civ.Meeting]{Items: []civ.Meeting{{ID: "q1", Province: civ.Hubei, Title: "healthy"}}, Total: 1}, nil
}

// A connector that panics inside the fan-out's goroutine (where no
// resolver recovers it) costs only its province's part: that part answers
// INTERNAL_SERVER_ERROR with an error id and the province, the other
// province's rows are there, and the process keeps serving.
func TestListPanicFailsOnlyItsProvince(t *testing.T) {
	h, logFile := panickyHandler(t, panickySource{}, quietSource{})
	srv := httptest.NewServer(h)
	defer srv.Close()
	ask := func() map[string]any {
		body, _ := json.Marshal(map[string]any{"query": `{ meetings(first: 10) { edges { node { title } } } }`})
		resp, err := http.Post(srv.URL, "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatalf("the server went away: %v", err)
		}
		defer resp.Body.Close()
		var out map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	for range 2 { // the second request proves the process survived the first
		out := ask()
		raw, _ := json.Marshal(out)
		if !strings.Contains(string(raw), `"title":"healthy"`) {
			t.Fatalf("the healthy province's row is missing: %s", raw)
		}
		errs, _ := out["errors"].([]any)
		if len(errs) != 1 {
			t.Fatalf("want one error, got %s", raw)
		}
		first := errs[0].(map[string]any)
		ext := first["extensions"].(map[string]any)
		id, _ := ext["errorId"].(string)
		if ext["code"] != "INTERNAL_SERVER_ERROR" || ext["province"] != string(civ.Hebei) || len(id) != 16 {
			t.Fatalf("extensions %v; want INTERNAL_SERVER_ERROR for HEBEI with an errorId", ext)
		}
		if strings.Contains(first["message"].(string), "connector bug") {
			t.Errorf("the panic value reached the client: %v", first["message"])
		}
		if logged, _ := os.ReadFile(logFile.Name()); !strings.Contains(string(logged), `"errorId":"`+id+`"`) || !strings.Contains(string(logged), "goroutine") {
			t.Errorf("the log lacks error %s with its stack:\n%s", id, logged)
		}
	}
}
