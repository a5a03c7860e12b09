package gateway

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/testserver"
	"github.com/99designs/gqlgen/graphql/handler/transport"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/internal/embedded"
	"github.com/civgraph/civgraph/internal/sampleapi"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
)

// request is a request to /graphql: GET when body is empty, else a POST
// of body as application/json.
type request struct {
	name, rawQuery, accept, body string
}

func getQuery(params ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(params); i += 2 {
		v.Set(params[i], params[i+1])
	}
	return v.Encode()
}

// sameAnswers sends each request, in order, to ours and to theirs and
// fails on any difference in status, headers or body bytes.
func sameAnswers(t *testing.T, ours, theirs http.Handler, reqs []request) {
	t.Helper()
	for _, c := range reqs {
		var recs [2]*httptest.ResponseRecorder
		for i, h := range []http.Handler{ours, theirs} {
			// Bounded: a subscription run by mistake would wait for events.
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/graphql?"+c.rawQuery, nil)
			if c.body != "" {
				req = httptest.NewRequestWithContext(ctx, http.MethodPost, "/graphql", strings.NewReader(c.body))
				req.Header.Set("Content-Type", "application/json")
			}
			if c.accept != "" {
				req.Header.Set("Accept", c.accept)
			}
			recs[i] = httptest.NewRecorder()
			h.ServeHTTP(recs[i], req)
		}
		got, want := recs[0], recs[1]
		if got.Code != want.Code || !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) {
			t.Errorf("%s: got %d %s\nwant %d %s", c.name, got.Code, got.Body, want.Code, want.Body)
		}
		gh, wh := got.Header(), want.Header()
		for k := range wh {
			if len(gh[k]) != len(wh[k]) || gh.Get(k) != wh.Get(k) {
				t.Errorf("%s: header %s %q, want %q", c.name, k, gh[k], wh[k])
			}
		}
		for k := range gh {
			if _, ok := wh[k]; !ok {
				t.Errorf("%s: header %s %q, gqlgen sends none", c.name, k, gh[k])
			}
		}
	}
}

// postBody is the JSON body of a request of query (none when empty) and
// extensions (a JSON object, none when empty).
func postBody(query, extensions string) string {
	params := map[string]any{}
	if query != "" {
		params["query"] = query
	}
	if extensions != "" {
		params["extensions"] = json.RawMessage(extensions)
	}
	b, _ := json.Marshal(params)
	return string(b)
}

// gqlgensHandler is the GraphQL handler of gen with gqlgen's own GET and
// POST transports, behind what corrected their answers to request errors
// before the gateway wrote its own: the reference the gateway's answers
// must match byte for byte.
func gqlgensHandler(g *Gateway, gen *generation) http.Handler {
	h := handlerWith(g, gen, []graphql.Transport{transport.Options{}, transport.GET{}, transport.POST{}, unsupported{}})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &requestErrorWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		sw.finish()
	})
}

// handlerWith is the GraphQL handler of gen with the given transports,
// its own query caches and no whole-response cache.
func handlerWith(g *Gateway, gen *generation, ts []graphql.Transport) http.Handler {
	acc, err := newAccess(gen.cfg, nil)
	if err != nil {
		panic(err)
	}
	return newGraphQLHandlerWith(ts, gen.resolver, gen.cfg.GraphQL.QueryCacheSize, gen.cfg.Limits, slog.New(slog.DiscardHandler), g.health, acc)
}

// requestErrorWriter is how the gateway once corrected gqlgen's answers
// to requests that fail before execution: status 200 for
// application/json (gqlgen sends 422) and 400 for
// application/graphql-response+json, 400 for BAD_REQUEST, and no "data"
// entry. It holds back a 400 or 422 answer to rewrite it.
type requestErrorWriter struct {
	http.ResponseWriter
	held     bool
	status   int
	body     bytes.Buffer
	answered bool
}

func (w *requestErrorWriter) WriteHeader(code int) {
	if w.answered || w.held {
		return
	}
	if code == http.StatusUnprocessableEntity || code == http.StatusBadRequest {
		w.held, w.status = true, code
		return
	}
	w.answered = true
	w.ResponseWriter.WriteHeader(code)
}

func (w *requestErrorWriter) Write(b []byte) (int, error) {
	if w.held {
		return w.body.Write(b)
	}
	w.answered = true
	return w.ResponseWriter.Write(b)
}

