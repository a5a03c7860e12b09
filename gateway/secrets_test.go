package gateway_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civgraph/civgraph/auth"
	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/internal/sampleapi"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	samplehebei "github.com/civgraph/civgraph/internal/sampleapi/hebei"
	samplehubei "github.com/civgraph/civgraph/internal/sampleapi/hubei"
	samplejiangsu "github.com/civgraph/civgraph/internal/sampleapi/jiangsu"
	sampleshanghai "github.com/civgraph/civgraph/internal/sampleapi/shanghai"
)

// Distinctive credentials: if any of them, or its SHA-256, shows up in an
// answer or a log line, it leaked.
const (
	secretHebeiKey     = "HEBEI-SECRET-appkey-7c1d93"
	secretHubeiPaas    = "HUBEI-SECRET-paas-52be07"
	secretHubeiToken   = "HUBEI-SECRET-token-e4a6f8"
	secretJiangsuToken = "JIANGSU-SECRET-bearer-0b9f3a"
	secretShanghaiTok  = "5ec12e7a0f3b4c6d8e9f0a1b2c3d4e5f" // the platform wants 32 hex digits
	secretAPIKey       = "cg-SECRET-client-key-41d2c7e9a8b6"
	secretCursor       = "SECRET-cursor-key-9a8b7c6d5e4f"
)

var allSecrets = []string{secretHebeiKey, secretHubeiPaas, secretHubeiToken, secretJiangsuToken, secretShanghaiTok, secretAPIKey, secretCursor}

// leaks lists each secret and its SHA-256 (hex, upper and lower case).
func leaks() []string {
	var out []string
	for _, s := range allSecrets {
		sum := sha256.Sum256([]byte(s))
		h := hex.EncodeToString(sum[:])
		out = append(out, s, h, strings.ToUpper(h))
	}
	return out
}

// faultyUpstreams serves the four sample upstreams, which accept the
// secrets above, behind a switch that makes them fail in one way at a
// time. Failing answers echo the request's headers and URL, as a careless
// upstream or proxy might: the gateway must not pass that on.
type faultyUpstreams struct {
	mode      atomic.Value // string
	accepting http.Handler // the samples, accepting the secrets
	rejecting http.Handler // the samples, accepting only their demo credentials
}

