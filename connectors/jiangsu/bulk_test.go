package jiangsu_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	samplejiangsu "github.com/civgraph/civgraph/internal/sampleapi/jiangsu"
)

// clock is a settable test clock.
type clock struct{ ns atomic.Int64 }

func newClock() *clock {
	c := &clock{}
	c.ns.Store(time.Date(2024, 3, 21, 9, 0, 0, 0, time.UTC).UnixNano())
	return c
}
func (c *clock) now() time.Time             { return time.Unix(0, c.ns.Load()).UTC() }
func (c *clock) advance(d time.Duration)    { c.ns.Add(int64(d)) }
func sitesQuery(limit int) connectors.Query { return connectors.Query{Limit: limit} }

func TestGB18030RoundTrip(t *testing.T) {
	names := []string{
		"𠀀字（四字节）社区食堂",      // U+20000: four bytes in GB18030, outside GBK
		"㐀扩展A区，含\"引号\"与逗号", // U+3400: four bytes too; a comma and quotes for the CSV
		"东台市婚姻登记中心",        // common characters, two bytes each
		"清明山墓区\n（二期）",      // a line break inside a quoted field
	}
	var sites []civ.ServiceSite
	for i, n := range names {
		sites = append(sites, civ.ServiceSite{ID: string(rune('a' + i)), Province: civ.Jiangsu, Type: civ.SiteCemetery, Name: n, Address: n + "路"})
	}
	ds := dataset.New(map[civ.ProvinceCode]*dataset.Province{civ.Jiangsu: {ServiceSites: sites}})
	url, _ := portal(t, ds, samplejiangsu.Options{})

	// The file really is GB18030: 𠀀 is 0x95 0x32 0x82 0x36, and the body
	// is not UTF-8.
	req, _ := http.NewRequest(http.MethodGet, url+samplejiangsu.BulkSitesPath, nil)
	req.Header.Set("Authorization", "Bearer "+samplejiangsu.DemoToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Contains(raw, []byte{0x95, 0x32, 0x82, 0x36}) || utf8.Valid(raw) {
		t.Fatalf("the bulk file is not GB18030 (utf8 valid: %v)", utf8.Valid(raw))
	}
	if back, _ := simplifiedchinese.GB18030.NewDecoder().Bytes(raw); !bytes.Contains(back, []byte(names[0])) || !bytes.Contains(back, []byte(names[2])) {
		t.Fatal("GB18030 decoding of the raw file lost a name")
	}

	res, err := newClient(t, demoConfig(url)).ServiceSites(context.Background(), sitesQuery(10))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Items) != len(names) {
		t.Fatalf("%d sites, want %d", len(res.Items), len(names))
	}
	for i, s := range res.Items {
		if s.Name != names[i] || s.Address != names[i]+"路" {
			t.Errorf("site %d: name %q address %q, want %q", i, s.Name, s.Address, names[i])
		}
	}
}

// TestSnapshotRevalidation: within the TTL the snapshot is reused; after
// it, a conditional GET answered 304 keeps the rows and renews the fetch
// time; a changed file is downloaded in full.
func TestSnapshotRevalidation(t *testing.T) {
	clk := newClock()
	url, n := portal(t, fixture(), samplejiangsu.Options{})
	c := newClient(t, withPolicy(demoConfig(url), cache.Policy{TTL: time.Minute}), kit.WithClock(clk.now))
	call := func() connectors.Result[civ.ServiceSite] {
		t.Helper()
		res, err := c.ServiceSites(context.Background(), sitesQuery(5))
		if err != nil || len(res.Items) != 5 || res.Total != 260 {
			t.Fatalf("err %v, %d items, total %d", err, len(res.Items), res.Total)
		}
		return res
	}
	first := call()
	if first.Meta.Cached || !first.Meta.FetchedAt.Equal(clk.now()) {
		t.Fatalf("first call meta %+v: want a fresh fetch now", first.Meta)
	}
	clk.advance(30 * time.Second)
	if res := call(); !res.Meta.Cached || !res.Meta.FetchedAt.Equal(first.Meta.FetchedAt) {
		t.Fatalf("within the TTL meta %+v: want the cached snapshot", res.Meta)
	}
	if n.all.Load() != 1 {
		t.Fatalf("%d requests within the TTL, want 1", n.all.Load())
	}
	clk.advance(time.Minute)
	if res := call(); res.Meta.Stale || !res.Meta.FetchedAt.Equal(clk.now()) {
		t.Fatalf("after a 304 meta %+v: want the fetch time renewed to now", res.Meta)
	}
	if n.downloads.Load() != 1 || n.notModified.Load() != 1 {
		t.Fatalf("%d downloads, %d 304s; want 1 and 1", n.downloads.Load(), n.notModified.Load())
	}
	clk.advance(30 * time.Second) // renewed: still fresh
	call()
	if n.all.Load() != 2 {
		t.Fatalf("%d requests, want 2: a 304 renews the snapshot's freshness", n.all.Load())
	}
}

