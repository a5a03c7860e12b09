package httpclient_test

import (
	"context"
	"errors"
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

var fast = httpclient.Config{RetryMax: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond, Timeout: 2 * time.Second}

// server answers with the statuses in order (the last one repeats) and
// counts the requests it saw.
func server(t *testing.T, statuses ...int) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		status := statuses[min(i, len(statuses)-1)]
		if status == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "0")
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func get(t *testing.T, c *httpclient.Client, url string) (*httpclient.Response, error) {
	t.Helper()
	req, err := httpclient.NewRequest(context.Background(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c.Do(req, "list things")
}

func TestRetriesAndErrorCodes(t *testing.T) {
	cases := []struct {
		name     string
		statuses []int
		wantCode connectors.Code // "" = success
		wantHits int32
	}{
		{"success", []int{200}, "", 1},
		{"5xx then success", []int{503, 502, 200}, "", 3},
		{"429 then success", []int{429, 200}, "", 2},
		{"5xx exhausted", []int{500}, connectors.CodeUnavailable, 4},
		{"429 exhausted", []int{429}, connectors.CodeRateLimited, 4},
		{"401 not retried", []int{401}, connectors.CodeAuth, 1},
		{"404 not retried", []int{404}, connectors.CodeBadResponse, 1},
		{"501 not retried", []int{501}, connectors.CodeUnavailable, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, hits := server(t, c.statuses...)
			resp, err := get(t, httpclient.New(civ.Hebei, fast), srv.URL)
			if hits.Load() != c.wantHits {
				t.Errorf("upstream saw %d requests, want %d", hits.Load(), c.wantHits)
			}
			if c.wantCode == "" {
				if err != nil || string(resp.Body) != `{"ok":true}` {
					t.Fatalf("resp %v, err %v", resp, err)
				}
				return
			}
			ue, ok := connectors.AsUpstreamError(err)
			if !ok || ue.Code != c.wantCode || ue.Province != civ.Hebei {
				t.Fatalf("err = %v, want %s for HEBEI", err, c.wantCode)
			}
		})
	}
}

func TestPrepareRunsOnEveryAttempt(t *testing.T) {
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Header.Get("X-Attempt"))
		if len(seen) < 3 {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	var n atomic.Int32
	c := httpclient.New(civ.Hubei, fast, httpclient.WithPrepare(func(r *http.Request) error {
		r.Header.Set("X-Attempt", string(rune('a'+n.Add(1)-1)))
		return nil
	}))
	if _, err := get(t, c, srv.URL); err != nil {
		t.Fatal(err)
	}
	if strings.Join(seen, ",") != "a,b,c" {
		t.Fatalf("attempts carried %v, want a fresh preparation each: a,b,c", seen)
	}
}

func TestBodyRetryPolicy(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) < 3 {
			_, _ = w.Write([]byte(`{"code":5003}`))
			return
		}
		_, _ = w.Write([]byte(`{"code":0}`))
	}))
	defer srv.Close()
	busy := func(b []byte) bool { return strings.Contains(string(b), "5003") }
	resp, err := get(t, httpclient.New(civ.Hebei, fast, httpclient.WithBodyRetry(busy)), srv.URL)
	if err != nil || string(resp.Body) != `{"code":0}` || n.Load() != 3 {
		t.Fatalf("body %q, err %v, attempts %d; want the third answer after two busy ones", resp.Body, err, n.Load())
	}
}

func TestBodySizeCap(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(strings.Repeat("x", 2048)))
	}))
	defer srv.Close()
	cfg := fast
	cfg.MaxBodyBytes = 1024
	_, err := get(t, httpclient.New(civ.Jiangsu, cfg), srv.URL)
	if ue, ok := connectors.AsUpstreamError(err); !ok || ue.Code != connectors.CodeBadResponse {
		t.Fatalf("err = %v, want SOURCE_BAD_RESPONSE for an oversized body", err)
	}
}

