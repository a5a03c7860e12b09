package sourcetest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/httpclient"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
)

// Canned is a transport that answers every request with the same status,
// content type and body: it lets a fuzzer feed a connector's whole decoding
// path (envelope, rows, wire-to-domain mapping) without a network.
type Canned struct {
	Status      int // 0: 200
	ContentType string
	Body        []byte
}

// RoundTrip implements http.RoundTripper.
func (c Canned) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	status := c.Status
	if status == 0 {
		status = http.StatusOK
	}
	h := http.Header{}
	if c.ContentType != "" {
		h.Set("Content-Type", c.ContentType)
	}
	return &http.Response{
		StatusCode: status, Status: http.StatusText(status), Header: h, Request: r,
		Body: io.NopCloser(bytes.NewReader(c.Body)), ContentLength: int64(len(c.Body)),
	}, nil
}

// Recorder is a transport that keeps every response body it passes on, to
// seed fuzzers with real upstream answers.
type Recorder struct {
	Next   http.RoundTripper // nil: http.DefaultTransport
	mu     sync.Mutex
	bodies [][]byte
}

// RoundTrip implements http.RoundTripper.
func (rec *Recorder) RoundTrip(r *http.Request) (*http.Response, error) {
	next := rec.Next
	if next == nil {
		next = http.DefaultTransport
	}
	resp, err := next.RoundTrip(r)
	if err != nil {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	rec.mu.Lock()
	rec.bodies = append(rec.bodies, body)
	rec.mu.Unlock()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// Bodies returns the recorded bodies.
func (rec *Recorder) Bodies() [][]byte {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return slices.Clone(rec.bodies)
}

// ListAll asks src for one small page of every list, so that a Recorder
// under it sees one answer of each kind.
func ListAll(tb testing.TB, src connectors.Source) {
	tb.Helper()
	ctx := context.Background()
	q := connectors.Query{Limit: 3}
	for name, call := range lists(src) {
		if err := call(ctx, q); err != nil {
			tb.Fatalf("%s: %v", name, err)
		}
	}
}

func lists(src connectors.Source) map[string]func(context.Context, connectors.Query) error {
	return map[string]func(context.Context, connectors.Query) error{
		"meetings":         checked(src.Meetings),
		"policy documents": checked(src.PolicyDocuments),
		"tasks":            checked(src.Tasks),
		"service sites":    checked(src.ServiceSites),
	}
}

// checked calls fetch and checks its page against the Source contract.
func checked[T any](fetch func(context.Context, connectors.Query) (connectors.Result[T], error)) func(context.Context, connectors.Query) error {
	return func(ctx context.Context, q connectors.Query) error {
		r, err := fetch(ctx, q)
		return checkPage(len(r.Items), r.Total, q, err)
	}
}

type pageError struct{ msg string }

func (e pageError) Error() string { return e.msg }

// checkPage refuses a page that breaks the Source contract.
func checkPage(items, total int, q connectors.Query, err error) error {
	switch {
	case err != nil:
		return err
	case items > q.Limit:
		return pageError{"more rows than the limit"}
	case total < 0:
		return pageError{"negative total"}
	}
	return nil
}

// Seeds turns recorded answers into a fuzz corpus: each answer whole, cut
// in half, and with its first quote flipped, plus hostile bodies that no
// upstream should send.
func Seeds(bodies [][]byte) [][]byte {
	var out [][]byte
	for _, b := range bodies {
		out = append(out, b, b[:len(b)/2])
		if i := bytes.IndexByte(b, '"'); i >= 0 {
			flipped := slices.Clone(b)
			flipped[i] = '\''
			out = append(out, flipped)
		}
	}
	return append(out,
		[]byte(""), []byte("null"), []byte("[]"), []byte(`{}`), []byte("\xff\xfe\x00"),
		[]byte(`{"code":0,"data":"{\"total\":1e999}"}`),
		[]byte(strings.Repeat("[", 10000)),
		[]byte(`{"code":"000000","errcode":0,"data":"\"`+strings.Repeat(`\\`, 64)+`\""}`),
		[]byte(`<html><body>502 Bad Gateway</body></html>`),
	)
}

// Survives calls every list method of src (which must answer from a
// Canned transport) and fails t unless each answer either keeps the
// Source contract or is a coded error of src's province whose
// client-facing message holds none of leaks (URLs, credentials), all
// within maxCallTime.
func Survives(t *testing.T, src connectors.Source, leaks ...string) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- survives(src, leaks) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(maxCallTime):
		buf := make([]byte, 1<<20)
		t.Fatalf("the connector did not answer within %s:\n%s", maxCallTime, buf[:runtime.Stack(buf, true)])
	}
}

// maxCallTime bounds how long the list calls of Survives may take from a
// transport that answers at once.
const maxCallTime = 5 * time.Second