func (w *requestErrorWriter) finish() {
	if !w.held {
		return
	}
	body, status := w.body.Bytes(), w.status
	var resp map[string]json.RawMessage
	var errs []struct {
		Extensions struct {
			Code string `json:"code"`
		} `json:"extensions"`
	}
	if json.Unmarshal(body, &resp) == nil && json.Unmarshal(resp["errors"], &errs) == nil && len(errs) > 0 {
		delete(resp, "data")
		body, _ = json.Marshal(resp)
	}
	if status == http.StatusUnprocessableEntity {
		status = http.StatusBadRequest
		mediaType, _, _ := mime.ParseMediaType(w.Header().Get("Content-Type"))
		if mediaType == "application/json" && len(errs) > 0 && errs[0].Extensions.Code != codeBadRequest {
			status = http.StatusOK
		}
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.ResponseWriter.WriteHeader(status)
	_, _ = w.ResponseWriter.Write(body)
}

// TestAnswersAsGqlgensTransports: the gateway's GET and POST transports
// answer exactly as gqlgen's did in their place (with the correction of
// request errors the gateway made then) — status, headers and bytes — for
// answers with data, with data and errors, with data encoding/json must
// escape, request errors in both media types, persisted queries and
// malformed GET parameters. The gateway runs over sample upstreams on
// loopback, one Hebei meeting title holding <, >, & and U+2028.
func TestAnswersAsGqlgensTransports(t *testing.T) {
	ds, err := dataset.Load(dataset.Options{SampleSitesPerProvince: -1})
	if err != nil {
		t.Fatal(err)
	}
	meetings := ds.Province(civ.Hebei).Meetings
	meetings[0].Title += " <b>&</b>\u2028"
	up := httptest.NewServer(sampleapi.NewHandler(ds))
	t.Cleanup(up.Close)
	cfg := config.Default()
	cfg.GraphQL.CursorSecret = "test cursor secret"
	cfg.ResponseCache.MaxBytes = 0 // the handler itself, not answers kept from an earlier request
	if err := embedded.Point(&cfg, up.URL); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*config.SourceConfig{&cfg.Sources.Hebei.SourceConfig, &cfg.Sources.Hubei.SourceConfig, &cfg.Sources.Jiangsu.SourceConfig, &cfg.Sources.Shanghai.SourceConfig} {
		s.CacheTTL = time.Hour
	}
	g, err := New(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = g.Close() })
	gen := g.current.Load()
	theirs := gqlgensHandler(g, gen)

	const provinces = `{ provinces { code name } }`
	const hebeiMeetings = `{ meetings(first: 3, filter: {provinces: [HEBEI]}) { totalCount edges { node { id title } } } }`
	sum := sha256.Sum256([]byte(provinces))
	hash := hex.EncodeToString(sum[:])
	apq := `{"persistedQuery":{"version":1,"sha256Hash":"` + hash + `"}}`
	cases := []request{
		{"data", getQuery("query", provinces), "", ""},
		{"data as graphql-response+json", getQuery("query", provinces), graphqlResponseJSON, ""},
		{"data, Accept of neither type", getQuery("query", provinces), "text/html", ""},
		{"data, Accept */*", getQuery("query", provinces), "*/*", ""},
		{"data, Accept application/json first", getQuery("query", provinces), "application/json, " + graphqlResponseJSON, ""},
		{"data, Accept graphql-response+json first", getQuery("query", provinces), graphqlResponseJSON + ";q=0.9, application/json", ""},
		{"data to escape", getQuery("query", hebeiMeetings), "", ""},
		{"data and errors", getQuery("query", `{ provinces { code } meetings(first: 101) { totalCount } }`), "", ""},
		{"operation and variables", getQuery("query", `query A { provinces { code } } query B($n: Int) { meetings(first: $n) { totalCount } }`, "operationName", "B", "variables", `{"n":2}`), "", ""},
		{"parse error", getQuery("query", "{"), "application/json", ""},
		{"parse error as graphql-response+json", getQuery("query", "{"), graphqlResponseJSON, ""},
		{"validation error", getQuery("query", "{ noSuchField }"), "", ""},
		{"validation error as graphql-response+json", getQuery("query", "{ noSuchField }"), graphqlResponseJSON, ""},
		{"variable not coerced", getQuery("query", `query($n: Int!) { meetings(first: $n) { totalCount } }`, "variables", `{"n":"x"}`), "", ""},
		{"unknown operation", getQuery("query", provinces, "operationName", "B"), graphqlResponseJSON, ""},
		{"over a limit", getQuery("query", `{ region(code: "130000") { children { children { children { name } } } } }`), "", ""},
		{"no query", "", "", ""},
		{"no query as graphql-response+json", "", graphqlResponseJSON, ""},
		{"persisted query not yet known", getQuery("extensions", apq), "", ""},
		{"persisted query registered", getQuery("query", provinces, "extensions", apq), "", ""},
		{"persisted query by hash", getQuery("extensions", apq), "", ""},
		{"persisted query hash mismatch", getQuery("query", "{ provinces { code } }", "extensions", apq), "", ""},

		{"POST data", "", "", postBody(provinces, "")},
		{"POST data to escape", "", graphqlResponseJSON, postBody(hebeiMeetings, "")},
		{"POST data and errors", "", "application/json", postBody(`{ provinces { code } meetings(first: 101) { totalCount } }`, "")},
		{"POST parse error", "", "", postBody("{", "")},
		{"POST parse error as graphql-response+json", "", graphqlResponseJSON, postBody("{", "")},
		{"POST validation error", "", "application/json", postBody("{ noSuchField }", "")},
		{"POST variable not coerced", "", graphqlResponseJSON, `{"query":"query($n: Int!) { meetings(first: $n) { totalCount } }","variables":{"n":"x"}}`},
		{"POST over a limit", "", "", postBody(`{ region(code: "130000") { children { children { children { name } } } } }`, "")},
		{"POST no query", "", "", `{"variables":{}}`},
		{"POST no query as graphql-response+json", "", graphqlResponseJSON, `{}`},
		{"POST persisted query not yet known", "", "", postBody("", `{"persistedQuery":{"version":1,"sha256Hash":"`+strings.Repeat("0", 64)+`"}}`)},
		{"POST persisted query by hash", "", graphqlResponseJSON, postBody("", apq)},
	}
	// Both then see the same cached provenance (state and fetch time).
	for _, q := range []string{hebeiMeetings, `{ meetings(first: 0) { totalCount } }`} {
		gen.handler.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/graphql?"+getQuery("query", q), nil))
	}
	sameAnswers(t, gen.handler, theirs, cases)

	// The gateway's schema has no mutation: gqlgen's test schema has one
	// and a subscription, which GET refuses before running them (see
	// TestGETRefusalsAreCoded).
	ours, gqlgens := testserver.New(), testserver.New()
	ours.AddTransport(getTransport{})
	gqlgens.AddTransport(transport.GET{})
	sameAnswers(t, ours, gqlgens, []request{
		{"query", getQuery("query", "{ name }"), "", ""},
	})
}

