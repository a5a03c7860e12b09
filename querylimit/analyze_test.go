package querylimit_test

import (
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/civgraph/civgraph/querylimit"
)

// testSchema has the shapes that matter: connections paged by first, an
// unbounded recursive list, a list with one item per province, fields that
// call upstreams per argument set and per parent object, and lookups by ID.
const testSchema = `
type Query {
  provinces: [Province!]!
  province(code: String!): Province
  region(code: String!): Region
  meetings(filter: Filter, first: Int, after: String, last: Int, before: String): MeetingConnection!
  node(id: ID!): Meeting
  nodes(ids: [ID!]!): [Meeting]!
}
input Filter { provinces: [String!], keyword: String }
type Province { code: String! meetings(first: Int): MeetingConnection! stats(groups: Int): Int }
type Region { code: String! parent: Region children: [Region!]! stats: Int }
type MeetingConnection { edges: [MeetingEdge!]! totalCount: Int! }
type MeetingEdge { cursor: String! node: Meeting! }
type Meeting { id: ID! title: String! tasks: [Task!]! }
type Task { title: String! origin: Meeting }
`

var schema = gqlparser.MustLoadSchema(&ast.Source{Name: "test.graphqls", Input: testSchema})

func model() *querylimit.Model {
	return &querylimit.Model{
		Provinces:       []string{"A", "B"},
		PageSize:        100,
		DefaultFirst:    20,
		DefaultListSize: 10,
		ListSizes:       map[string]int{"Region.children": 100, "Query.provinces": 2},
		Spread:          map[string]bool{"Query.provinces": true},
		Narrow: map[string]func(map[string]any) []string{
			"Query.province": func(args map[string]any) []string { return []string{args["code"].(string)} },
			"Query.meetings": func(args map[string]any) []string {
				f, _ := args["filter"].(map[string]any)
				var out []string
				for _, p := range asList(f["provinces"]) {
					out = append(out, p.(string))
				}
				return out
			},
		},
		Upstream: map[string]querylimit.Upstream{
			"Query.meetings":    {Paged: true},
			"Province.meetings": {Paged: true},
			"Meeting.tasks":     {PerParent: true},
			"Province.stats": {PerParent: true, PerProvince: func(args, _ map[string]any, _ string) int {
				n, _ := args["groups"].(int64)
				return int(n)
			}},
			"Region.stats": {PerProvince: func(_, parent map[string]any, p string) int {
				if parent["code"] == "small" {
					return 1
				}
				return map[string]int{"A": 10, "B": 20}[p]
			}},
			"Task.origin": {PerParent: true, Batch: 100, BatchCalls: 2},
			"Query.node": {Calls: func(args map[string]any) map[string]int {
				return map[string]int{strings.SplitN(args["id"].(string), ":", 2)[0]: 1}
			}},
			"Query.nodes": {Calls: func(args map[string]any) map[string]int {
				out := map[string]int{}
				for _, id := range asList(args["ids"]) {
					out[strings.SplitN(id.(string), ":", 2)[0]]++
				}
				return out
			}},
		},
	}
}

func asList(v any) []any { l, _ := v.([]any); return l }

func analyze(t *testing.T, query string, vars map[string]any) querylimit.Figures {
	t.Helper()
	doc, errs := gqlparser.LoadQuery(schema, query)
	if errs != nil {
		t.Fatalf("invalid test query: %v", errs)
	}
	return model().Analyze(doc, doc.Operations[0], vars, 1_000_000)
}