func survives(src connectors.Source, leaks []string) error {
	ctx := context.Background()
	for _, q := range []connectors.Query{{Limit: 5}, {Offset: 2, Limit: 1, Filter: civ.Filter{Keyword: "养老"}}} {
		for name, call := range lists(src) {
			err := call(ctx, q)
			if err == nil {
				continue
			}
			if pe, ok := err.(pageError); ok {
				return fmt.Errorf("%s: %s", name, pe.msg)
			}
			ue, ok := connectors.AsUpstreamError(err)
			if !ok || ue.Province != src.Province() || ue.Code == "" {
				return fmt.Errorf("%s: uncoded error %v", name, err)
			}
			for _, l := range leaks {
				if l != "" && strings.Contains(ue.Message+ue.Op, l) {
					return fmt.Errorf("%s: client message %q leaks %q", name, ue.Message, l)
				}
			}
		}
	}
	return nil
}

// FuzzPayloads fuzzes a connector's decoding of upstream answers. live
// builds the connector over its sample upstream with the given transport
// under it: its answers, recorded, become the seed corpus. canned builds it
// over a transport that answers with the fuzzed body. leaks are strings
// (URLs, credentials) no client-facing message may contain.
func FuzzPayloads(f *testing.F, contentType string, live, canned func(testing.TB, http.RoundTripper) connectors.Source, leaks ...string) {
	rec := &Recorder{}
	ListAll(f, live(f, rec))
	for _, s := range Seeds(rec.Bodies()) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		Survives(t, canned(t, Canned{ContentType: contentType, Body: body}), leaks...)
	})
}

// CheckDate fails t unless d is a well-formed FuzzyDate: a known
// precision with the UTC midnight that starts its period, or UNKNOWN (or
// no precision: a date the source does not state) with no date.
func CheckDate(t *testing.T, d civ.FuzzyDate) {
	t.Helper()
	if d.Precision == civ.PrecisionUnknown || d.Precision == "" {
		if !d.Date.IsZero() {
			t.Fatalf("unknown date carries %v", d.Date)
		}
		return
	}
	day := d.Date
	ok := !day.IsZero() && day.Location() == time.UTC && day.Hour() == 0 && day.Minute() == 0 && day.Second() == 0 && day.Nanosecond() == 0
	switch d.Precision {
	case civ.PrecisionDay:
	case civ.PrecisionMonth:
		ok = ok && day.Day() == 1
	case civ.PrecisionYear:
		ok = ok && day.Day() == 1 && day.Month() == time.January
	default:
		ok = false
	}
	if !ok {
		t.Fatalf("malformed date %+v", d)
	}
}

// NoRetries makes a connector try once, for fuzzing.
var NoRetries = httpclient.Config{RetryMax: -1, Timeout: time.Second}

// FuzzTarget is one connector under FuzzConnector.
type FuzzTarget struct {
	Prefix   string                                                                // where the sample upstream is mounted, e.g. /hebei
	Upstream func(ds *dataset.Dataset) http.Handler                                // the sample upstream, with its demo credentials
	DemoKey  string                                                                // the credential it accepts
	New      func(base, key string, opts ...kit.Option) (connectors.Source, error) // the connector
}

// FuzzConnector runs FuzzPayloads for target: seeds from its sample
// upstream, fuzzed bodies served as contentType, and a distinctive
// credential and base URL that no message may show.
func FuzzConnector(f *testing.F, target FuzzTarget, contentType string) {
	build := func(tb testing.TB, base, key string, rt http.RoundTripper) connectors.Source {
		// A store without a janitor: a fuzzer builds thousands of clients.
		src, err := target.New(base, key, kit.WithTransport(rt), kit.WithCache(cache.New(cache.NewMemoryStore(0))))
		if err != nil {
			tb.Fatal(err)
		}
		return src
	}
	live := func(tb testing.TB, rt http.RoundTripper) connectors.Source {
		ds, err := dataset.Load(dataset.Options{SampleSitesPerProvince: 4, Seed: 1})
		if err != nil {
			tb.Fatal(err)
		}
		srv := httptest.NewServer(http.StripPrefix(target.Prefix, target.Upstream(ds)))
		tb.Cleanup(srv.Close)
		return build(tb, srv.URL+target.Prefix, target.DemoKey, rt)
	}
	// 32 hex digits: the strictest credential form a connector checks.
	const key = "f0e1d2c3b4a5968778695a4b3c2d1e0f"
	base := "http://127.0.0.1:9" + target.Prefix + "-fuzz"
	canned := func(tb testing.TB, rt http.RoundTripper) connectors.Source { return build(tb, base, key, rt) }
	FuzzPayloads(f, contentType, live, canned, base, key)
}
