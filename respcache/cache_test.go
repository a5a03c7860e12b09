package respcache_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/reqbody"
	"github.com/civgraph/civgraph/respcache"
)

// fixture is a cache in front of an executor that counts its runs, answers
// with the request's variables and what the caller may see, and allows
// keeping its answer when told to.
type fixture struct {
	t        *testing.T
	cache    *respcache.Cache
	h        http.Handler
	runs     atomic.Int64
	versions map[civ.ProvinceCode]*atomic.Uint64
	now      time.Time
	allow    bool               // the executor allows keeping its answer
	status   int                // the executor's status
	used     []civ.ProvinceCode // provinces the answer used
	ttl      time.Duration
	extra    string // appended to every answer, to make it big
	during   func() // runs inside the executor
}

type scopeKey struct{}

func newFixture(t *testing.T, maxBytes, maxEntry int64) *fixture {
	f := &fixture{t: t, versions: map[civ.ProvinceCode]*atomic.Uint64{}, now: time.Unix(1_700_000_000, 0),
		allow: true, status: http.StatusOK, used: []civ.ProvinceCode{civ.Hebei}, ttl: time.Minute}
	for _, p := range civ.AllProvinces {
		f.versions[p] = &atomic.Uint64{}
	}
	f.cache = respcache.New(respcache.Config{MaxBytes: maxBytes, MaxEntryBytes: maxEntry, MaxBodyBytes: 1 << 16, MaxAge: 5 * time.Minute,
		Versions: func(p civ.ProvinceCode) uint64 { return f.versions[p].Load() },
		Scope: func(ctx context.Context) string {
			s, _ := ctx.Value(scopeKey{}).(string)
			return s
		},
		Now: func() time.Time { return f.now }})
	exec := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := f.runs.Add(1)
		if f.during != nil {
			f.during()
		}
		var req struct{ Variables json.RawMessage }
		body, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(body, &req)
		if f.allow {
			respcache.Allow(r.Context(), f.used, f.ttl)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(f.status)
		scope, _ := r.Context().Value(scopeKey{}).(string)
		fmt.Fprintf(w, `{"data":{"run":%d,"vars":%q,"scope":%q,"x":%q},"extensions":{"sources":[{"province":"HEBEI","state":"FRESH"}]}}`,
			n, req.Variables, scope, f.extra)
	})
	f.h = f.cache.Wrap(exec)
	return f
}

// ask posts query with variables (JSON text or "") as a caller of scope
// and returns the answer.
func (f *fixture) ask(query, vars, scope string) string {
	f.t.Helper()
	body := `{"query":` + fmt.Sprintf("%q", query)
	if vars != "" {
		body += `,"variables":` + vars
	}
	body += "}"
	return f.askBody(body, scope)
}

func (f *fixture) askBody(body, scope string) string {
	f.t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req = req.WithContext(context.WithValue(req.Context(), scopeKey{}, scope))
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec.Body.String()
}

const q = `query Sites($n: Int) { serviceSites(first: $n) { totalCount } }`

func TestServesKeptAnswerWithoutExecuting(t *testing.T) {
	f := newFixture(t, 1<<20, 1<<16)
	first := f.ask(q, `{"n": 20}`, "all")
	// Same tokens, other spacing, commas and a comment; same variables
	// compacted alike.
	again := f.ask("query Sites($n: Int)  {\n serviceSites(first: $n) , { totalCount } } # note", `{"n":20}`, "all")
	if f.runs.Load() != 1 {
		t.Fatalf("executed %d times, want 1", f.runs.Load())
	}
	if want := strings.ReplaceAll(first, `"state":"FRESH"`, `"state":"CACHED"`); again != want {
		t.Errorf("kept answer = %s, want the first with its sources CACHED: %s", again, want)
	}
	if s := f.cache.Stats(); s.Hits != 1 || s.Misses != 1 || s.Stores != 1 {
		t.Errorf("stats = %+v", s)
	}
}

