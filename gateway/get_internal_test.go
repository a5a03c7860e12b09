package gateway

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/testserver"
	"github.com/99designs/gqlgen/graphql/handler/transport"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/internal/embedded"
	"github.com/civgraph/civgraph/internal/sampleapi"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
)

// getCase is a GET request to /graphql: its URL query and Accept header.
type getCase struct {
	name, rawQuery, accept string
}

func getQuery(params ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(params); i += 2 {
		v.Set(params[i], params[i+1])
	}
	return v.Encode()
}

// sameAnswers sends each case, in order, to ours and to theirs and fails
// on any difference in status, headers or body bytes.
func sameAnswers(t *testing.T, ours, theirs http.Handler, cases []getCase) {
	t.Helper()
	for _, c := range cases {
		var recs [2]*httptest.ResponseRecorder
		for i, h := range []http.Handler{ours, theirs} {
			// Bounded: a subscription run by mistake would wait for events.
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/graphql?"+c.rawQuery, nil)
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

// TestGETAnswersAsGqlgensTransport: the gateway's GET transport answers
// exactly as gqlgen's transport.GET did in its place — status, headers
// and bytes, overHTTP's rewriting of request errors included — for
// answers with data, with data and errors, with data encoding/json must
// escape, request errors in both media types, persisted queries and
// malformed parameters. The gateway runs over sample upstreams on
// loopback, one Hebei meeting title holding <, >, & and U+2028.
func TestGETAnswersAsGqlgensTransport(t *testing.T) {
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
	acc, err := newAccess(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	gen := g.current.Load()
	theirs := overHTTP(newGraphQLHandlerGET(transport.GET{}, gen.resolver, cfg.GraphQL.QueryCacheSize, cfg.Limits, slog.New(slog.DiscardHandler), g.health, acc))

	const provinces = `{ provinces { code name } }`
	const hebeiMeetings = `{ meetings(first: 3, filter: {provinces: [HEBEI]}) { totalCount edges { node { id title } } } }`
	sum := sha256.Sum256([]byte(provinces))
	hash := hex.EncodeToString(sum[:])
	apq := `{"persistedQuery":{"version":1,"sha256Hash":"` + hash + `"}}`
	cases := []getCase{
		{"data", getQuery("query", provinces), ""},
		{"data as graphql-response+json", getQuery("query", provinces), graphqlResponseJSON},
		{"data, Accept of neither type", getQuery("query", provinces), "text/html"},
		{"data, Accept */*", getQuery("query", provinces), "*/*"},
		{"data, Accept application/json first", getQuery("query", provinces), "application/json, " + graphqlResponseJSON},
		{"data, Accept graphql-response+json first", getQuery("query", provinces), graphqlResponseJSON + ";q=0.9, application/json"},
		{"data to escape", getQuery("query", hebeiMeetings), ""},
		{"data and errors", getQuery("query", `{ provinces { code } meetings(first: 101) { totalCount } }`), ""},
		{"operation and variables", getQuery("query", `query A { provinces { code } } query B($n: Int) { meetings(first: $n) { totalCount } }`, "operationName", "B", "variables", `{"n":2}`), ""},
		{"parse error", getQuery("query", "{"), "application/json"},
		{"parse error as graphql-response+json", getQuery("query", "{"), graphqlResponseJSON},
		{"validation error", getQuery("query", "{ noSuchField }"), ""},
		{"validation error as graphql-response+json", getQuery("query", "{ noSuchField }"), graphqlResponseJSON},
		{"variable not coerced", getQuery("query", `query($n: Int!) { meetings(first: $n) { totalCount } }`, "variables", `{"n":"x"}`), ""},
		{"unknown operation", getQuery("query", provinces, "operationName", "B"), graphqlResponseJSON},
		{"over a limit", getQuery("query", `{ region(code: "130000") { children { children { children { name } } } } }`), ""},
		{"no query", "", ""},
		{"no query as graphql-response+json", "", graphqlResponseJSON},
		{"variables not JSON", getQuery("query", provinces, "variables", "{bad"), ""},
		{"extensions not JSON", getQuery("query", provinces, "extensions", "[1"), graphqlResponseJSON},
		{"URL escape broken", "query=%zz", ""},
		{"persisted query not yet known", getQuery("extensions", apq), ""},
		{"persisted query registered", getQuery("query", provinces, "extensions", apq), ""},
		{"persisted query by hash", getQuery("extensions", apq), ""},
		{"persisted query hash mismatch", getQuery("query", "{ provinces { code } }", "extensions", apq), ""},
	}
	// Both then see the same cached provenance (state and fetch time).
	for _, q := range []string{hebeiMeetings, `{ meetings(first: 0) { totalCount } }`} {
		gen.handler.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/graphql?"+getQuery("query", q), nil))
	}
	sameAnswers(t, gen.handler, theirs, cases)

	// The gateway's schema has no mutation: gqlgen's test schema has one
	// and a subscription, which GET refuses before running them.
	ours, gqlgens := testserver.New(), testserver.New()
	ours.AddTransport(getTransport{})
	gqlgens.AddTransport(transport.GET{})
	sameAnswers(t, ours, gqlgens, []getCase{
		{"query", getQuery("query", "{ name }"), ""},
		{"mutation", getQuery("query", "mutation { name }"), ""},
		{"subscription", getQuery("query", "subscription { name }"), graphqlResponseJSON},
	})
}

// BenchmarkGETPage100 sends bench's page-100 query (a cached page of 100
// sites, four provinces, response cache off) over GET to the gateway's
// handler and to the same handler with gqlgen's transport.GET,
// alternating in one run, and reports each one's time and bytes
// allocated per request and the ratios:
//
//	go test ./gateway -run '^$' -bench GETPage100 -benchtime 300x
func BenchmarkGETPage100(b *testing.B) {
	cfg := config.Default()
	cfg.GraphQL.CursorSecret = "bench"
	cfg.ResponseCache.MaxBytes = 0
	for _, s := range []*config.SourceConfig{&cfg.Sources.Hebei.SourceConfig, &cfg.Sources.Hubei.SourceConfig, &cfg.Sources.Jiangsu.SourceConfig, &cfg.Sources.Shanghai.SourceConfig} {
		s.CacheTTL = time.Hour
	}
	UseSampleUpstreams(b, &cfg)
	g, err := New(context.Background(), cfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = g.Close() })
	acc, err := newAccess(cfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	gen := g.current.Load()
	handlers := [2]http.Handler{gen.handler, overHTTP(newGraphQLHandlerGET(transport.GET{}, gen.resolver, cfg.GraphQL.QueryCacheSize, cfg.Limits, slog.New(slog.DiscardHandler), g.health, acc))}
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
