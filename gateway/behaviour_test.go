package gateway_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

const walkQuery = `query($after: String) {
  serviceSites(first: 100, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id province { code } sample } }
  }
}`

// TestWalkServiceSitesAcrossProvinces pages through every province's
// sites to the end: no duplicate, no gap, totalCount = rows walked.
func TestWalkServiceSitesAcrossProvinces(t *testing.T) {
	srv := startGateway(t, nil)
	seen := map[string]bool{}
	perProvince := map[string]int{}
	var after any
	total := -1
	for pages := 0; ; pages++ {
		if pages > 1000 {
			t.Fatal("walk did not end")
		}
		resp := post(t, srv.URL, walkQuery, map[string]any{"after": after})
		if len(resp.Errors) > 0 {
			t.Fatalf("errors: %v", resp.Errors)
		}
		var data struct {
			ServiceSites struct {
				TotalCount int
				PageInfo   struct {
					HasNextPage bool
					EndCursor   string
				}
				Edges []struct {
					Cursor string
					Node   struct {
						ID       string
						Province struct{ Code string }
						Sample   bool
					}
				}
			}
		}
		if err := json.Unmarshal(resp.Data, &data); err != nil {
			t.Fatal(err)
		}
		c := data.ServiceSites
		if total >= 0 && c.TotalCount != total {
			t.Fatalf("totalCount changed from %d to %d", total, c.TotalCount)
		}
		total = c.TotalCount
		for _, e := range c.Edges {
			if seen[e.Node.ID] {
				t.Fatalf("duplicate site %s", e.Node.ID)
			}
			seen[e.Node.ID] = true
			perProvince[e.Node.Province.Code]++
		}
		if !c.PageInfo.HasNextPage {
			break
		}
		after = c.PageInfo.EndCursor
	}
	if len(seen) != total || total == 0 {
		t.Fatalf("walked %d sites, totalCount %d", len(seen), total)
	}
	if len(perProvince) != 4 {
		t.Fatalf("sites from %d provinces, want 4: %v", len(perProvince), perProvince)
	}
}

// closedAddress returns a loopback URL where nothing listens.
func closedAddress(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr + "/hubei"
}

func TestOneProvinceDownGivesPartialData(t *testing.T) {
	srv := startGateway(t, hubeiDown(t))
	resp := post(t, srv.URL, `{ meetings { totalCount edges { node { province { code } title } } } }`, nil)
	var data struct {
		Meetings struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					Province struct{ Code string }
				}
			}
		}
	}
	if err := json.Unmarshal(resp.Data, &data); err != nil {
		t.Fatal(err)
	}
	provinces := map[string]bool{}
	for _, e := range data.Meetings.Edges {
		provinces[e.Node.Province.Code] = true
	}
	if provinces["HUBEI"] || !provinces["HEBEI"] || !provinces["JIANGSU"] {
		t.Fatalf("provinces in data = %v; want the healthy ones without HUBEI", provinces)
	}
	if len(resp.Errors) != 1 {
		t.Fatalf("errors = %v, want exactly one", resp.Errors)
	}
	e := resp.Errors[0]
	ext, _ := e["extensions"].(map[string]any)
	if ext["code"] != "SOURCE_UNAVAILABLE" || ext["province"] != "HUBEI" {
		t.Fatalf("error extensions = %v, want SOURCE_UNAVAILABLE for HUBEI", ext)
	}
	if msg, _ := e["message"].(string); strings.Contains(msg, "127.0.0.1") {
		t.Errorf("error message leaks the upstream address: %q", msg)
	}
	sources, _ := resp.Extensions["sources"].([]any)
	states := map[string]string{}
	for _, s := range sources {
		m := s.(map[string]any)
		states[m["province"].(string)] = m["state"].(string)
	}
	if states["HUBEI"] != "FAILED" || states["HEBEI"] == "" || states["HEBEI"] == "FAILED" {
		t.Fatalf("extensions.sources = %v; want HUBEI FAILED and the others answered", states)
	}
}

