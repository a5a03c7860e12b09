package hebei_test

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/sourcetest"
	samplehebei "github.com/civgraph/civgraph/internal/sampleapi/hebei"
)

func TestAuth(t *testing.T) {
	ds := generated()
	const secret = "s3cret-hebei-key"
	sourcetest.Credentials(t, civ.Hebei, secret, nTasks, map[string]string{"wrong key": "wrong-key", "no key": ""},
		func(t *testing.T, key string, failing bool) connectors.Source {
			opts := samplehebei.Options{AppKey: secret}
			if failing {
				opts.Fault = func(int) int { return samplehebei.CodeInternal }
			}
			return newClient(t, startHebei(t, ds, opts, nil), key, cache.Policy{})
		})
}

func TestBusinessErrors(t *testing.T) {
	ds := generated()
	cases := []struct {
		name         string
		opts         samplehebei.Options
		wantErr      connectors.Code // "" for success
		wantRequests int32
	}{
		{"busy every other request is retried", samplehebei.Options{BusyEvery: 2}, "", 3}, // page 1; page 2 busy, again
		{"busy twice then served", samplehebei.Options{Fault: firstN(2, samplehebei.CodeSystemBusy)}, "", 4},
		{"always busy", samplehebei.Options{BusyEvery: 1}, connectors.CodeUnavailable, 8},                                                 // both pages of the window at once, each 1 + RetryMax 3
		{"bad parameter is not retried", samplehebei.Options{Fault: firstN(1, samplehebei.CodeBadParam)}, connectors.CodeInvalidQuery, 2}, // each page once
		{"internal error is not retried", samplehebei.Options{Fault: firstN(1, samplehebei.CodeInternal)}, connectors.CodeBusiness, 2},
		{"bad appKey is not retried", samplehebei.Options{Fault: firstN(1, samplehebei.CodeBadAppKey)}, connectors.CodeAuth, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var n atomic.Int32
			c := newClient(t, startHebei(t, ds, tc.opts, &n), samplehebei.DemoAppKey, cache.Policy{TTL: time.Minute})
			sourcetest.CheckFault(t, c, &n, tc.wantErr, tc.wantRequests)
		})
	}
}

// firstN answers the first n requests with code, then serves data.
func firstN(n, code int) func(int) int {
	return func(i int) int {
		if i <= n {
			return code
		}
		return samplehebei.CodeOK
	}
}

// TestRegionCodeRefusedByTheUpstream: a region code the connector cannot
// check is asked, and the upstream's refusal is BAD_USER_INPUT naming its
// parameter (unknown enums are refused before asking: see the suite).
func TestRegionCodeRefusedByTheUpstream(t *testing.T) {
	var n atomic.Int32
	c := newClient(t, startHebei(t, generated(), samplehebei.Options{}, &n), samplehebei.DemoAppKey, cache.Policy{})
	t.Run("region code the upstream refuses", func(t *testing.T) {
		_, err := c.ServiceSites(ctx, connectors.Query{Filter: civ.Filter{RegionCode: "13ab"}, Limit: 5})
		ue := wantCode(t, err, connectors.CodeInvalidQuery)
		if !strings.Contains(ue.Message, "xzqh") {
			t.Fatalf("message %q does not name the parameter", ue.Message)
		}
	})
	if n.Load() != 1 {
		t.Fatalf("upstream saw %d requests, want 1", n.Load())
	}
}