func TestKeyedByVariablesScopeAndText(t *testing.T) {
	f := newFixture(t, 1<<20, 1<<16)
	f.ask(q, `{"n":20}`, "all")
	for _, c := range []struct{ name, query, vars, scope string }{
		{"other variables", q, `{"n":21}`, "all"},
		{"other scope", q, `{"n":20}`, "provinces:HEBEI"},
		{"anonymous", q, `{"n":20}`, "anonymous"},
		{"other operation text", strings.Replace(q, "totalCount", "totalCount pageInfo { hasNextPage }", 1), `{"n":20}`, "all"},
		{"string spacing is significant", `{ a(s: "x  y") }`, "", "all"},
		{"string spacing is significant 2", `{ a(s: "x y") }`, "", "all"},
	} {
		before := f.runs.Load()
		got := f.ask(c.query, c.vars, c.scope)
		if f.runs.Load() != before+1 {
			t.Errorf("%s: served a kept answer: %s", c.name, got)
		}
		if c.scope != "" && !strings.Contains(got, `"scope":"`+c.scope+`"`) {
			t.Errorf("%s: answer of another scope: %s", c.name, got)
		}
	}
}

func TestDataVersionInvalidates(t *testing.T) {
	f := newFixture(t, 1<<20, 1<<16)
	f.used = []civ.ProvinceCode{civ.Hebei, civ.Hubei}
	f.ask(q, "", "all")
	f.versions[civ.Shanghai].Add(1) // not used by the answer
	f.ask(q, "", "all")
	if f.runs.Load() != 1 {
		t.Fatalf("a province the answer did not use invalidated it: %d runs", f.runs.Load())
	}
	f.versions[civ.Hubei].Add(1)
	got := f.ask(q, "", "all")
	if f.runs.Load() != 2 || !strings.Contains(got, `"run":2`) {
		t.Fatalf("served an answer older than Hubei's data: %s", got)
	}
	f.ask(q, "", "all")
	if f.runs.Load() != 2 {
		t.Errorf("the answer built from the new data was not kept: %d runs", f.runs.Load())
	}
}

func TestVersionMovingDuringExecutionIsNotKeptAsCurrent(t *testing.T) {
	f := newFixture(t, 1<<20, 1<<16)
	// Hebei's data changes while the executor runs: its answer may mix old
	// and new, so it must not be served once the change is known.
	f.during = func() { f.versions[civ.Hebei].Add(1) }
	f.ask(q, "", "all")
	f.during = nil
	got := f.ask(q, "", "all")
	if f.runs.Load() != 2 || !strings.Contains(got, `"run":2`) {
		t.Fatalf("served an answer built while the data changed: %s", got)
	}
}

func TestExpiresWithTTLAndMaxAge(t *testing.T) {
	f := newFixture(t, 1<<20, 1<<16)
	f.ttl = 10 * time.Second
	f.ask(q, "", "all")
	f.now = f.now.Add(9 * time.Second)
	f.ask(q, "", "all")
	f.now = f.now.Add(time.Second)
	f.ask(q, "", "all")
	if f.runs.Load() != 2 {
		t.Errorf("runs = %d, want 2: kept past the data's freshness", f.runs.Load())
	}
	f.ttl = time.Hour // longer than MaxAge (5 min)
	f.now = f.now.Add(time.Hour)
	f.ask(q, "", "all") // run 3, kept for 5 min
	f.now = f.now.Add(5 * time.Minute)
	f.ask(q, "", "all")
	if f.runs.Load() != 4 {
		t.Errorf("runs = %d, want 4: kept past max age", f.runs.Load())
	}
}

