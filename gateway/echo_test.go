package gateway_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// Whatever a client sends that an error names — an operation name, an
// enum value, an ID, a date — comes back at most a few hundred bytes long.
func TestErrorsRepeatABoundedPartOfClientValues(t *testing.T) {
	srv := startGateway(t, nil)
	huge := strings.Repeat("B", 400_000)
	for name, req := range map[string]map[string]any{
		"operation name": {"query": `query A { provinces { code } }`, "operationName": huge},
		"enum variable":  {"query": `query($p: [ProvinceCode!]) { meetings(filter: {provinces: $p}) { totalCount } }`, "variables": map[string]any{"p": []string{huge}}},
		"id":             {"query": `query($i: ID!) { node(id: $i) { id } }`, "variables": map[string]any{"i": huge}},
		"date":           {"query": `query($d: Date) { meetings(filter: {from: $d}) { totalCount } }`, "variables": map[string]any{"d": huge}},
	} {
		body, _ := json.Marshal(req)
		resp, err := http.Post(srv.URL+"/graphql", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !bytes.Contains(raw, []byte(`"errors"`)) || len(raw) > 2048 {
			t.Errorf("%s: %d-byte answer: %.200s", name, len(raw), raw)
		}
	}
}
