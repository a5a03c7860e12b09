package gateway_test

import (
	"bytes"
	"encoding/json"
	"fmt"
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

// A full introspection, as the playground sends it, fits the default
// limits; thirty aliased copies of it do not.
func TestAliasedSchemaIntrospectionIsPricedPerCopy(t *testing.T) {
	srv := startGateway(t, nil)
	const full = `__schema { queryType { name } types { kind name description fields(includeDeprecated: true) { name description args { name description type { ...T } defaultValue } type { ...T } isDeprecated deprecationReason } inputFields { name type { ...T } defaultValue } interfaces { ...T } enumValues(includeDeprecated: true) { name description } possibleTypes { ...T } } directives { name locations args { name type { ...T } } } }`
	const typeRef = ` fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }`
	if r := post(t, srv.URL, `query IntrospectionQuery { `+full+` }`+typeRef, nil); len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"queryType"`) {
		t.Fatalf("the full introspection query: %v", r.Errors)
	}
	var b strings.Builder
	for i := range 30 {
		fmt.Fprintf(&b, "s%d: %s ", i, full)
	}
	r := post(t, srv.URL, `{ `+b.String()+` }`+typeRef, nil)
	if len(r.Errors) != 1 || r.Errors[0]["extensions"].(map[string]any)["code"] != "QUERY_TOO_COMPLEX" {
		t.Fatalf("thirty aliased introspections: %v", r.Errors)
	}
}