func TestDeadlineEndsRetries(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := httpclient.NewRequest(ctx, http.MethodGet, srv.URL, nil)
	_, err := httpclient.New(civ.Shanghai, fast).Do(req, "list sites")
	ue, ok := connectors.AsUpstreamError(err)
	if !ok || ue.Code != connectors.CodeTimeout {
		t.Fatalf("err = %v, want SOURCE_TIMEOUT", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err should wrap context.DeadlineExceeded: %v", err)
	}
}

func TestUnreachableUpstream(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there now
	_, err := get(t, httpclient.New(civ.Hebei, fast), url)
	ue, ok := connectors.AsUpstreamError(err)
	if !ok || ue.Code != connectors.CodeUnavailable {
		t.Fatalf("err = %v, want SOURCE_UNAVAILABLE", err)
	}
	if strings.Contains(ue.Message, url) {
		t.Errorf("client-facing message leaks the upstream URL: %q", ue.Message)
	}
}

func TestErrorBodyPolicyClassifies4xx(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"code":"40103","msg":"nonce replayed"}`))
	}))
	defer srv.Close()
	policy := func(op string, status int, body []byte) error {
		if strings.Contains(string(body), "40103") {
			return connectors.NewError(civ.Hubei, connectors.CodeAuth, op, "replayed nonce", nil)
		}
		return nil
	}
	_, err := get(t, httpclient.New(civ.Hubei, fast, httpclient.WithErrorBody(policy)), srv.URL)
	if ue, ok := connectors.AsUpstreamError(err); !ok || ue.Message != "replayed nonce" {
		t.Fatalf("err = %v, want the policy's classification", err)
	}
	// Without a match the status decides.
	_, err = get(t, httpclient.New(civ.Hubei, fast, httpclient.WithErrorBody(func(string, int, []byte) error { return nil })), srv.URL)
	if ue, ok := connectors.AsUpstreamError(err); !ok || ue.Code != connectors.CodeAuth || ue.Message == "replayed nonce" {
		t.Fatalf("err = %v, want the status-based SOURCE_AUTH_FAILED", err)
	}
}

// TestDefaultRetriesOutlastFlakyUpstreams: with the default policy, a call
// survives six failed attempts in a row.
func TestDefaultRetriesOutlastFlakyUpstreams(t *testing.T) {
	srv, hits := server(t, 500, 502, 503, 500, 502, 503, 200)
	cfg := httpclient.Config{RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond}
	if _, err := get(t, httpclient.New(civ.Hebei, cfg), srv.URL); err != nil {
		t.Fatalf("err = %v after %d attempts", err, hits.Load())
	}
	if hits.Load() != 7 {
		t.Fatalf("%d attempts, want 7", hits.Load())
	}
}

// TestNoRetryPastTheDeadline: when the deadline leaves no room for another
// attempt, the client answers with the last failure at once, as
// SOURCE_UNAVAILABLE, rather than sleeping into a timeout.
func TestNoRetryPastTheDeadline(t *testing.T) {
	srv, hits := server(t, 503)
	cfg := httpclient.Config{RetryMax: 10, RetryWaitMin: 200 * time.Millisecond, RetryWaitMax: 200 * time.Millisecond}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	req, _ := httpclient.NewRequest(ctx, http.MethodGet, srv.URL, nil)
	began := time.Now()
	_, err := httpclient.New(civ.Hubei, cfg).Do(req, "list meetings")
	if ue, ok := connectors.AsUpstreamError(err); !ok || ue.Code != connectors.CodeUnavailable {
		t.Fatalf("err = %v, want SOURCE_UNAVAILABLE", err)
	}
	if hits.Load() != 2 {
		t.Errorf("%d attempts, want 2 (the third could not start in time)", hits.Load())
	}
	if d := time.Since(began); d >= 300*time.Millisecond {
		t.Errorf("answered after %s, at or past the deadline", d)
	}
}
