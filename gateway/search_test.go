package gateway_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
)

const searchQuery = `query($text: String!, $types: [SearchType!], $filter: SearchFilter, $first: Int, $after: String) {
  search(text: $text, types: $types, filter: $filter, first: $first, after: $after) {
    totalCount matchCount truncated
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor score
      snippet { field text highlights { start end } fragments { text match } }
      node { __typename
        ... on Meeting { id title }
        ... on PolicyDocument { id title }
        ... on Task { id title }
        ... on ServiceSite { id name sample }
      }
    }
  }
}`

type searchAnswer struct {
	Search struct {
		TotalCount, MatchCount int
		Truncated              bool
		PageInfo               struct {
			HasNextPage, HasPreviousPage bool
			EndCursor                    string
		}
		Edges []struct {
			Cursor  string
			Score   float64
			Snippet struct {
				Field      string
				Text       string
				Highlights []struct{ Start, End int }
				Fragments  []struct {
					Text  string
					Match bool
				}
			}
			Node struct {
				Typename    string `json:"__typename"`
				ID          string
				Title, Name string
			}
		}
	}
}

func search(t *testing.T, url string, vars map[string]any) (searchAnswer, gqlResponse) {
	t.Helper()
	resp := post(t, url, searchQuery, vars)
	var out searchAnswer
	if resp.Data != nil && string(resp.Data) != "null" {
		if err := json.Unmarshal(resp.Data, &out); err != nil {
			t.Fatal(err)
		}
	}
	return out, resp
}

// localID is the record ID a global ID carries (Kind:PROVINCE:id).
func localID(t *testing.T, global string) string {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(global)
	if err != nil {
		t.Fatalf("global ID %q: %v", global, err)
	}
	parts := strings.SplitN(string(raw), ":", 3)
	return parts[1] + ":" + parts[2]
}

// TestSearchPhrases searches the phrases people type, with and without
// spaces, against the real records of the sample dataset: the records
// named by the phrase come first, both forms rank alike, and the snippet
// marks the phrase.
func TestSearchPhrases(t *testing.T) {
	srv := startGateway(t, nil)
	cases := []struct {
		forms []string
		first []string // expected leading hits, in order
		field string   // the snippet's field of the first hit
		mark  string   // what the first hit's snippet marks
	}{
		// Three real Shanghai canteens named 社区长者食堂, equally short,
		// lead (ties by ID), ahead of the longer 静安新城社区长者食堂.
		{[]string{"长者食堂", "长者 食堂", "长者　食堂"}, []string{"SHANGHAI:SH-MEAL-006", "SHANGHAI:SH-MEAL-214", "SHANGHAI:SH-MH-008", "SHANGHAI:SH-MEAL-102"}, "name", "长者食堂"},
		// Jiangsu's task 积极深化殡葬改革, then Hebei's 保定市殡葬服务中心.
		{[]string{"殡葬", "殡 葬"}, []string{"JIANGSU:JS-TASK-001", "HEBEI:HB-FUN-005", "HUBEI:HUB-TASK-003"}, "title", "殡葬"},
		{[]string{"婚姻登记", "婚姻 登记"}, []string{"HUBEI:HUB-MAR-204", "SHANGHAI:SH-MAR-001"}, "name", "婚姻登记"},
		{[]string{"助餐"}, []string{"JIANGSU:JS-MEAL-201", "JIANGSU:JS-MEAL-202", "SHANGHAI:SH-MH-016", "SHANGHAI:SH-TASK-001"}, "name", "助餐"},
	}
	for _, c := range cases {
		for _, text := range c.forms {
			t.Run(text, func(t *testing.T) {
				got, resp := search(t, srv.URL, map[string]any{"text": text, "first": len(c.first)})
				if len(resp.Errors) > 0 {
					t.Fatalf("errors: %v", resp.Errors)
				}
				edges := got.Search.Edges
				if len(edges) != len(c.first) {
					t.Fatalf("%d hits, want %d", len(edges), len(c.first))
				}
				for i, want := range c.first {
					if id := localID(t, edges[i].Node.ID); id != want {
						t.Errorf("hit %d is %s (%s%s, score %v), want %s", i, id, edges[i].Node.Title, edges[i].Node.Name, edges[i].Score, want)
					}
				}
				s := edges[0].Snippet
				var marked []string
				for _, f := range s.Fragments {
					if f.Match {
						marked = append(marked, f.Text)
					}
				}
				if s.Field != c.field || strings.Join(marked, "") != c.mark || len(s.Highlights) != len(marked) {
					t.Errorf("snippet %+v marks %q in %s, want %q in %s", s, marked, s.Field, c.mark, c.field)
				}
				if rs := []rune(s.Text); len(s.Highlights) > 0 && string(rs[s.Highlights[0].Start:s.Highlights[0].End]) != marked[0] {
					t.Errorf("highlight %v of %q is not the fragment %q", s.Highlights[0], s.Text, marked[0])
				}
			})
		}
	}
}