func TestKeepsOnlyAllowedCompleteAnswers(t *testing.T) {
	for _, c := range []struct {
		name string
		set  func(*fixture)
	}{
		{"not allowed (errors, partial or volatile)", func(f *fixture) { f.allow = false }},
		{"no province used", func(f *fixture) { f.used = nil }},
		{"no freshness left", func(f *fixture) { f.ttl = 0 }},
		{"not 200", func(f *fixture) { f.status = http.StatusServiceUnavailable }},
		{"larger than max_entry_bytes", func(f *fixture) { f.extra = strings.Repeat("x", 2048) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, 1<<20, 1024)
			c.set(f)
			a := f.ask(q, "", "all")
			b := f.ask(q, "", "all")
			if f.runs.Load() != 2 || a == b {
				t.Errorf("kept an answer it must not: runs %d", f.runs.Load())
			}
		})
	}
}

func TestOnlyPostsWithQueryTextOrDocumentID(t *testing.T) {
	f := newFixture(t, 1<<20, 1<<16)
	for _, body := range []string{
		`{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"abc"},"other":1}}`,
		`{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"abc","more":true}}}`,
		`{"extensions":{"persistedQuery":{"version":2,"sha256Hash":"abc"}}}`,
		`{"extensions":{"persistedQuery":{"version":1,"sha256Hash":""}}}`,
		`{"extensions":{"persistedQuery":{"version":1,"sha256Hash":7}}}`,
		`{"extensions":{"persistedQuery":null}}`,
		`{"query":"{ a }","extensions":{"tracing":true}}`,
		`{"documentId":"abc"}`,               // the server moves it into extensions first
		`{"query":"{ a }","variables":{"n":`, // broken JSON goes on to be refused
	} {
		before := f.runs.Load()
		f.askBody(body, "all")
		f.askBody(body, "all")
		if f.runs.Load() != before+2 {
			t.Errorf("%s: served from the cache", body)
		}
	}
	req := httptest.NewRequest(http.MethodGet, "/graphql?query=%7Ba%7D", nil)
	for range 2 {
		f.h.ServeHTTP(httptest.NewRecorder(), req)
	}
	// A body the POST transport would refuse (415) is never answered from
	// the cache, even when the same body was answered as JSON before.
	f.ask(q, "", "all")
	f.ask(q, "", "all")
	for _, ct := range []string{"text/plain", "", "application/graphql"} {
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":`+fmt.Sprintf("%q", q)+`}`))
		req.Header.Set("Content-Type", ct)
		before := f.runs.Load()
		f.h.ServeHTTP(httptest.NewRecorder(), req)
		if f.runs.Load() != before+1 {
			t.Errorf("Content-Type %q: answered from the cache", ct)
		}
	}
	if s := f.cache.Stats(); s.Hits != 1 { // the one JSON repeat
		t.Errorf("hits = %d", s.Hits)
	}
}

func TestBoundedBytes(t *testing.T) {
	const maxBytes = 16 << 10
	f := newFixture(t, maxBytes, 4<<10)
	f.extra = strings.Repeat("y", 1000)
	for i := range 200 {
		f.ask(q, fmt.Sprintf(`{"n":%d}`, i), "all")
		if s := f.cache.Stats(); s.Bytes > maxBytes {
			t.Fatalf("after %d answers the cache holds %d bytes, over %d", i+1, s.Bytes, maxBytes)
		}
	}
	s := f.cache.Stats()
	if s.Entries == 0 || s.Entries >= 200 {
		t.Errorf("entries = %d: want some kept, the oldest evicted", s.Entries)
	}
	// The most recent is still there, the first long gone.
	before := f.runs.Load()
	f.ask(q, `{"n":199}`, "all")
	f.ask(q, `{"n":0}`, "all")
	if f.runs.Load() != before+1 {
		t.Errorf("runs %d → %d, want only the evicted one executed", before, f.runs.Load())
	}
}

func TestRequestBodyStillReachesTheExecutor(t *testing.T) {
	f := newFixture(t, 1<<20, 1<<16)
	got := f.ask(q, `{"n":7}`, "all")
	if !strings.Contains(got, `"vars":"{\"n\":7}"`) {
		t.Errorf("the executor did not read the body: %s", got)
	}
}

