package httpclient_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/httpclient"
)

// TestOversizedBodyWithBodyRetryIsNotRetried: with a body-retry policy,
// the retry check reads the body; one over the cap is reported as too
// large after one attempt, not retried and then called cut off.
func TestOversizedBodyWithBodyRetryIsNotRetried(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		_, _ = w.Write([]byte(strings.Repeat("x", 2048)))
	}))
	defer srv.Close()
	cfg := fast
	cfg.MaxBodyBytes = 1024
	_, err := get(t, httpclient.New(civ.Jiangsu, cfg, httpclient.WithBodyRetry(func([]byte) bool { return false })), srv.URL)
	ue, ok := connectors.AsUpstreamError(err)
	if !ok || ue.Code != connectors.CodeBadResponse || strings.Contains(ue.Message, "cut off") || n.Load() != 1 {
		t.Fatalf("err = %v after %d attempts; want one attempt and SOURCE_BAD_RESPONSE for its size", err, n.Load())
	}
}

// TestStreamLeavesTheBodyUnread: Stream hands back a large non-JSON body
// unread and uncapped, read under the request's context after the
// attempt's timeout has passed; a JSON "busy" answer is still retried.
func TestStreamLeavesTheBodyUnread(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"busy":true}`))
			return
		}
		w.Header().Set("Content-Type", "text/csv")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(strings.Repeat("a,b\n", 1000)))
		w.(http.Flusher).Flush()
		time.Sleep(300 * time.Millisecond) // longer than an attempt may take
		_, _ = w.Write([]byte("end\n"))
	}))
	defer srv.Close()
	cfg := fast
	cfg.MaxBodyBytes, cfg.Timeout = 1024, 100*time.Millisecond
	busy := func(b []byte) bool { return strings.Contains(string(b), "busy") }
	c := httpclient.New(civ.Jiangsu, cfg, httpclient.WithBodyRetry(busy))
	req, _ := httpclient.NewRequest(context.Background(), http.MethodGet, srv.URL, nil)
	s, err := c.Stream(req, "download")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Body.Close()
	body, err := io.ReadAll(s.Body)
	if err != nil || len(body) != 4004 || n.Load() != 2 {
		t.Fatalf("read %d bytes, err %v, %d attempts; want 4004 bytes after one busy answer", len(body), err, n.Load())
	}
}

// TestStreamHeaderTimeout: an upstream that sends no headers within the
// attempt timeout fails the attempt (and, retries spent, the call).
func TestStreamHeaderTimeout(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(time.Second):
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	cfg := fast
	cfg.Timeout, cfg.RetryMax = 50*time.Millisecond, 1
	req, _ := httpclient.NewRequest(context.Background(), http.MethodGet, srv.URL, nil)
	start := time.Now()
	_, err := httpclient.New(civ.Jiangsu, cfg).Stream(req, "download")
	if err == nil || time.Since(start) > 900*time.Millisecond {
		t.Fatalf("err = %v after %s; want a failure well before the upstream answers", err, time.Since(start))
	}
}
