package shanghai_test

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/httpclient"
	"github.com/civgraph/civgraph/connectors/shanghai"
	"github.com/civgraph/civgraph/connectors/sourcetest"
	sampleshanghai "github.com/civgraph/civgraph/internal/sampleapi/shanghai"
)

func TestAuth(t *testing.T) {
	ds := generated()
	const secret = "5ec12e75ec12e75ec12e75ec12e75ec1"
	sourcetest.Credentials(t, civ.Shanghai, secret, nTasks, map[string]string{"wrong token": sampleshanghai.DemoToken, "no token": ""},
		func(t *testing.T, token string, failing bool) connectors.Source {
			opts := sampleshanghai.Options{Token: secret}
			if failing {
				opts.Faults = sampleshanghai.FaultEvery(1, sampleshanghai.FaultInternal)
			}
			return newClient(t, startShanghai(t, ds, opts, nil), token, cache.Policy{})
		})
}

// firstN answers the first n requests with f, then serves data.
func firstN(n int, f sampleshanghai.Fault) func(int) sampleshanghai.Fault {
	return func(i int) sampleshanghai.Fault {
		if i <= n {
			return f
		}
		return sampleshanghai.NoFault
	}
}

func TestBusinessErrors(t *testing.T) {
	ds := generated()
	cases := []struct {
		name         string
		faults       func(int) sampleshanghai.Fault
		wantErr      connectors.Code // "" for success
		wantRequests int32
	}{
		{"busy every other request is retried", sampleshanghai.FaultEvery(2, sampleshanghai.FaultBusy), "", 3}, // page 1; page 2 busy, again
		{"busy twice then served", firstN(2, sampleshanghai.FaultBusy), "", 4},
		{"always busy", sampleshanghai.FaultEvery(1, sampleshanghai.FaultBusy), connectors.CodeUnavailable, 8}, // both pages of the window at once, each 1 + RetryMax 3
		{"HTTP 503 is retried", sampleshanghai.FaultEvery(2, sampleshanghai.FaultUnavailable), "", 3},
		{"HTTP 429 is retried", firstN(1, sampleshanghai.FaultRateLimited), "", 3},
		{"always rate limited", sampleshanghai.FaultEvery(1, sampleshanghai.FaultRateLimited), connectors.CodeRateLimited, 8},
		{"internal error is not retried", firstN(1, sampleshanghai.FaultInternal), connectors.CodeBusiness, 2}, // each page once
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var n atomic.Int32
			url := startShanghai(t, ds, sampleshanghai.Options{Faults: tc.faults}, &n)
			c := newClient(t, url, sampleshanghai.DemoToken, cache.Policy{TTL: time.Minute})
			sourcetest.CheckFault(t, c, &n, tc.wantErr, tc.wantRequests)
		})
	}
}

// TestRetryAfter checks that a 429's Retry-After is honoured, capped at
// RetryAfterMax: the platform asks for 1 s, the client waits 60 ms.
func TestRetryAfter(t *testing.T) {
	var n atomic.Int32
	opts := sampleshanghai.Options{Faults: firstN(2, sampleshanghai.FaultRateLimited), RetryAfter: time.Second}
	url := startShanghai(t, generated(), opts, &n)
	const wait = 60 * time.Millisecond
	c, err := shanghai.New(shanghai.Config{BaseURL: url, Token: sampleshanghai.DemoToken,
		HTTP: httpclient.Config{RetryMax: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond, RetryAfterMax: wait}})
	if err != nil {
		t.Fatal(err)
	}
	began := time.Now()
	if _, err := c.ServiceSites(ctx, connectors.Query{Limit: 5}); err != nil {
		t.Fatalf("a 429 must be retried: %v", err)
	}
	took := time.Since(began)
	if n.Load() != 3 {
		t.Fatalf("%d attempts, want 3 (two 429s, then data)", n.Load())
	}
	// Without Retry-After the waits would be at most 2 ms each; honoured
	// uncapped, they would be a second each.
	if took < 2*wait || took > 900*time.Millisecond {
		t.Fatalf("took %v; want two waits of %v", took, wait)
	}
}

// TestRegionCodeRefusedByTheUpstream: a region code the connector cannot
// check is asked, and the platform's refusal is BAD_USER_INPUT naming its
// parameter (unknown enums are refused before asking: see the suite).
func TestRegionCodeRefusedByTheUpstream(t *testing.T) {
	var n atomic.Int32
	c := newClient(t, startShanghai(t, generated(), sampleshanghai.Options{}, &n), sampleshanghai.DemoToken, cache.Policy{})
	t.Run("region code the platform refuses", func(t *testing.T) {
		_, err := c.ServiceSites(ctx, connectors.Query{Filter: civ.Filter{RegionCode: "31ab"}, Limit: 5})
		ue := wantCode(t, err, connectors.CodeInvalidQuery)
		if !strings.Contains(ue.Message, "areaCode") {
			t.Fatalf("message %q does not name the parameter", ue.Message)
		}
	})
	if n.Load() != 1 {
		t.Fatalf("upstream saw %d requests, want 1", n.Load())
	}
}

func TestPlatformCodes(t *testing.T) {
	cases := []struct {
		code string
		want connectors.Code
	}{
		{"100001", connectors.CodeAuth},
		{"100002", connectors.CodeInvalidQuery},
		{"100003", connectors.CodeBusiness},
		{"100005", connectors.CodeRateLimited},
		{"999999", connectors.CodeBusiness},
		{"123456", connectors.CodeBusiness},
	}
	for _, tc := range cases {
		t.Run(tc.code, func(t *testing.T) {
			var n atomic.Int32
			body := `{"code":"` + tc.code + `","message":"平台说明"}`
			url := start(t, sourcetest.Counting(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(body)) }), &n))
			_, err := newClient(t, url, "t", cache.Policy{}).PolicyDocuments(ctx, connectors.Query{Limit: 5})
			wantCode(t, err, tc.want)
			if n.Load() != 1 {
				t.Fatalf("%d requests; code %s must not be retried", n.Load(), tc.code)
			}
		})
	}
}