func TestIdenticalRequestsInFlightWaitForOne(t *testing.T) {
	f := newFixture(t, 1<<20, 1<<16)
	release := make(chan struct{})
	entered := make(chan struct{}, 8)
	f.during = func() {
		entered <- struct{}{}
		<-release
	}
	answers := make(chan string, 5)
	for range 5 {
		go func() { answers <- f.ask(q, "", "all") }()
	}
	<-entered // the leader executes; the others wait for it
	deadline := time.After(5 * time.Second)
	for f.cache.Stats().Coalesced < 4 {
		select {
		case <-deadline:
			t.Fatalf("stats = %+v: the others did not wait", f.cache.Stats())
		case <-time.After(time.Millisecond):
		}
	}
	close(release)
	for range 5 {
		<-answers
	}
	if f.runs.Load() != 1 {
		t.Errorf("executed %d times, want once for five identical requests", f.runs.Load())
	}
}

func TestRequestsWhoseAnswersAreNotKeptDoNotWait(t *testing.T) {
	f := newFixture(t, 1<<20, 1<<16)
	f.allow = false
	f.ask(q, "", "all") // learns that this answer is not kept
	release := make(chan struct{})
	var inside atomic.Int32
	f.during = func() {
		inside.Add(1)
		<-release
	}
	answers := make(chan string, 3)
	for range 3 {
		go func() { answers <- f.ask(q, "", "all") }()
	}
	deadline := time.After(5 * time.Second)
	for inside.Load() < 3 {
		select {
		case <-deadline:
			t.Fatalf("%d of 3 executing at once: requests whose answers are not kept waited for each other", inside.Load())
		case <-time.After(time.Millisecond):
		}
	}
	close(release)
	for range 3 {
		<-answers
	}
}

// TestRepeatedBodiesNeverShareAnotherRequestsAnswer tries to make the key
// memo (exact bytes of scope, Accept and body → key) serve one request's
// answer to another: the same body from other scopes and media types,
// scope and Accept that concatenate alike, bodies that differ in one byte
// of a string or a variable, and a memo forgetting everything meanwhile.
func TestRepeatedBodiesNeverShareAnotherRequestsAnswer(t *testing.T) {
	f := newFixture(t, 64<<20, 1<<16)
	askAs := func(body, scope, accept string) string {
		t.Helper()
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		req = req.WithContext(context.WithValue(req.Context(), scopeKey{}, scope))
		rec := httptest.NewRecorder()
		f.h.ServeHTTP(rec, req)
		return rec.Body.String()
	}
	type request struct{ body, scope, accept string }
	body := func(query, vars string) string {
		return `{"query":` + fmt.Sprintf("%q", query) + `,"variables":` + vars + `}`
	}
	distinct := []request{
		{body(q, `{"n":1}`), "all", ""},
		{body(q, `{"n":1}`), "anonymous", ""},
		{body(q, `{"n":1}`), "all", "application/graphql-response+json"},
		{body(q, `{"n":1}`), "al", "l"}, // scope+Accept concatenate like "all"+""
		{body(q, `{"n":1}`), "a", "ll"},
		{body(q, `{"n":2}`), "all", ""},
		{body(q, `{"n":"1"}`), "all", ""},
		{body(`{ a(s: "x y") }`, `{}`), "all", ""},
		{body(`{ a(s: "x  y") }`, `{}`), "all", ""},
		{body(q, `{"n":1}`) + " ", "all", ""}, // same request: may share, checked below
	}
	first := map[int]string{}
	for round := range 3 {
		for i, r := range distinct {
			got := askAs(r.body, r.scope, r.accept)
			if round == 0 {
				first[i] = got
				continue
			}
			if want := strings.ReplaceAll(first[i], `"state":"FRESH"`, `"state":"CACHED"`); got != want {
				t.Errorf("round %d, request %d: answer %s, want the kept %s", round, i, got, want)
			}
		}
		if round == 1 {
			// Make the memo forget: many distinct bodies of 1 KiB.
			pad := strings.Repeat(" ", 1000)
			for n := range 1500 {
				askAs(body(q, fmt.Sprintf(`{"n":%d}`, 1000+n))+pad, "all", "")
			}
		}
	}
	runsOf := map[string]int{}
	for i, r := range distinct[:len(distinct)-1] {
		run := strings.SplitN(strings.SplitN(first[i], `"run":`, 2)[1], ",", 2)[0]
		if j, seen := runsOf[run]; seen {
			t.Errorf("requests %d and %d (%+v, %+v) got the same answer", j, i, distinct[j], r)
		}
		runsOf[run] = i
	}
	// The padded body is the same request as the first: one answer.
	if last := first[len(distinct)-1]; !strings.Contains(last, `"run":1,`) {
		t.Errorf("the same request with a trailing space executed again: %s", last)
	}
}

