package jiangsu_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/jiangsu"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/connectors/sourcetest"
	samplejiangsu "github.com/civgraph/civgraph/internal/sampleapi/jiangsu"
)

// hideLength serves h with the body streamed in chunks, without a
// Content-Length, as a portal exporting on the fly would.
func hideLength(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(chunked{w}, r)
	})
}

type chunked struct{ http.ResponseWriter }

func (c chunked) WriteHeader(status int) {
	c.Header().Del("Content-Length")
	c.ResponseWriter.WriteHeader(status)
}

func (c chunked) Write(b []byte) (int, error) {
	c.Header().Del("Content-Length")
	n := 0
	for len(b) > 0 { // past the server's buffer without a length: chunked
		k := min(len(b), 1024)
		m, err := c.ResponseWriter.Write(b[:k])
		n += m
		if err != nil {
			return n, err
		}
		b = b[k:]
	}
	return n, nil
}

// TestOversizedFile: a bulk file over the configured limit, announced by
// its Content-Length or not, is one download, a SOURCE_BAD_RESPONSE that
// names the limit and its config key, never retried; within the TTL it is
// not downloaded again, and revalidation that finds it unchanged (304)
// gives the same error without a download.
func TestOversizedFile(t *testing.T) {
	for name, wrap := range map[string]func(http.Handler) http.Handler{
		"with Content-Length": func(h http.Handler) http.Handler { return h },
		"chunked":             hideLength,
	} {
		t.Run(name, func(t *testing.T) {
			clk := newClock()
			url, n := counted(t, wrap(samplejiangsu.New(fixture(), samplejiangsu.Options{})))
			cfg := withPolicy(demoConfig(url), cache.Policy{TTL: time.Minute})
			cfg.BulkMaxBytes = 4096 // the fixture's file is about 60 KB
			c := newClient(t, cfg, kit.WithClock(clk.now))
			_, err := c.ServiceSites(context.Background(), sitesQuery(5))
			ue := sourcetest.WantCode(t, err, "JIANGSU", connectors.CodeBadResponse)
			for _, want := range []string{"exceeds the configured limit of 4096 bytes", jiangsu.BulkMaxBytesKey} {
				if !strings.Contains(ue.Message, want) {
					t.Fatalf("message %q does not say %q", ue.Message, want)
				}
			}
			if strings.Contains(ue.Message, "cut off") {
				t.Fatalf("message %q reports a size error as a cut-off answer", ue.Message)
			}
			if got := n.all.Load(); got != 1 {
				t.Fatalf("%d requests for an oversized file, want 1: it must not be retried", got)
			}
			for range 3 { // one GraphQL request asks several times
				if _, err := c.ServiceSites(context.Background(), sitesQuery(5)); code(err) != connectors.CodeBadResponse {
					t.Fatalf("again within the TTL: err = %v", err)
				}
			}
			if got := n.all.Load(); got != 1 {
				t.Fatalf("%d requests within the TTL, want 1", got)
			}
			clk.advance(2 * time.Minute)
			if _, err := c.ServiceSites(context.Background(), sitesQuery(5)); code(err) != connectors.CodeBadResponse {
				t.Fatalf("after revalidation: err = %v", err)
			}
			if n.all.Load() != 2 || n.notModified.Load() != 1 || n.downloads.Load() != 1 {
				t.Fatalf("%d requests, %d 304s, %d downloads; want 2, 1, 1: an unchanged bad file is not downloaded again",
					n.all.Load(), n.notModified.Load(), n.downloads.Load())
			}
		})
	}
}

// TestLargeLimitAcceptsTheFile: the same file within a raised limit serves.
func TestLargeLimitAcceptsTheFile(t *testing.T) {
	url, _ := counted(t, hideLength(samplejiangsu.New(fixture(), samplejiangsu.Options{})))
	cfg := demoConfig(url)
	cfg.BulkMaxBytes = 1 << 20
	res, err := newClient(t, cfg).ServiceSites(context.Background(), sitesQuery(5))
	if err != nil || res.Total != 260 {
		t.Fatalf("total %d, err %v", res.Total, err)
	}
}

// TestTruncatedFile: a body that ends before its Content-Length is an
// error, never a register missing its last rows.
func TestTruncatedFile(t *testing.T) {
	h := samplejiangsu.New(fixture(), samplejiangsu.Options{})
	url := start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &recorder{header: http.Header{}}
		h.ServeHTTP(rec, r)
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(rec.body)))
		w.WriteHeader(rec.status)
		_, _ = w.Write(rec.body[:len(rec.body)*2/3]) // then the connection closes
	}))
	_, err := newClient(t, demoConfig(url)).ServiceSites(context.Background(), sitesQuery(5))
	if err == nil {
		t.Fatal("a truncated bulk file was accepted")
	}
	if c := code(err); c != connectors.CodeUnavailable && c != connectors.CodeBadResponse {
		t.Fatalf("err = %v, want SOURCE_UNAVAILABLE or SOURCE_BAD_RESPONSE", err)
	}
}

// recorder keeps a whole answer to replay part of it.
type recorder struct {
	header http.Header
	status int
	body   []byte
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(s int)   { r.status = s }
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	r.body = append(r.body, b...)
	return len(b), nil
}

// TestCutOffIsNotRemembered: a transfer cut off is not a bad file: the
// next call downloads again and succeeds.
func TestCutOffIsNotRemembered(t *testing.T) {
	h := samplejiangsu.New(fixture(), samplejiangsu.Options{})
	var first atomic.Bool
	first.Store(true)
	url, n := counted(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !first.Swap(false) {
			h.ServeHTTP(w, r)
			return
		}
		rec := &recorder{header: http.Header{}}
		h.ServeHTTP(rec, r)
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(rec.body)))
		w.WriteHeader(rec.status)
		_, _ = w.Write(rec.body[:len(rec.body)/2])
	}))
	c := newClient(t, withPolicy(demoConfig(url), cache.Policy{TTL: time.Minute}))
	if _, err := c.ServiceSites(context.Background(), sitesQuery(5)); err == nil {
		t.Fatal("a cut-off file was accepted")
	}
	if res, err := c.ServiceSites(context.Background(), sitesQuery(5)); err != nil || res.Total != 260 || n.all.Load() != 2 {
		t.Fatalf("total %d, err %v after %d requests; want the file downloaded again", res.Total, err, n.all.Load())
	}
}

// TestFirstLoadDoesNotHoldTheCaller: while the first download is still
// arriving, a request ends at its own deadline with SOURCE_TIMEOUT saying
// the file is loading; the download goes on without it, and a request
// after it is answered from the snapshot it made, without a second one.
func TestFirstLoadDoesNotHoldTheCaller(t *testing.T) {
	release := make(chan struct{})
	portal := samplejiangsu.New(fixture(), samplejiangsu.Options{})
	url, n := counted(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/bulk/") {
			<-release // a large file still on its way
		}
		portal.ServeHTTP(w, r)
	}))
	c := newClient(t, demoConfig(url))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.ServiceSites(ctx, sitesQuery(5))
	if code(err) != connectors.CodeTimeout || !strings.Contains(err.Error(), "still being downloaded") {
		t.Fatalf("during the first load: %v", err)
	}
	close(release)
	res, err := c.ServiceSites(context.Background(), sitesQuery(5))
	if err != nil || res.Total != 260 {
		t.Fatalf("after the first load: total %d, err %v", res.Total, err)
	}
	if got := n.all.Load(); got != 1 {
		t.Errorf("%d requests to the portal, want the one download", got)
	}
}