// TestGETRefusalsAreCoded: what the GET transport refuses itself — a
// broken query string, variables or extensions that are not JSON, an
// operation other than a query — is answered in JSON with the code
// BAD_REQUEST, as every other refusal is (gqlgen's GET gives none, and
// text/plain for a broken query string).
func TestGETRefusalsAreCoded(t *testing.T) {
	server := testserver.New()
	server.AddTransport(getTransport{})
	for _, c := range []struct {
		name, query, accept string
		status              int
	}{
		{"variables not JSON", getQuery("query", "{ name }", "variables", "{bad"), "", http.StatusBadRequest},
		{"extensions not JSON", getQuery("query", "{ name }", "extensions", "[1"), graphqlResponseJSON, http.StatusBadRequest},
		{"URL escape broken", "query=%zz", "", http.StatusBadRequest},
		{"mutation", getQuery("query", "mutation { name }"), "", http.StatusNotAcceptable},
		{"subscription", getQuery("query", "subscription { name }"), graphqlResponseJSON, http.StatusNotAcceptable},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/graphql?"+c.query, nil)
			if c.accept != "" {
				req.Header.Set("Accept", c.accept)
			}
			rec := httptest.NewRecorder()
			server.ServeHTTP(rec, req)
			var answer struct {
				Data   json.RawMessage
				Errors []struct {
					Message    string
					Extensions struct{ Code string }
				}
			}
			err := json.Unmarshal(rec.Body.Bytes(), &answer)
			mediaType, _, _ := mime.ParseMediaType(rec.Header().Get("Content-Type"))
			if err != nil || rec.Code != c.status || len(answer.Errors) != 1 || answer.Errors[0].Extensions.Code != "BAD_REQUEST" ||
				answer.Errors[0].Message == "" || answer.Data != nil || (mediaType != "application/json" && mediaType != graphqlResponseJSON) {
				t.Fatalf("HTTP %d %s %s (%v); want %d, JSON, one error coded BAD_REQUEST, no data", rec.Code, rec.Header().Get("Content-Type"), rec.Body, err, c.status)
			}
		})
	}
}