func TestAnalyze(t *testing.T) {
	tests := []struct {
		name       string
		query      string
		vars       map[string]any
		complexity int
		depth      int
		aliases    int
		calls      map[string]int
	}{
		{
			name:  "connection edges count first times",
			query: `{ meetings(first: 100) { totalCount edges { node { title } } } }`,
			// meetings, totalCount, edges: 1 each; node and title: 100 each
			complexity: 203, depth: 4,
			calls: map[string]int{"A": 2, "B": 2}, // ceil(100/100)+1 pages per province
		},
		{
			name:       "default page size when first is absent",
			query:      `{ meetings { edges { node { title } } } }`,
			complexity: 42, depth: 4,
			calls: map[string]int{"A": 2, "B": 2},
		},
		{
			name:  "last counts as the page size, and from the end costs a total first",
			query: `{ meetings(last: 100) { edges { node { title } } } }`,
			// meetings, edges: 1 each; node and title: 100 each
			complexity: 202, depth: 4,
			calls: map[string]int{"A": 3, "B": 3},
		},
		{
			name:       "last before a cursor",
			query:      `{ meetings(last: 100, before: "c") { edges { cursor } } }`,
			complexity: 102, depth: 3,
			calls: map[string]int{"A": 2, "B": 2},
		},
		{
			name:       "first from a variable",
			query:      `query($n: Int) { meetings(first: $n) { edges { cursor } } }`,
			vars:       map[string]any{"n": int64(50)},
			complexity: 52, depth: 3,
			calls: map[string]int{"A": 2, "B": 2},
		},
		{
			name:  "unbounded nested lists multiply",
			query: `{ region(code: "1") { children { children { code } } } }`,
			// region 1, children 1, children 100, code 100*100
			complexity: 10102, depth: 4,
			calls: map[string]int{},
		},
		{
			name:  "parent and children cycles multiply too",
			query: `{ region(code: "1") { children { parent { children { code } } } } }`,
			// region 1, children 1, parent 100, children 100, code 100*100
			complexity: 10202, depth: 5,
			calls: map[string]int{},
		},
		{
			name:       "aliases with identical arguments share one upstream call",
			query:      `{ a: meetings(first: 5) { totalCount } b: meetings(first: 5) { totalCount } }`,
			complexity: 4, depth: 2, aliases: 2,
			calls: map[string]int{"A": 2, "B": 2},
		},
		{
			name: "aliases with distinct arguments each call",
			query: `{ a: meetings(filter: {keyword: "x"}) { totalCount }
			          b: meetings(filter: {keyword: "y"}) { totalCount }
			          c: meetings(filter: {keyword: "z", provinces: ["B"]}) { totalCount } }`,
			complexity: 6, depth: 2, aliases: 3,
			calls: map[string]int{"A": 4, "B": 6},
		},
		{
			name:  "calls per parent object: one per meeting of the page",
			query: `{ meetings(filter: {provinces: ["A"]}, first: 30) { edges { node { tasks { title } } } } }`,
			// meetings 1, edges 1, node 30, tasks 30, title 300
			complexity: 362, depth: 5,
			calls: map[string]int{"A": 2 + 30},
		},
		{
			name:  "loader-batched fields call once per batch of parents",
			query: `{ meetings(filter: {provinces: ["A"]}, first: 30) { edges { node { tasks { origin { __typename } } } } } }`,
			// meetings 1, edges 1, node 30, tasks 30, origin 300, __typename 300;
			// origins of 300 tasks: 3 batches of 100, 2 calls each
			complexity: 662, depth: 5,
			calls: map[string]int{"A": 2 + 30 + 3*2},
		},
		{
			name:       "a province argument narrows the calls to it",
			query:      `{ province(code: "B") { meetings(first: 10) { totalCount } } }`,
			complexity: 3, depth: 3,
			calls: map[string]int{"B": 2},
		},
		{
			name:  "one item per province does not multiply per-province calls",
			query: `{ provinces { meetings(first: 10) { edges { node { tasks { title } } } } } }`,
			// provinces 1, meetings 2, edges 2, node 20, tasks 20, title 200
			complexity: 245, depth: 6,
			calls: map[string]int{"A": 2 + 10, "B": 2 + 10},
		},
		{
			name:       "lookups by ID count per province and once per ID",
			query:      `{ a: node(id: "A:1") { id } b: node(id: "A:1") { id } nodes(ids: ["A:2", "B:1", "B:2"]) { title } }`,
			complexity: 8, depth: 2, aliases: 2,
			calls: map[string]int{"A": 2, "B": 2},
		},
		{
			name:       "fragments are expanded where they are spread",
			query:      `query { meetings(first: 10) { ...page } } fragment page on MeetingConnection { edges { node { tasks { title } } } }`,
			complexity: 122, depth: 5,
			calls: map[string]int{"A": 2 + 10, "B": 2 + 10},
		},
		{
			name:       "typename costs one and calls nothing",
			query:      `{ __typename }`,
			complexity: 1, depth: 0,
			calls: map[string]int{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := analyze(t, tt.query, tt.vars)
			if f.Complexity != tt.complexity || f.Depth != tt.depth || f.Aliases != tt.aliases || f.Truncated {
				t.Errorf("complexity %d depth %d aliases %d truncated %v; want %d %d %d false",
					f.Complexity, f.Depth, f.Aliases, f.Truncated, tt.complexity, tt.depth, tt.aliases)
			}
			if len(f.UpstreamCalls) != len(tt.calls) {
				t.Errorf("upstream calls %v, want %v", f.UpstreamCalls, tt.calls)
			}
			for p, n := range tt.calls {
				if f.UpstreamCalls[p] != n {
					t.Errorf("upstream calls %v, want %v", f.UpstreamCalls, tt.calls)
					break
				}
			}
		})
	}
}