// BenchmarkHit measures serving a kept answer: what a front end's page
// load costs the gateway past HTTP and the server's middleware.
func BenchmarkHit(b *testing.B) {
	f := newFixture(&testing.T{}, 1<<20, 1<<16)
	f.extra = strings.Repeat("z", 7000)
	body := `{"query":` + fmt.Sprintf("%q", q) + `,"variables":{"n":20}}`
	f.askBody(body, "all")
	req := httptest.NewRequest(http.MethodPost, "/graphql", nil)
	req.Header.Set("Content-Type", "application/json")
	req = req.WithContext(context.WithValue(req.Context(), scopeKey{}, "all"))
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		req.Body = reqbody.New([]byte(body)) // as the server's admission limit leaves it
		clear(w.h)
		f.h.ServeHTTP(w, req)
	}
	if f.runs.Load() != 1 {
		b.Fatalf("executed %d times", f.runs.Load())
	}
}

type discardWriter struct{ h http.Header }

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (d *discardWriter) WriteHeader(int)             {}

// TestPersistedDocumentsAreKeptByID: a request naming its document by
// extensions.persistedQuery.sha256Hash alone is kept under that id, apart
// from every other id, from the text, from a text sent with the id, and
// with its variables, operation name and scope as for texts.
func TestPersistedDocumentsAreKeptByID(t *testing.T) {
	f := newFixture(t, 1<<20, 1<<16)
	byID := func(id, rest string) string {
		return `{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"` + id + `"}}` + rest + `}`
	}
	h1 := "8f1e3c9a5b7d2e4f6a8c0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f2a4c6e8b0d1f"
	h2 := strings.Replace(h1, "8f", "9f", 1)
	first := f.askBody(byID(h1, ""), "all")
	if again := f.askBody(byID(h1, ""), "all"); again != strings.ReplaceAll(first, `"state":"FRESH"`, `"state":"CACHED"`) || f.runs.Load() != 1 {
		t.Fatalf("a repeated id was executed again (%d runs): %s", f.runs.Load(), again)
	}
	// Same id, other spacing and member order: one request.
	f.askBody(`{ "extensions" : {"persistedQuery":{"sha256Hash":"`+h1+`","version":1}} }`, "all")
	if f.runs.Load() != 1 {
		t.Errorf("the same id in other JSON spacing was executed again")
	}
	for _, c := range []struct{ name, body, scope string }{
		{"other id", byID(h2, ""), "all"},
		{"other variables", byID(h1, `,"variables":{"n":1}`), "all"},
		{"other operation name", byID(h1, `,"operationName":"Sites"`), "all"},
		{"other scope", byID(h1, ""), "anonymous"},
		{"the id with a text", byID(h1, `,"query":"{ a }"`), "all"},
		{"the id with another text", byID(h1, `,"query":"{ b }"`), "all"},
		{"the id as a text", `{"query":"` + h1 + `"}`, "all"},
	} {
		before := f.runs.Load()
		got := f.askBody(c.body, c.scope)
		if f.runs.Load() != before+1 {
			t.Errorf("%s: served another request's answer: %s", c.name, got)
		}
	}
}
