package gateway_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/config"
)

// exportCSV asks the running gateway for GET /export.csv with params.
func exportCSV(t *testing.T, base string, params url.Values, headers map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/export.csv?"+params.Encode(), nil)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

func register(t *testing.T, base, query string) string {
	t.Helper()
	a := do(t, postReq(t, base, map[string]any{"query": query,
		"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hashOf(query)}}}, nil))
	if a.status != http.StatusOK || len(a.body.Errors) > 0 {
		t.Fatalf("registering the query: status %d, %s", a.status, a.raw)
	}
	return hashOf(query)
}

// TestExportCSVMatchesTheGraphQLAnswer exports real sample rows through
// the whole gateway and compares them, parsed back, with the JSON answer.
func TestExportCSVMatchesTheGraphQLAnswer(t *testing.T) {
	srv := startGateway(t, nil)
	const q = `query Sites($n: Int) { serviceSites(first: $n, filter: {provinces: [HEBEI, SHANGHAI]}) {
		edges { node { id name province { code name } region { code name } sample } } } }`
	id := register(t, srv.URL, q)
	vars := `{"n":30}`

	resp, body := exportCSV(t, srv.URL, url.Values{"id": {id}, "variables": {vars}}, nil)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv; charset=utf-8") {
		t.Fatalf("status %d, Content-Type %q: %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	if !bytes.HasPrefix(body, []byte("\xEF\xBB\xBF")) {
		t.Fatal("no UTF-8 byte-order mark")
	}
	recs, err := csv.NewReader(bytes.NewReader(body[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := "id,name,province.code,province.name,region.code,region.name,sample"
	if got := strings.Join(recs[0], ","); got != wantHeader {
		t.Fatalf("header %q, want %q", got, wantHeader)
	}

	var vs map[string]any
	_ = json.Unmarshal([]byte(vars), &vs)
	a := post(t, srv.URL, q, vs)
	var data struct {
		ServiceSites struct {
			Edges []struct {
				Node map[string]json.RawMessage `json:"node"`
			} `json:"edges"`
		} `json:"serviceSites"`
	}
	if err := json.Unmarshal(a.Data, &data); err != nil || len(a.Errors) > 0 {
		t.Fatalf("%v %v", err, a.Errors)
	}
	var nodes []map[string]json.RawMessage
	for _, e := range data.ServiceSites.Edges {
		nodes = append(nodes, e.Node)
	}
	if len(nodes) == 0 || len(recs)-1 != len(nodes) {
		t.Fatalf("%d CSV rows for %d nodes", len(recs)-1, len(nodes))
	}
	sawChinese := false
	for i, n := range nodes {
		row := recs[i+1]
		var name string
		_ = json.Unmarshal(n["name"], &name)
		var prov struct{ Code, Name string }
		_ = json.Unmarshal(n["province"], &prov)
		if row[0] != unquote(t, n["id"]) || row[1] != name || row[2] != prov.Code || row[3] != prov.Name {
			t.Errorf("row %d = %q, node %s", i, row[:4], n["name"])
		}
		if row[6] != string(n["sample"]) {
			t.Errorf("row %d sample %q, node %s", i, row[6], n["sample"])
		}
		sawChinese = sawChinese || strings.ContainsAny(prov.Name, "河北上海")
	}
	if !sawChinese {
		t.Error("no Chinese province name came through")
	}
}

func unquote(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestExportCSVRefusals(t *testing.T) {
	srv := startGateway(t, func(c *config.Config) {
		withAuth(t, false)(c)
	})
	id := register(t, srv.URL, meetingsQuery)
	hebeiKey := map[string]string{"X-API-Key": keyHebeiOnly}
	type errs struct {
		Errors []struct {
			Message    string
			Extensions struct {
				Code      string
				Province  string
				Provinces []string
			}
		}
	}
	decode := func(t *testing.T, body []byte) errs {
		var e errs
		if err := json.Unmarshal(body, &e); err != nil || len(e.Errors) == 0 {
			t.Fatalf("not a GraphQL error body: %s", body)
		}
		return e
	}

	t.Run("a query text", func(t *testing.T) {
		resp, body := exportCSV(t, srv.URL, url.Values{"query": {meetingsQuery}}, nil)
		if resp.StatusCode != http.StatusBadRequest || decode(t, body).Errors[0].Extensions.Code != "BAD_REQUEST" {
			t.Errorf("status %d: %s", resp.StatusCode, body)
		}
	})
	t.Run("an unknown id", func(t *testing.T) {
		resp, body := exportCSV(t, srv.URL, url.Values{"id": {hashOf("{ provinces { code } }")}}, nil)
		e := decode(t, body)
		if resp.StatusCode != http.StatusBadRequest || e.Errors[0].Extensions.Code != "EXPORT_INCOMPLETE" ||
			len(e.Errors) < 2 || e.Errors[1].Extensions.Code != "PERSISTED_QUERY_NOT_FOUND" {
			t.Errorf("status %d: %s", resp.StatusCode, body)
		}
	})
	t.Run("bad credentials", func(t *testing.T) {
		resp, body := exportCSV(t, srv.URL, url.Values{"id": {id}}, map[string]string{"X-API-Key": "cg_not_a_key_000000000000000000"})
		if resp.StatusCode != http.StatusUnauthorized || decode(t, body).Errors[0].Extensions.Code != "UNAUTHENTICATED" {
			t.Errorf("status %d: %s", resp.StatusCode, body)
		}
	})
	// A key for Hebei only: the other provinces answer FORBIDDEN, so
	// the table would lack their rows.
	t.Run("provinces missing", func(t *testing.T) {
		resp, body := exportCSV(t, srv.URL, url.Values{"id": {id}}, hebeiKey)
		e := decode(t, body)
		if resp.StatusCode != http.StatusBadGateway || e.Errors[0].Extensions.Code != "EXPORT_INCOMPLETE" ||
			strings.Join(e.Errors[0].Extensions.Provinces, ",") != "HUBEI,JIANGSU,SHANGHAI" ||
			!strings.Contains(e.Errors[0].Message, "partial=allow") {
			t.Errorf("status %d: %s", resp.StatusCode, body)
		}
	})
	t.Run("provinces missing, partial allowed", func(t *testing.T) {
		resp, body := exportCSV(t, srv.URL, url.Values{"id": {id}, "partial": {"allow"}}, hebeiKey)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Civgraph-Partial") != "HUBEI, JIANGSU, SHANGHAI" ||
			!strings.Contains(resp.Header.Get("Content-Disposition"), "partial") {
			t.Fatalf("status %d, Civgraph-Partial %q: %s", resp.StatusCode, resp.Header.Get("Civgraph-Partial"), body)
		}
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\xEF\xBB\xBF")))).ReadAll()
		if err != nil || len(recs) < 2 || strings.Join(recs[0], ",") != "title,province.code" {
			t.Fatalf("%v: %q", err, recs)
		}
		for _, r := range recs[1:] {
			if r[1] != "HEBEI" {
				t.Errorf("row of %s in a Hebei-only export", r[1])
			}
		}
	})
	t.Run("rate limited like /graphql", func(t *testing.T) {
		limited := startGateway(t, func(c *config.Config) { c.Limits.RatePerSecond, c.Limits.RateBurst = 1, 2 })
		lid := register(t, limited.URL, provincesQuery) // the first of the burst
		var last *http.Response
		for range 3 {
			last, _ = exportCSV(t, limited.URL, url.Values{"id": {lid}}, nil)
		}
		if last.StatusCode != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" {
			t.Errorf("third request of a burst of 2: status %d, Retry-After %q", last.StatusCode, last.Header.Get("Retry-After"))
		}
	})
}

// TestExportCSVOfAComparison exports compare's rows: the flattening knows
// no schema, so a comparison exports like any connection.
func TestExportCSVOfAComparison(t *testing.T) {
	srv := startGateway(t, nil)
	const q = `{ compare(metric: SITE_COUNT) { totals { value } rows { province { code name } label value rank share state errorCode } } }`
	id := register(t, srv.URL, q)
	resp, body := exportCSV(t, srv.URL, url.Values{"id": {id}, "rows": {"compare.rows"}}, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\xEF\xBB\xBF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], ","); got != "province.code,province.name,label,value,rank,share,state,errorCode" {
		t.Fatalf("header %q", got)
	}
	if len(recs) != 5 {
		t.Fatalf("%d rows for four provinces: %q", len(recs)-1, recs)
	}
	provinces := map[string]string{}
	for _, r := range recs[1:] {
		provinces[r[0]] = r[1]
		if r[6] != "FRESH" || r[3] == "" || r[4] == "" {
			t.Errorf("row %q: want a fresh value with its rank", r)
		}
	}
	if provinces["HUBEI"] != "湖北省" || len(provinces) != 4 {
		t.Errorf("provinces %v", provinces)
	}
	// Without rows, the answer has two lists: the export says which to name.
	resp, body = exportCSV(t, srv.URL, url.Values{"id": {id}}, nil)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "EXPORT_NOT_TABULAR") || !strings.Contains(string(body), "rows=") {
		t.Errorf("ambiguous rows: status %d: %s", resp.StatusCode, body)
	}
}
