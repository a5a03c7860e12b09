package gateway_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/config"
)

// entityTypes are the types the subgraph declares with @key(fields: "id").
var entityTypes = []string{"Province", "Region", "ServiceSite", "Meeting", "Task", "PolicyDocument"}

func TestSubgraphFieldsAreAbsentWhenOff(t *testing.T) {
	srv := startGateway(t, nil)
	for _, q := range []string{`{ _service { sdl } }`, `{ _entities(representations: []) { __typename } }`} {
		a := post(t, srv.URL, q, nil)
		if len(a.Errors) == 0 || codes(a.Errors)[""] != "GRAPHQL_VALIDATION_FAILED" || (a.Data != nil && string(a.Data) != "null") {
			t.Errorf("%s answered %s %v with the subgraph mode off", q, a.Data, a.Errors)
		}
	}
	a := post(t, srv.URL, `{ __type(name: "_Entity") { name } q: __type(name: "Query") { fields { name } } }`, nil)
	if strings.Contains(string(a.Data), "_entities") || strings.Contains(string(a.Data), `"_Entity"`) {
		t.Errorf("introspection shows the subgraph's fields: %s", a.Data)
	}
}

func TestSubgraphService(t *testing.T) {
	srv := startGateway(t, func(c *config.Config) { c.GraphQL.Subgraph = true })
	a := post(t, srv.URL, `{ _service { sdl } }`, nil)
	var data struct {
		Service struct{ SDL string } `json:"_service"`
	}
	if err := json.Unmarshal(a.Data, &data); err != nil || len(a.Errors) > 0 {
		t.Fatalf("%v %v", err, a.Errors)
	}
	sdl := data.Service.SDL
	for _, typ := range entityTypes {
		if !strings.Contains(sdl, "extend type "+typ+` @key(fields: "id")`) {
			t.Errorf("_service sdl has no @key for %s", typ)
		}
	}
	for _, want := range []string{"type Query {", "@link(url: \"https://specs.apollo.dev/federation/v2.3\"", "type ServiceSite implements Node"} {
		if !strings.Contains(sdl, want) {
			t.Errorf("_service sdl lacks %q", want)
		}
	}
	// The regular fields answer as before.
	if p := post(t, srv.URL, provincesQuery, nil); len(p.Errors) > 0 || !strings.Contains(string(p.Data), "河北省") {
		t.Errorf("provinces in subgraph mode: %s %v", p.Data, p.Errors)
	}
}

func TestSubgraphEntities(t *testing.T) {
	srv := startGateway(t, func(c *config.Config) { c.GraphQL.Subgraph = true })
	// The IDs and names the regular queries give; _entities must find the same.
	a := post(t, srv.URL, `{
		provinces { id name }
		region(code: "130100") { id name }
		serviceSites(first: 1) { edges { node { id name } } }
		meetings(first: 1) { edges { node { id title } } }
		tasks(first: 1) { edges { node { id title } } }
		policyDocuments(first: 1) { edges { node { id title } } } }`, nil)
	if len(a.Errors) > 0 {
		t.Fatal(a.Errors)
	}
	type item struct{ ID, Name, Title string }
	type conn struct{ Edges []struct{ Node item } }
	var d struct {
		Provinces                                      []item
		Region                                         item
		ServiceSites, Meetings, Tasks, PolicyDocuments conn
	}
	if err := json.Unmarshal(a.Data, &d); err != nil {
		t.Fatal(err)
	}
	want := map[string]item{"Province": d.Provinces[0], "Region": d.Region}
	for typ, c := range map[string]conn{"ServiceSite": d.ServiceSites, "Meeting": d.Meetings, "Task": d.Tasks, "PolicyDocument": d.PolicyDocuments} {
		if len(c.Edges) == 0 {
			t.Fatalf("no %s to look up", typ)
		}
		want[typ] = c.Edges[0].Node
	}
	var reps []map[string]any
	for _, typ := range entityTypes {
		reps = append(reps, map[string]any{"__typename": typ, "id": want[typ].ID})
	}
	// A Meeting's ID under the Province key names no province.
	reps = append(reps, map[string]any{"__typename": "Province", "id": want["Meeting"].ID})
	const q = `query($r: [_Any!]!) { _entities(representations: $r) { __typename
		... on Province { id name } ... on Region { id name } ... on ServiceSite { id name }
		... on Meeting { id title } ... on Task { id title } ... on PolicyDocument { id title } } }`
	e := post(t, srv.URL, q, map[string]any{"r": reps})
	var got struct {
		Entities []*struct{ Typename, ID, Name, Title string } `json:"_entities"`
	}
	if err := json.Unmarshal(e.Data, &got); err != nil || len(got.Entities) != len(reps) {
		t.Fatalf("%v: %s", err, e.Data)
	}
	for i, typ := range entityTypes {
		g, w := got.Entities[i], want[typ]
		if g == nil || g.ID != w.ID || g.Name+g.Title != w.Name+w.Title || g.Name+g.Title == "" {
			t.Errorf("%s %s: got %+v, want %+v", typ, w.ID, g, w)
		}
	}
	if got.Entities[len(reps)-1] != nil || len(e.Errors) != 1 || codes(e.Errors)[""] != "BAD_USER_INPUT" {
		t.Errorf("a Meeting's ID as a Province: %+v, errors %v", got.Entities[len(reps)-1], e.Errors)
	}

	var many []map[string]any
	for range 101 {
		many = append(many, map[string]any{"__typename": "Province", "id": want["Province"].ID})
	}
	if b := post(t, srv.URL, q, map[string]any{"r": many}); codes(b.Errors)[""] != "BAD_USER_INPUT" ||
		!strings.Contains(fmt.Sprint(b.Errors), "at most 100 representations") {
		t.Errorf("101 representations: %v", b.Errors)
	}
}