// TestChangedFileIsDownloaded: when the ETag changes, the new rows replace
// the old ones.
func TestChangedFileIsDownloaded(t *testing.T) {
	one := dataset.New(map[civ.ProvinceCode]*dataset.Province{civ.Jiangsu: {ServiceSites: []civ.ServiceSite{{ID: "a", Province: civ.Jiangsu, Type: civ.SiteCemetery, Name: "甲"}}}})
	full := fixture()
	var switched atomic.Bool
	h1, h2 := samplejiangsu.New(one, samplejiangsu.Options{}), samplejiangsu.New(full, samplejiangsu.Options{})
	url, n := counted(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if switched.Load() {
			h2.ServeHTTP(w, r)
			return
		}
		h1.ServeHTTP(w, r)
	}))
	c := newClient(t, demoConfig(url)) // TTL 0: revalidate on every call
	for i, want := range []int{1, 1, 260} {
		if i == 2 {
			switched.Store(true)
		}
		res, err := c.ServiceSites(context.Background(), sitesQuery(1))
		if err != nil || res.Total != want {
			t.Fatalf("call %d: total %d, err %v; want %d", i+1, res.Total, err, want)
		}
	}
	if n.downloads.Load() != 2 || n.notModified.Load() != 1 {
		t.Fatalf("%d downloads, %d 304s; want 2 and 1", n.downloads.Load(), n.notModified.Load())
	}
}

// TestRefreshesCoalesce: concurrent callers with no snapshot share one download.
func TestRefreshesCoalesce(t *testing.T) {
	h := samplejiangsu.New(fixture(), samplejiangsu.Options{})
	url, n := counted(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(50 * time.Millisecond) // keep the first download in flight while the others arrive
		h.ServeHTTP(w, r)
	}))
	c := newClient(t, withPolicy(demoConfig(url), cache.Policy{TTL: time.Minute}))
	var wg sync.WaitGroup
	errs := make([]error, 20)
	for i := range errs {
		wg.Go(func() {
			_, errs[i] = c.ServiceSites(context.Background(), connectors.Query{Offset: i, Limit: 3})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("caller %d: %v", i, err)
		}
	}
	if got := n.all.Load(); got != 1 {
		t.Fatalf("%d requests for 20 concurrent callers, want 1", got)
	}
}

// TestStaleSnapshot: when revalidation fails, the old snapshot is served
// flagged stale within the stale grace, and the failure surfaces after it.
func TestStaleSnapshot(t *testing.T) {
	clk := newClock()
	var down atomic.Bool
	h := samplejiangsu.New(fixture(), samplejiangsu.Options{})
	url := start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		h.ServeHTTP(w, r)
	}))
	c := newClient(t, withPolicy(demoConfig(url), cache.Policy{TTL: time.Minute, StaleGrace: time.Hour}), kit.WithClock(clk.now))
	first, err := c.ServiceSites(context.Background(), sitesQuery(5))
	if err != nil {
		t.Fatal(err)
	}
	down.Store(true)
	clk.advance(30 * time.Minute)
	res, err := c.ServiceSites(context.Background(), sitesQuery(5))
	if err != nil || !res.Meta.Stale || !res.Meta.FetchedAt.Equal(first.Meta.FetchedAt) || len(res.Items) != 5 {
		t.Fatalf("err %v, meta %+v, %d items; want the old snapshot flagged stale", err, res.Meta, len(res.Items))
	}
	clk.advance(time.Hour)
	if _, err := c.ServiceSites(context.Background(), sitesQuery(5)); code(err) != connectors.CodeUnavailable {
		t.Fatalf("past the stale grace: err = %v, want SOURCE_UNAVAILABLE", err)
	}
	down.Store(false)
	if res, err := c.ServiceSites(context.Background(), sitesQuery(5)); err != nil || res.Meta.Stale {
		t.Fatalf("after recovery: err %v, meta %+v", err, res.Meta)
	}
}

// TestLoadingUntilTheFirstSnapshot: Loading names the first download and
// index of the bulk file while it runs — a caller that cannot wait gets
// SOURCE_TIMEOUT meanwhile — and nothing before it, after it is published,
// or during a later revalidation, which serves the old snapshot.
func TestLoadingUntilTheFirstSnapshot(t *testing.T) {
	clk := newClock()
	h := samplejiangsu.New(fixture(), samplejiangsu.Options{})
	var gate atomic.Pointer[chan struct{}] // while set, requests wait for it to close
	hold := func() chan struct{} {
		ch := make(chan struct{})
		gate.Store(&ch)
		return ch
	}
	url := start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ch := gate.Load(); ch != nil {
			<-*ch
		}
		h.ServeHTTP(w, r)
	}))
	c := newClient(t, withPolicy(demoConfig(url), cache.Policy{TTL: time.Minute, StaleGrace: time.Hour}), kit.WithClock(clk.now))
	if got := c.Loading(); got != "" {
		t.Fatalf("before any request: Loading() = %q", got)
	}
	first := hold()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	_, err := c.ServiceSites(ctx, sitesQuery(5))
	cancel()
	if code(err) != connectors.CodeTimeout {
		t.Fatalf("during the first download: err = %v, want SOURCE_TIMEOUT", err)
	}
	if got := c.Loading(); !strings.Contains(got, "bulk site file") {
		t.Fatalf("while the first download runs: Loading() = %q", got)
	}
	gate.Store(nil)
	close(first)
	waitFor(t, func() bool { return c.Loading() == "" })
	if res, err := c.ServiceSites(context.Background(), sitesQuery(5)); err != nil || len(res.Items) != 5 {
		t.Fatalf("after the first load: err %v, %d items", err, len(res.Items))
	}

	second := hold()
	defer close(second)
	clk.advance(2 * time.Minute) // past the TTL: the next request revalidates
	// (A request may still join the first load's coalesced call as it
	// ends, and get its snapshot; the next one revalidates.)
	waitFor(t, func() bool {
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		res, err := c.ServiceSites(ctx, sitesQuery(5))
		return err == nil && res.Meta.Stale
	})
	if got := c.Loading(); got != "" {
		t.Fatalf("during a revalidation: Loading() = %q, want empty", got)
	}
}

// waitFor polls cond for up to five seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5 s")
		}
	}
}