func TestGETAndPersistedQueries(t *testing.T) {
	srv := startGateway(t, nil)
	query := `{ provinces { code } }`
	get := func(params url.Values) map[string]any {
		t.Helper()
		resp, err := http.Get(srv.URL + "/graphql?" + params.Encode())
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		var out map[string]any
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		return out
	}
	if out := get(url.Values{"query": {query}}); out["data"] == nil {
		t.Fatalf("GET query: %v", out)
	}
	sum := sha256.Sum256([]byte(query))
	ext := `{"persistedQuery":{"version":1,"sha256Hash":"` + hex.EncodeToString(sum[:]) + `"}}`
	first := get(url.Values{"extensions": {ext}})
	if errs, _ := first["errors"].([]any); len(errs) == 0 || !strings.Contains(toJSON(errs), "PERSISTED_QUERY_NOT_FOUND") {
		t.Fatalf("unknown hash: %v, want PERSISTED_QUERY_NOT_FOUND", first)
	}
	if out := get(url.Values{"query": {query}, "extensions": {ext}}); out["data"] == nil {
		t.Fatalf("registering the query: %v", out)
	}
	if out := get(url.Values{"extensions": {ext}}); out["data"] == nil {
		t.Fatalf("hash only after registration: %v", out)
	}
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestShanghaiMealTargets(t *testing.T) {
	srv := startGateway(t, nil)
	resp := post(t, srv.URL, `{ tasks(filter: {provinces: [SHANGHAI], domain: ELDERLY_MEALS}, first: 100) {
	  edges { node { targets { metric value unit due { date precision text } baseline { value } } } } } }`, nil)
	if len(resp.Errors) > 0 {
		t.Fatal(resp.Errors)
	}
	var data struct {
		Tasks struct {
			Edges []struct {
				Node struct {
					Targets []struct {
						Metric, Unit string
						Value        float64
						Due          struct{ Date, Precision, Text string }
						Baseline     *struct{ Value float64 }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(resp.Data, &data); err != nil {
		t.Fatal(err)
	}
	values := map[float64]string{}
	for _, e := range data.Tasks.Edges {
		for _, tg := range e.Node.Targets {
			values[tg.Value] = tg.Due.Date + " " + tg.Due.Precision + " " + tg.Due.Text
			if tg.Baseline == nil {
				t.Errorf("target %s has no baseline", tg.Metric)
			}
		}
	}
	for _, v := range []float64{400, 2000, 250000} {
		due, ok := values[v]
		// 至2025年年末: the year, in the article's words.
		if !ok || due != "2025-01-01 YEAR 至2025年年末" {
			t.Errorf("target %v: due %q, found %v; want a target due by the end of 2025", v, due, ok)
		}
	}
}

func TestBadRequestsGetClientErrorCodes(t *testing.T) {
	srv := startGateway(t, nil)
	cases := map[string]struct{ body, code string }{
		"malformed date":   {`{"query":"{ meetings(filter: {from: \"2024/03/01\"}) { totalCount } }"}`, "BAD_USER_INPUT"},
		"malformed id":     {`{"query":"{ node(id: \"abc\") { id } }"}`, "BAD_USER_INPUT"},
		"unknown field":    {`{"query":"{ nope }"}`, "GRAPHQL_VALIDATION_FAILED"},
		"unknown province": {`{"query":"{ meetings(filter: {provinces: [MARS]}) { totalCount } }"}`, "GRAPHQL_VALIDATION_FAILED"},
		"syntax error":     {`{"query":"{ meetings { "}`, "GRAPHQL_PARSE_FAILED"},
		"body not json":    {`not json`, "BAD_REQUEST"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			resp, err := http.Post(srv.URL+"/graphql", "application/json", strings.NewReader(c.body))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var out gqlResponse
			if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
				t.Fatal(err)
			}
			if len(out.Errors) == 0 {
				t.Fatalf("no error for %s", c.body)
			}
			ext, _ := out.Errors[0]["extensions"].(map[string]any)
			if ext["code"] != c.code {
				t.Fatalf("code %v (message %v), want %s", ext["code"], out.Errors[0]["message"], c.code)
			}
		})
	}
}