// TestSearchWalk pages through a search to its end: every hit once,
// scores never rising, the count as stated; and its cursors serve that
// search alone.
func TestSearchWalk(t *testing.T) {
	srv := startGateway(t, nil)
	seen := map[string]bool{}
	var after any
	last, total, pages := 1e9, -1, 0
	var cursor string
	for ; ; pages++ {
		if pages > 20 {
			t.Fatal("walk did not end")
		}
		got, resp := search(t, srv.URL, map[string]any{"text": "助餐", "first": 100, "after": after})
		if len(resp.Errors) > 0 {
			t.Fatalf("errors: %v", resp.Errors)
		}
		s := got.Search
		total = s.TotalCount
		if !s.Truncated || s.MatchCount <= s.TotalCount {
			t.Errorf("truncated %v with %d matches and %d ranked: some province has more than 100 助餐 rows", s.Truncated, s.MatchCount, s.TotalCount)
		}
		if s.PageInfo.HasPreviousPage != (after != nil) {
			t.Errorf("page %d: hasPreviousPage %v", pages, s.PageInfo.HasPreviousPage)
		}
		for _, e := range s.Edges {
			if seen[e.Node.ID] {
				t.Fatalf("%s seen twice", e.Node.ID)
			}
			seen[e.Node.ID] = true
			if e.Score > last {
				t.Fatalf("score %v after %v", e.Score, last)
			}
			last = e.Score
			cursor = e.Cursor
		}
		if !s.PageInfo.HasNextPage {
			break
		}
		after = s.PageInfo.EndCursor
	}
	if len(seen) != total || pages < 3 {
		t.Fatalf("walked %d hits in %d pages, totalCount %d", len(seen), pages+1, total)
	}
	sites := post(t, srv.URL, `{ serviceSites(first: 1) { edges { cursor } } }`, nil)
	var list struct {
		ServiceSites struct{ Edges []struct{ Cursor string } }
	}
	_ = json.Unmarshal(sites.Data, &list)
	for name, bad := range map[string]map[string]any{
		"another text":    {"text": "食堂", "after": cursor},
		"another type":    {"text": "助餐", "types": []string{"TASK"}, "after": cursor},
		"another filter":  {"text": "助餐", "filter": map[string]any{"provinces": []string{"HUBEI"}}, "after": cursor},
		"tampered":        {"text": "助餐", "after": cursor[:len(cursor)-2] + "AA"},
		"truncated":       {"text": "助餐", "after": cursor[:10]},
		"a list cursor":   {"text": "助餐", "after": list.ServiceSites.Edges[0].Cursor},
		"only separators": {"text": "！ ？"},
		"too long":        {"text": strings.Repeat("助", 101)},
		"too many":        {"text": "助餐", "first": 101},
	} {
		_, resp := search(t, srv.URL, bad)
		if c := codes(resp.Errors)[""]; c != "BAD_USER_INPUT" {
			t.Errorf("%s: errors %v, want BAD_USER_INPUT", name, resp.Errors)
		}
	}
	// …and a list refuses a search cursor.
	resp := post(t, srv.URL, `query($after: String) { serviceSites(after: $after) { totalCount } }`, map[string]any{"after": cursor})
	if c := codes(resp.Errors)[""]; c != "BAD_USER_INPUT" {
		t.Errorf("a list given a search cursor: errors %v, want BAD_USER_INPUT", resp.Errors)
	}
}

func TestSearchTypesAndFilter(t *testing.T) {
	srv := startGateway(t, nil)
	got, resp := search(t, srv.URL, map[string]any{"text": "助餐", "types": []string{"TASK"}, "filter": map[string]any{"provinces": []string{"SHANGHAI"}}, "first": 100})
	if len(resp.Errors) > 0 {
		t.Fatalf("errors: %v", resp.Errors)
	}
	if len(got.Search.Edges) == 0 {
		t.Fatal("no Shanghai task about 助餐")
	}
	for _, e := range got.Search.Edges {
		if e.Node.Typename != "Task" || !strings.HasPrefix(localID(t, e.Node.ID), "SHANGHAI:") {
			t.Errorf("hit %s %s outside the types and provinces asked", e.Node.Typename, localID(t, e.Node.ID))
		}
	}
}

