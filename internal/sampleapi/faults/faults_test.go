package faults_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/civgraph/civgraph/internal/sampleapi/faults"
)

const body = `{"code":0,"data":{"list":[{"name":"社区长者食堂"}],"total":1}}`

// start serves one upstream "up" behind an injector with profile p.
func start(t *testing.T, p faults.Profile) (*httptest.Server, *faults.Injector) {
	t.Helper()
	in := faults.New(7, "up")
	if err := in.Set("up", p); err != nil {
		t.Fatal(err)
	}
	data := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("ETag", `"v1"`)
		_, _ = io.WriteString(w, body)
	})
	srv := httptest.NewServer(in.Wrap("up", data))
	t.Cleanup(srv.Close)
	return srv, in
}

func get(t *testing.T, url string) (*http.Response, []byte, error) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

func TestEachFaultChangesTheAnswer(t *testing.T) {
	cases := []struct {
		name    string
		profile faults.Profile
		check   func(t *testing.T, resp *http.Response, b []byte, err error)
	}{
		{"none", faults.Profile{}, func(t *testing.T, resp *http.Response, b []byte, err error) {
			if err != nil || resp.StatusCode != 200 || string(b) != body {
				t.Fatalf("got %v %q %v", resp, b, err)
			}
		}},
		{"outage", faults.Profile{Outage: true, ErrorRatio: 0}, func(t *testing.T, resp *http.Response, _ []byte, err error) {
			if err != nil || resp.StatusCode != 503 {
				t.Fatalf("got %v %v, want 503", resp, err)
			}
		}},
		{"error", faults.Profile{ErrorRatio: 1, ErrorStatuses: []int{502}}, func(t *testing.T, resp *http.Response, _ []byte, err error) {
			if err != nil || resp.StatusCode != 502 {
				t.Fatalf("got %v %v, want 502", resp, err)
			}
		}},
		{"throttle", faults.Profile{ThrottleRatio: 1, RetryAfter: faults.Duration(2500 * time.Millisecond)}, func(t *testing.T, resp *http.Response, _ []byte, err error) {
			if err != nil || resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "3" {
				t.Fatalf("got %v %v, want 429 with Retry-After: 3", resp, err)
			}
		}},
		{"expired", faults.Profile{ExpiredRatio: 1}, func(t *testing.T, resp *http.Response, _ []byte, err error) {
			if err != nil || resp.StatusCode != 401 || !strings.Contains(resp.Header.Get("WWW-Authenticate"), "invalid_token") {
				t.Fatalf("got %v %v, want 401 invalid_token", resp, err)
			}
		}},
		{"malformed", faults.Profile{MalformedRatio: 1}, func(t *testing.T, resp *http.Response, b []byte, err error) {
			if err != nil || resp.StatusCode != 200 || json.Valid(b) || resp.Header.Get("ETag") != "" {
				t.Fatalf("got %v %q %v, want 200 with invalid JSON and no ETag", resp, b, err)
			}
		}},
		{"truncate", faults.Profile{TruncateRatio: 1}, func(t *testing.T, _ *http.Response, b []byte, err error) {
			if !errors.Is(err, io.ErrUnexpectedEOF) || len(b) != len(body)/2 {
				t.Fatalf("got %d bytes, err %v; want half the body and an unexpected EOF", len(b), err)
			}
		}},
		{"reset", faults.Profile{ResetRatio: 1}, func(t *testing.T, resp *http.Response, _ []byte, err error) {
			if err == nil {
				t.Fatalf("got %v, want a transport error", resp)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, in := start(t, c.profile)
			resp, b, err := get(t, srv.URL)
			c.check(t, resp, b, err)
			if got := in.Counters()["up"]; got.Requests != 1 || (c.name != "none" && got.Faults[c.name] != 1) {
				t.Fatalf("counters %+v", got)
			}
		})
	}
}

func TestSlowFaultsTakeTheirTime(t *testing.T) {
	t.Run("latency", func(t *testing.T) {
		srv, _ := start(t, faults.Profile{Latency: faults.Latency{Base: faults.Duration(150 * time.Millisecond)}})
		began := time.Now()
		if _, b, err := get(t, srv.URL); err != nil || string(b) != body {
			t.Fatal(b, err)
		}
		if d := time.Since(began); d < 150*time.Millisecond {
			t.Fatalf("answered after %s, want at least 150ms", d)
		}
	})
	t.Run("drip", func(t *testing.T) {
		// 16 B/s in 1-byte chunks every 100ms: the body takes seconds.
		srv, _ := start(t, faults.Profile{DripRatio: 1, DripRate: 16})
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err == nil || len(b) == 0 || len(b) >= len(body) {
			t.Fatalf("read %d bytes, err %v: want a partial body cut by the deadline", len(b), err)
		}
	})
}

func TestDrawsAreSeededAndFollowTheRatio(t *testing.T) {
	run := func() []int {
		srv, _ := start(t, faults.Profile{ErrorRatio: 0.3})
		statuses := make([]int, 400)
		for i := range statuses {
			resp, _, err := get(t, srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			statuses[i] = resp.StatusCode
		}
		return statuses
	}
	a, b := run(), run()
	failed := 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("request %d: %d then %d with the same seed", i, a[i], b[i])
		}
		if a[i] >= 500 {
			failed++
		}
	}
	if failed < 90 || failed > 150 {
		t.Fatalf("%d of 400 failed, want about 120", failed)
	}
}