// Introspection counts once per field and not toward depth: gqlparser's
// own rule bounds how its lists nest.
func TestIntrospection(t *testing.T) {
	standard := `{ __schema { types { name fields { name args { name type { name ofType { name ofType { name } } } } } } } }`
	if f := analyze(t, standard, nil); f.Complexity != 13 || f.Depth != 0 || len(f.UpstreamCalls) != 0 {
		t.Errorf("standard introspection: complexity %d depth %d calls %v, want 13, 0, none", f.Complexity, f.Depth, f.UpstreamCalls)
	}
}

// Each __schema costs the model's SchemaCost, so aliasing it many times is
// priced as reading the whole schema that many times.
func TestSchemaIntrospectionCostsTheWholeSchema(t *testing.T) {
	m := model()
	m.SchemaCost = 1000
	var b strings.Builder
	b.WriteString("{ ")
	for i := range 3 {
		b.WriteString("s" + string(rune('a'+i)) + ": __schema { types { name } } ")
	}
	b.WriteString("}")
	doc, errs := gqlparser.LoadQuery(schema, b.String())
	if errs != nil {
		t.Fatal(errs)
	}
	if f := m.Analyze(doc, doc.Operations[0], nil, 1_000_000); f.Complexity != 3*(1000+2) {
		t.Errorf("three aliased __schema: complexity %d, want %d", f.Complexity, 3*1002)
	}
}

// A fragment spread twice into a fragment spread twice … expands
// exponentially; the walk stops after maxVisits fields.
func TestFragmentExpansionIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{ meetings { ...faa } }`)
	const levels = 40
	for i := range levels {
		next := "totalCount"
		if i < levels-1 {
			next = "...f" + itoa(i+1) + " ...f" + itoa(i+1)
		}
		b.WriteString(" fragment f" + itoa(i) + " on MeetingConnection { " + next + " }")
	}
	doc, errs := gqlparser.LoadQuery(schema, b.String())
	if errs != nil {
		t.Fatal(errs)
	}
	f := model().Analyze(doc, doc.Operations[0], nil, 1000)
	if !f.Truncated || f.Complexity <= 999 {
		t.Errorf("truncated %v complexity %d; want a truncated walk past 999", f.Truncated, f.Complexity)
	}
}

func itoa(i int) string { return string(rune('a'+i/26)) + string(rune('a'+i%26)) }

// A PerProvince field costs what its function says for each province it
// reaches, per parent object, with the parent field's arguments at hand.
func TestPerProvinceCalls(t *testing.T) {
	for query, want := range map[string]map[string]int{
		`{ provinces { stats(groups: 5) } }`:                                                          {"A": 5, "B": 5},
		`{ province(code: "A") { stats(groups: 7) } }`:                                                {"A": 7},
		`{ region(code: "small") { stats } }`:                                                         {"A": 1, "B": 1},
		`{ region(code: "big") { stats } }`:                                                           {"A": 10, "B": 20},
		`{ region(code: "small") { children { stats } } }`:                                            {"A": 10, "B": 20},
		`{ a: province(code: "B") { stats(groups: 3) } b: province(code: "B") { stats(groups: 4) } }`: {"B": 7},
	} {
		got := analyze(t, query, nil).UpstreamCalls
		if len(got) != len(want) {
			t.Errorf("%s: calls %v, want %v", query, got, want)
			continue
		}
		for p, n := range want {
			if got[p] != n {
				t.Errorf("%s: calls %v, want %v", query, got, want)
			}
		}
	}
}