// TestKeywordFilterMatchesAsTyped: a list's keyword filter matches like
// search, with or without spaces.
func TestKeywordFilterMatchesAsTyped(t *testing.T) {
	srv := startGateway(t, nil)
	count := func(keyword string) int {
		resp := post(t, srv.URL, `query($k: String) { serviceSites(filter: { keyword: $k }, first: 0) { totalCount } }`, map[string]any{"k": keyword})
		var data struct{ ServiceSites struct{ TotalCount int } }
		if err := json.Unmarshal(resp.Data, &data); err != nil || len(resp.Errors) > 0 {
			t.Fatalf("%v %v", err, resp.Errors)
		}
		return data.ServiceSites.TotalCount
	}
	ds, err := dataset.Load(dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	substring := 0
	for _, p := range civ.AllProvinces {
		for _, s := range ds.Province(p).ServiceSites {
			if strings.Contains(s.Name+"\n"+s.Address, "长者食堂") {
				substring++
			}
		}
	}
	phrase, spaced := count("长者食堂"), count("长者 食堂")
	if phrase < substring || spaced < phrase || substring == 0 {
		t.Fatalf("长者食堂 finds %d, 长者 食堂 %d sites; %d hold the phrase as written", phrase, spaced, substring)
	}
}

// A search's upstream calls are what the cost model says: one per type
// and province reached; a limit below that refuses it before any call.
func TestSearchCostIsCounted(t *testing.T) {
	url, upstream := startCounted(t, func(c *config.Config) { c.Limits.MaxUpstreamCalls = 3 })
	query := `query($types: [SearchType!]) { search(text: "助餐 服务", types: $types, filter: {provinces: [HEBEI]}) { totalCount } }`
	before := upstream.Load()
	status, body := exchange(t, url, "application/json", map[string]any{"query": query})
	if ext := firstErrorExtensions(t, body); status != http.StatusOK || ext["code"] != "TOO_MANY_UPSTREAM_CALLS" || ext["upstreamCalls"] != float64(4) {
		t.Fatalf("four types against a limit of 3: status %d, extensions %v", status, ext)
	}
	if n := upstream.Load() - before; n != 0 {
		t.Fatalf("%d upstream requests for a refused search", n)
	}
	status, body = exchange(t, url, "application/json", map[string]any{"query": query, "variables": map[string]any{"types": []string{"MEETING", "TASK", "SERVICE_SITE"}}})
	if status != http.StatusOK || body["errors"] != nil {
		t.Fatalf("three types: status %d, errors %s", status, body["errors"])
	}
	if n := upstream.Load() - before; n != 3 {
		t.Fatalf("a search of three types in one province made %d upstream requests, want 3", n)
	}
}

// One province down: the others' hits come back, its failure once in
// errors[] (not once per type searched).
func TestSearchWithOneProvinceDown(t *testing.T) {
	srv := startGateway(t, hubeiDown(t))
	got, resp := search(t, srv.URL, map[string]any{"text": "婚姻登记", "first": 100})
	if len(resp.Errors) != 1 || codes(resp.Errors)["HUBEI"] != "SOURCE_UNAVAILABLE" {
		t.Fatalf("errors %v, want one SOURCE_UNAVAILABLE for HUBEI", resp.Errors)
	}
	provinces := map[string]bool{}
	for _, e := range got.Search.Edges {
		provinces[strings.SplitN(localID(t, e.Node.ID), ":", 2)[0]] = true
	}
	if provinces["HUBEI"] || !provinces["SHANGHAI"] || !provinces["JIANGSU"] {
		t.Fatalf("hits from %v; want the healthy provinces without HUBEI", provinces)
	}
}

// hubeiDown points Hubei at a closed port and gives up after one quick
// retry: one province down, the others up.
func hubeiDown(t *testing.T) func(*config.Config) {
	return func(c *config.Config) {
		c.Sources.Hubei.BaseURL = closedAddress(t)
		c.Sources.Hubei.RetryMax = 1
		c.Sources.Hubei.RetryWaitMin = time.Millisecond
		c.Sources.Hubei.RetryWaitMax = time.Millisecond
	}
}
