package sourcetest

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
)

// Malformed is one broken upstream answer and what the connector's error
// must say about it.
type Malformed struct {
	Name, Body string
	Sites      bool   // ask for service sites rather than meetings
	Say        string // a part of the client-safe message
}

// CheckMalformed serves each case's body for every request and requires
// the call to fail with a SOURCE_BAD_RESPONSE of province p whose message
// says what was wrong: no broken answer may pass as rows or panic.
func CheckMalformed(t *testing.T, p civ.ProvinceCode, connect func(url string) connectors.Source, cases []Malformed) {
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			src := connect(Serve(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(tc.Body)) })))
			var err error
			if tc.Sites {
				_, err = src.ServiceSites(context.Background(), connectors.Query{Limit: 5})
			} else {
				_, err = src.Meetings(context.Background(), connectors.Query{Limit: 5})
			}
			if ue := WantCode(t, err, p, connectors.CodeBadResponse); !strings.Contains(ue.Message, tc.Say) {
				t.Fatalf("message %q does not say %q", ue.Message, tc.Say)
			}
		})
	}
}

// CheckFault asks src, a caching connector over a faulty upstream that
// counts its requests in n, for a two-page window of tasks (the first
// page is fetched alone, as it tells the total, so the count is exact).
// The answer must be want (success when empty) after exactly requests
// upstream requests, retries included; and a failure must not be cached:
// asking again asks the upstream.
func CheckFault(t *testing.T, src connectors.Source, n *atomic.Int32, want connectors.Code, requests int32) {
	t.Helper()
	ctx := context.Background()
	_, err := src.Tasks(ctx, connectors.Query{Limit: 150})
	switch {
	case want == "" && err != nil:
		t.Fatalf("err = %v, want success", err)
	case want != "":
		WantCode(t, err, src.Province(), want)
	}
	if got := n.Load(); got != requests {
		t.Fatalf("upstream saw %d requests, want %d", got, requests)
	}
	if want == "" {
		return
	}
	_, _ = src.Tasks(ctx, connectors.Query{Limit: 150})
	if n.Load() == requests {
		t.Fatal("the failed answer was served from the cache")
	}
}
