package gateway_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/civgraph/civgraph/config"
)

// orderedList is one list in one order, as a GraphQL field with its
// arguments and the key the order sorts by.
type orderedList struct {
	field, orderBy, key string
}

var orderedLists = []orderedList{
	{"serviceSites", "{field: NAME}", "name"},
	{"serviceSites", "{field: NAME, direction: DESC}", "name"},
	{"serviceSites", "{field: UPDATED_AT}", "updatedAt"},
	{"serviceSites", "{field: UPDATED_AT, direction: DESC}", "updatedAt"},
	{"meetings", "{field: DATE}", "title"},
	{"meetings", "{field: DATE, direction: DESC}", "title"},
	{"policyDocuments", "{field: DATE}", "title"},
	{"policyDocuments", "{field: DATE, direction: DESC}", "title"},
	{"tasks", "{field: DUE}", "title"},
	{"tasks", "{field: DUE, direction: DESC}", "title"},
}

type pageOf struct {
	TotalCount int `json:"totalCount"`
	Edges      []struct {
		Node map[string]any `json:"node"`
	} `json:"edges"`
	PageInfo struct {
		HasNextPage, HasPreviousPage bool
		StartCursor, EndCursor       *string
	} `json:"pageInfo"`
}

// listPage asks for one page of l with the page size args and the cursors
// in vars (after, before).
func listPage(t *testing.T, url string, l orderedList, args string, vars map[string]any) pageOf {
	t.Helper()
	q := fmt.Sprintf(`query($after: String, $before: String) { list: %s(orderBy: %s, %s, after: $after, before: $before) {
		totalCount edges { node { id %s } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`, l.field, l.orderBy, args, l.key)
	resp := post(t, url, q, vars)
	if len(resp.Errors) > 0 {
		t.Fatalf("%s: %v", q, resp.Errors)
	}
	var out struct{ List pageOf }
	if err := json.Unmarshal(resp.Data, &out); err != nil {
		t.Fatal(err)
	}
	return out.List
}

// TestEveryOrderWalksBothWays walks every list in every order to the end
// forwards (first/after) and back to the start (last/before) over HTTP,
// through the real connectors and sample upstreams of all four provinces:
// each row once, no gap (as many rows as totalCount), the same sequence
// both ways, and hasNextPage/hasPreviousPage true to their meaning.
func TestEveryOrderWalksBothWays(t *testing.T) {
	// Over a hundred pages within a second: above one client's default
	// rate burst, which is not what this test is about.
	srv := startGateway(t, func(c *config.Config) { c.Limits.RatePerSecond, c.Limits.RateBurst = 10_000, 10_000 })
	for _, l := range orderedLists {
		t.Run(l.field+" "+l.orderBy, func(t *testing.T) {
			var forwards []string
			total := -1
			vars := map[string]any{}
			for page := 0; ; page++ {
				p := listPage(t, srv.URL, l, "first: 100", vars)
				total = p.TotalCount
				if p.PageInfo.HasPreviousPage != (page > 0) {
					t.Fatalf("forwards page %d: hasPreviousPage %v", page, p.PageInfo.HasPreviousPage)
				}
				for _, e := range p.Edges {
					forwards = append(forwards, e.Node["id"].(string))
				}
				if !p.PageInfo.HasNextPage {
					break
				}
				vars["after"] = *p.PageInfo.EndCursor
			}
			var pages [][]string
			vars = map[string]any{}
			for page := 0; ; page++ {
				p := listPage(t, srv.URL, l, "last: 100", vars)
				if p.PageInfo.HasNextPage != (page > 0) {
					t.Fatalf("backwards page %d: hasNextPage %v", page, p.PageInfo.HasNextPage)
				}
				var ids []string
				for _, e := range p.Edges {
					ids = append(ids, e.Node["id"].(string))
				}
				pages = append(pages, ids)
				if !p.PageInfo.HasPreviousPage {
					break
				}
				vars["before"] = *p.PageInfo.StartCursor
			}
			slices.Reverse(pages)
			backwards := slices.Concat(pages...)
			if len(forwards) != total || total == 0 {
				t.Fatalf("walked %d rows forwards, totalCount %d", len(forwards), total)
			}
			seen := map[string]bool{}
			for _, id := range forwards {
				if seen[id] {
					t.Fatalf("row %s seen twice", id)
				}
				seen[id] = true
			}
			if !slices.Equal(forwards, backwards) {
				t.Fatalf("backwards walk differs from forwards: %d rows vs %d", len(backwards), len(forwards))
			}
		})
	}
}

// TestCursorOfAnotherOrderIsRefused: a cursor works only with the list,
// filter and order it came from.
func TestCursorOfAnotherOrderIsRefused(t *testing.T) {
	srv := startGateway(t, nil)
	p := listPage(t, srv.URL, orderedLists[0], "first: 2", nil)
	for _, q := range []string{
		`query($c: String) { serviceSites(orderBy: {field: NAME, direction: DESC}, after: $c) { totalCount } }`,
		`query($c: String) { serviceSites(before: $c, last: 1) { totalCount } }`,
		`query($c: String) { serviceSites(orderBy: {field: NAME}, filter: {provinces: [HEBEI]}, after: $c) { totalCount } }`,
	} {
		resp := post(t, srv.URL, q, map[string]any{"c": *p.PageInfo.EndCursor})
		if len(resp.Errors) != 1 || resp.Errors[0]["extensions"].(map[string]any)["code"] != "BAD_USER_INPUT" {
			t.Fatalf("%s: errors %v, want one BAD_USER_INPUT", q, resp.Errors)
		}
	}
}