func TestParseSpecs(t *testing.T) {
	known := []string{"hebei", "hubei"}
	got, err := faults.ParseSpecs("hubei=outage, hebei=error:0.3:502,hebei=latency:10ms:5ms:exponential,hebei=throttle:0.2:30s", known)
	if err != nil {
		t.Fatal(err)
	}
	he := got["hebei"]
	if !got["hubei"].Outage || he.ErrorRatio != 0.3 || he.ErrorStatuses[0] != 502 || he.ThrottleRatio != 0.2 ||
		time.Duration(he.RetryAfter) != 30*time.Second || time.Duration(he.Latency.Jitter) != 5*time.Millisecond || he.Latency.Dist != "exponential" {
		t.Fatalf("parsed %+v", got)
	}
	for _, bad := range []string{"hunan=outage", "hebei", "hebei=boom", "hebei=error", "hebei=error:x", "hebei=error:1.5",
		"hebei=error:0.6,hebei=throttle:0.6", "hebei=error:0.1:404", "hebei=latency:2h", "hebei=latency:1s:1s:zipf",
		"hebei=drip:0.1:1", "hebei=outage:1", "hebei=reset:NaN"} {
		if _, err := faults.ParseSpecs(bad, known); err == nil {
			t.Errorf("%q: accepted", bad)
		}
	}
}

func TestAdminAPI(t *testing.T) {
	const token = "0123456789abcdef-admin"
	in := faults.New(1, "hebei", "hubei")
	srv := httptest.NewServer(in.AdminHandler(token))
	defer srv.Close()
	ctx := context.Background()

	for _, c := range []struct {
		token string
		want  string
	}{{"", "HTTP 401"}, {"wrong", "HTTP 401"}, {token + "x", "HTTP 401"}} {
		cl := faults.Client{BaseURL: srv.URL, Token: c.token}
		if _, err := cl.Counters(ctx); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("token %q: err %v, want %s", c.token, err, c.want)
		}
	}

	cl := faults.Client{BaseURL: srv.URL, Token: token}
	if err := cl.Set(ctx, "hubei", faults.Profile{ErrorRatio: 0.5}); err != nil {
		t.Fatal(err)
	}
	if p, _ := in.Profile("hubei"); p.ErrorRatio != 0.5 {
		t.Fatalf("profile not applied: %+v", p)
	}
	if err := cl.Set(ctx, "hubei", faults.Profile{ErrorRatio: 2}); err == nil || !strings.Contains(err.Error(), "HTTP 400") {
		t.Fatalf("invalid profile: %v", err)
	}
	if err := cl.Set(ctx, "hunan", faults.Profile{}); err == nil || !strings.Contains(err.Error(), "HTTP 404") {
		t.Fatalf("unknown upstream: %v", err)
	}
	if err := cl.Clear(ctx, "hubei"); err != nil {
		t.Fatal(err)
	}
	if p, _ := in.Profile("hubei"); p.ErrorRatio != 0 {
		t.Fatalf("profile not cleared: %+v", p)
	}
	req, _ := http.NewRequest(http.MethodPut, srv.URL+faults.AdminFaultsPath+"/hebei", strings.NewReader(`{"errorRatio":0.1,"extra":1}`))
	req.Header.Set("Authorization", "Bearer "+token)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 400 {
		t.Fatalf("unknown field: %v %v, want 400", resp, err)
	}

	disabled := httptest.NewServer(in.AdminHandler(""))
	defer disabled.Close()
	if _, err := (&faults.Client{BaseURL: disabled.URL}).Counters(ctx); err == nil || !strings.Contains(err.Error(), "HTTP 404") {
		t.Fatalf("disabled API: %v, want 404", err)
	}
}