// BenchmarkGETPage100 sends bench's page-100 query (a cached page of 100
// sites, four provinces, response cache off) over GET to the gateway's
// GraphQL handler and to the same handler with gqlgen's transports,
// alternating in one run, and reports each one's time and bytes
// allocated per request and the ratios:
//
//	go test ./gateway -run '^$' -bench GETPage100 -benchtime 300x
func BenchmarkGETPage100(b *testing.B) {
	g, _ := cachedGateway(b)
	gen := g.current.Load()
	handlers := [2]http.Handler{handlerWith(g, gen, transports), gqlgensHandler(g, gen)}
	target := "/graphql?" + getQuery("query", `{ serviceSites(first: 100) { totalCount edges { cursor node { `+execSiteFields+` } } pageInfo { hasNextPage endCursor } } }`)
	get := func(h http.Handler) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
			b.Fatalf("HTTP %d: %.300s", rec.Code, rec.Body)
		}
	}
	for _, h := range handlers {
		get(h) // warm the connectors' caches and the query caches
	}
	var spent [2]time.Duration
	var allocated [2]uint64
	var m runtime.MemStats
	for k := 0; b.Loop(); k++ {
		for j := range handlers {
			i := (j + k) % 2 // each goes first every other time
			h := handlers[i]
			runtime.ReadMemStats(&m)
			before, start := m.TotalAlloc, time.Now()
			get(h)
			spent[i] += time.Since(start)
			runtime.ReadMemStats(&m)
			allocated[i] += m.TotalAlloc - before
		}
	}
	n := float64(b.N)
	b.ReportMetric(float64(spent[0].Nanoseconds())/n, "ns/gateway")
	b.ReportMetric(float64(spent[1].Nanoseconds())/n, "ns/gqlgen")
	b.ReportMetric(float64(allocated[0])/n, "B/gateway")
	b.ReportMetric(float64(allocated[1])/n, "B/gqlgen")
	b.ReportMetric(float64(spent[1])/float64(max(spent[0], 1)), "x-faster")
	b.ReportMetric(float64(allocated[1])/float64(max(allocated[0], 1)), "x-fewer-bytes")
}

// FuzzDecodeParams: decodeParams, which decodes a body once, refuses
// every body json.Unmarshal refuses, with json.Unmarshal's message (a
// body cut short: "unexpected end of JSON input" whatever json.Unmarshal
// says), and accepts the others; but a number too large for a float64,
// which gqlgen's decoding (numbers as json.Number) keeps too.
func FuzzDecodeParams(f *testing.F) {
	for _, body := range []string{
		"", " \n", "not json", `{"query":`, `{"query":"x"`, `{"query":"x"} x`, `{"query":"x"}{}`,
		`{"query":"x"} '`, "t", `{"query":"x","variables":{"a":-`, `{"query":"x","variables":{"a":1.`, `{"query":"x"}"`, "{\"query\":\"x\"}\x00", "{\"query\":\"x\"}\xef", `{"query":5}`,
		`{"query":5} x`, `{"variables":[1]}`, `{"query":"x",}`, `"str"`, `null`, `1x`, `1 x`, `[]`,
		`{"query":"\x01"}`, `{"query":"x","variables":{"a":1e999}}`, "\ufeff{}", `{"query":"{ a }","variables":{"n":1}} `,
	} {
		f.Add([]byte(body))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		params, err := decodeParams(body)
		var p graphql.RawParams
		uerr := json.Unmarshal(body, &p)
		var typeErr *json.UnmarshalTypeError
		switch {
		case err == nil && uerr == nil:
			if params.Query != p.Query || params.OperationName != p.OperationName || len(params.Variables) != len(p.Variables) {
				t.Fatalf("%q: decoded %+v, json.Unmarshal %+v", body, params, p)
			}
		case err == nil && errors.As(uerr, &typeErr) && strings.HasPrefix(typeErr.Value, "number"):
		case errors.Is(err, errEndOfInput) && errors.As(uerr, new(*json.SyntaxError)):
		case err == nil || uerr == nil || err.Error() != uerr.Error():
			t.Fatalf("%q: error %v, json.Unmarshal's %v", body, err, uerr)
		}
	})
}