func (u *faultyUpstreams) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	echo := func() string {
		var b strings.Builder
		fmt.Fprintf(&b, "%s %s\n", r.Method, r.URL)
		for k, v := range r.Header {
			fmt.Fprintf(&b, "%s: %s\n", k, strings.Join(v, ","))
		}
		return b.String()
	}
	switch u.mode.Load().(string) {
	case "bad credentials":
		u.rejecting.ServeHTTP(w, r)
	case "5xx":
		http.Error(w, "upstream failure while serving "+echo(), http.StatusBadGateway)
	case "malformed":
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"code":0,"errcode":0,"success":true,"data":%q,"msg":%q`, echo(), echo())
	case "timeout":
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second): // past every deadline the test sets
		}
	case "connection reset":
		if hj, ok := w.(http.Hijacker); ok {
			if c, _, err := hj.Hijack(); err == nil {
				_ = c.Close()
				return
			}
		}
	default:
		u.accepting.ServeHTTP(w, r)
	}
}

func mountSamples(ds *dataset.Dataset, hebei samplehebei.Options, hubei samplehubei.Options, jiangsu samplejiangsu.Options, shanghai sampleshanghai.Options) http.Handler {
	mux := http.NewServeMux()
	for p, h := range map[civ.ProvinceCode]http.Handler{
		civ.Hebei: samplehebei.New(ds, hebei), civ.Hubei: samplehubei.New(ds, hubei),
		civ.Jiangsu: samplejiangsu.New(ds, jiangsu), civ.Shanghai: sampleshanghai.New(ds, shanghai),
	} {
		mux.Handle(sampleapi.Prefix[p]+"/", http.StripPrefix(sampleapi.Prefix[p], h))
	}
	return mux
}

// TestSecretsNeverLeak drives every connector through each failure the
// sample upstreams can produce and scans every answer and every log line
// (at debug level, configuration included) for the credentials.
func TestSecretsNeverLeak(t *testing.T) {
	ds, err := dataset.Load(dataset.Options{SampleSitesPerProvince: 5, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	up := &faultyUpstreams{
		accepting: mountSamples(ds, samplehebei.Options{AppKey: secretHebeiKey}, samplehubei.Options{PaasID: secretHubeiPaas, Token: secretHubeiToken},
			samplejiangsu.Options{Token: secretJiangsuToken}, sampleshanghai.Options{Token: secretShanghaiTok}),
		rejecting: mountSamples(ds, samplehebei.Options{}, samplehubei.Options{}, samplejiangsu.Options{}, sampleshanghai.Options{}),
	}
	upstream := httptest.NewServer(up)
	t.Cleanup(upstream.Close)
	keys := writeFile(t, "keys.yaml", "keys:\n  - name: leak-test\n    sha256: "+auth.HashKey(secretAPIKey)+"\n")

	env := map[string]string{
		"CIVGRAPH_SOURCES_HEBEI_APP_KEY": secretHebeiKey, "CIVGRAPH_SOURCES_HUBEI_PAAS_ID": secretHubeiPaas,
		"CIVGRAPH_SOURCES_HUBEI_TOKEN": secretHubeiToken, "CIVGRAPH_SOURCES_JIANGSU_BEARER_TOKEN": secretJiangsuToken,
		"CIVGRAPH_SOURCES_SHANGHAI_TOKEN": secretShanghaiTok, "CIVGRAPH_GRAPHQL_CURSOR_SECRET": secretCursor,
		"CIVGRAPH_AUTH_API_KEYS_FILE": keys, "CIVGRAPH_AUTH_REQUIRED": "true",
		"CIVGRAPH_GRAPHQL_SOURCE_DEADLINE": "1500ms", "CIVGRAPH_LOG_LEVEL": "debug",
	}
	for p, prefix := range map[string]string{"HEBEI": "/hebei", "HUBEI": "/hubei", "JIANGSU": "/jiangsu", "SHANGHAI": "/shanghai"} {
		env["CIVGRAPH_SOURCES_"+p+"_BASE_URL"] = upstream.URL + strings.TrimSuffix(sampleapi.Prefix[civ.ProvinceCode(p)], prefix) + prefix
		env["CIVGRAPH_SOURCES_"+p+"_TIMEOUT"] = "1s"
		env["CIVGRAPH_SOURCES_"+p+"_RETRY_MAX"] = "1"
		env["CIVGRAPH_SOURCES_"+p+"_RETRY_WAIT_MIN"] = "1ms"
		env["CIVGRAPH_SOURCES_"+p+"_RETRY_WAIT_MAX"] = "2ms"
	}
	cfg, err := config.Load("", func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}

	const everything = `query All($after: String) {
	  meetings(first: 5) { edges { node { id title } } }
	  policyDocuments(first: 5) { edges { node { id title } } }
	  tasks(first: 5) { edges { node { id title } } }
	  serviceSites(first: 5, after: $after) { edges { node { id name } } }
	}`
	for _, tc := range []struct{ mode, code string }{
		{"ok", ""},
		{"bad credentials", "SOURCE_AUTH_FAILED"},
		{"5xx", "SOURCE_UNAVAILABLE"},
		{"malformed", "SOURCE_BAD_RESPONSE"},
		{"timeout", "SOURCE_TIMEOUT"},
		{"connection reset", "SOURCE_UNAVAILABLE"},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			up.mode.Store(tc.mode)
			// A file, not a buffer: fetches that outlive their deadline may
			// still log while it is read.
			logs, err := os.CreateTemp(t.TempDir(), "log")
			if err != nil {
				t.Fatal(err)
			}
			defer logs.Close()
			logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			logger.Debug("configuration", "config", cfg)
			_, srv := serveGateway(t, cfg, logger)

			var answers []string
			ask := func(req *http.Request) answer {
				a := do(t, req)
				answers = append(answers, string(a.raw), fmt.Sprint(a.header))
				return a
			}
			key := map[string]string{"X-API-Key": secretAPIKey}
			got := ask(postReq(t, srv.URL, map[string]any{"query": everything}, key))
			ask(getReq(t, srv.URL, url.Values{"query": {everything}, "variables": {`{"after":"` + secretCursor + `"}`}}, key))
			ask(postReq(t, srv.URL, map[string]any{"query": everything}, map[string]string{"X-API-Key": secretAPIKey + "x"}))
			ask(postReq(t, srv.URL, map[string]any{"query": everything}, map[string]string{"Authorization": "Bearer " + secretAPIKey}))

			seen := map[string]int{}
			for _, e := range got.body.Errors {
				ext, _ := e["extensions"].(map[string]any)
				if c, _ := ext["code"].(string); c != "" {
					seen[c]++
				}
			}
			switch {
			case tc.code == "" && len(got.body.Errors) > 0:
				t.Fatalf("healthy upstreams gave errors: %s", got.raw)
			case tc.code != "" && seen[tc.code] < 4:
				t.Fatalf("want at least one %s per province, got %v: %s", tc.code, seen, got.raw)
			}
			logged, _ := os.ReadFile(logs.Name())
			for _, text := range append(answers, string(logged)) {
				for _, l := range leaks() {
					if i := strings.Index(text, l); i >= 0 {
						t.Errorf("%q leaked: …%s…", l, text[max(0, i-120):min(len(text), i+len(l)+40)])
					}
				}
			}
			for _, text := range answers {
				if strings.Contains(text, upstream.Listener.Addr().String()) {
					t.Errorf("an answer names the upstream's address: %.300s", text)
				}
			}
		})
	}
}
