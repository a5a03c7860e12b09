package hubei_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	samplehubei "github.com/civgraph/civgraph/internal/sampleapi/hubei"
)

func TestCredentials(t *testing.T) {
	url, _ := gateway(t, fixture(), samplehubei.Options{})
	for _, c := range []struct {
		name, paas, token string
		want              connectors.Code
	}{
		{"demo credentials accepted", samplehubei.DemoPaasID, samplehubei.DemoToken, ""},
		{"wrong token", samplehubei.DemoPaasID, "not-the-token", connectors.CodeAuth},
		{"unknown paas id", "someone-else", samplehubei.DemoToken, connectors.CodeAuth},
		{"no credentials", "", "", connectors.CodeAuth},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := demoConfig(url)
			cfg.PaasID, cfg.Token = c.paas, c.token
			_, err := newClient(t, cfg).Tasks(context.Background(), connectors.Query{Limit: 1})
			if code(err) != c.want {
				t.Fatalf("err = %v, want code %q", err, c.want)
			}
			if err != nil && c.token != "" {
				if ue, _ := connectors.AsUpstreamError(err); strings.Contains(ue.Error(), c.token) {
					t.Fatalf("message %q reveals the token", ue.Message)
				}
			}
		})
	}
}

// TestRetryIsSignedAfresh: the gateway answers 503 once; the connector's
// retry must carry a new nonce (else it would be refused as a replay) and
// succeed.
func TestRetryIsSignedAfresh(t *testing.T) {
	var mu sync.Mutex
	var nonces []string
	url, requests := gateway(t, fixture(), samplehubei.Options{
		Fault: func(n int) samplehubei.Fault {
			if n == 1 {
				return samplehubei.FaultUnavailable
			}
			return samplehubei.FaultNone
		},
		OnNonce: func(n string) { mu.Lock(); defer mu.Unlock(); nonces = append(nonces, n) },
	})
	res, err := newClient(t, demoConfig(url)).Meetings(context.Background(), connectors.Query{Limit: 5})
	if err != nil || len(res.Items) != 5 {
		t.Fatalf("%d items, err %v; the retry after 503 must succeed", len(res.Items), err)
	}
	if requests.Load() != 2 || len(nonces) != 2 || nonces[0] == nonces[1] {
		t.Fatalf("%d requests, accepted nonces %q; want two requests with distinct nonces", requests.Load(), nonces)
	}
}

func TestClockSkewIsRejected(t *testing.T) {
	url, requests := gateway(t, fixture(), samplehubei.Options{})
	for _, c := range []struct {
		name string
		skew time.Duration
		want connectors.Code
	}{
		{"ten minutes fast", 10 * time.Minute, connectors.CodeAuth},
		{"ten minutes slow", -10 * time.Minute, connectors.CodeAuth},
		{"within the allowed skew", 4 * time.Minute, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := requests.Load()
			clock := func() time.Time { return time.Now().Add(c.skew) }
			_, err := newClient(t, demoConfig(url), kit.WithClock(clock)).Tasks(context.Background(), connectors.Query{Limit: 1})
			if code(err) != c.want {
				t.Fatalf("err = %v, want code %q", err, c.want)
			}
			// The gateway's own reason reaches the client-facing message.
			if ue, ok := connectors.AsUpstreamError(err); ok && !strings.Contains(ue.Message, samplehubei.CodeClockSkew) && !strings.Contains(ue.Message, "时间戳") {
				t.Fatalf("message %q does not say the timestamp was out of range", ue.Message)
			}
			// A rejected signature is final: retrying cannot fix a clock.
			if n := requests.Load() - before; n != 1 {
				t.Fatalf("%d requests, want 1", n)
			}
		})
	}
}

// TestReplayIsRejected sends one correctly signed request twice with a
// plain HTTP client: the gateway serves the first and refuses the second.
func TestReplayIsRejected(t *testing.T) {
	url, _ := gateway(t, dataset.New(nil), samplehubei.Options{})
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	send := func() (int, string) {
		req, err := http.NewRequest(http.MethodPost, url+"/ebus/mz/tasks/query", bytes.NewReader([]byte(`{"pageNo":1,"pageSize":5}`)))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("x-tif-paasid", samplehubei.DemoPaasID)
		req.Header.Set("x-tif-timestamp", ts)
		req.Header.Set("x-tif-nonce", "fixed-nonce")
		req.Header.Set("x-tif-signature", samplehubei.Signature(ts, samplehubei.DemoToken, "fixed-nonce"))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var env struct{ Code string }
		if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, env.Code
	}
	if status, c := send(); status != http.StatusOK || c != samplehubei.CodeOK {
		t.Fatalf("first request: HTTP %d code %s", status, c)
	}
	if status, c := send(); status != http.StatusUnauthorized || c != samplehubei.CodeReplay {
		t.Fatalf("replayed request: HTTP %d code %s, want 401 %s", status, c, samplehubei.CodeReplay)
	}
}
