package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHealthcheck(t *testing.T) {
	var status int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(status)
	}))
	defer srv.Close()
	probe := func(args ...string) (int, string) {
		var out, errOut strings.Builder
		code := run(context.Background(), append([]string{"healthcheck"}, args...), &out, &errOut)
		return code, out.String() + errOut.String()
	}
	status = http.StatusOK
	if code, out := probe("--url", srv.URL+"/healthz"); code != 0 {
		t.Errorf("healthy: exit %d, %s", code, out)
	}
	status = http.StatusServiceUnavailable
	if code, out := probe("--url", srv.URL+"/healthz"); code != 1 || !strings.Contains(out, "503") {
		t.Errorf("unhealthy: exit %d, %s", code, out)
	}
	// Through CIVGRAPH_LISTEN, as in the container image: 0.0.0.0 is probed on loopback.
	status = http.StatusOK
	t.Setenv("CIVGRAPH_LISTEN", "0.0.0.0:"+srv.URL[strings.LastIndex(srv.URL, ":")+1:])
	if code, out := probe(); code != 0 {
		t.Errorf("from CIVGRAPH_LISTEN: exit %d, %s", code, out)
	}
	srv.Close()
	if code, _ := probe("--timeout", "1s"); code != 1 {
		t.Errorf("nothing listening: exit %d", code)
	}
}

func TestHealthzURL(t *testing.T) {
	for listen, want := range map[string]string{
		"":               "http://127.0.0.1:8080/healthz",
		"0.0.0.0:9000":   "http://127.0.0.1:9000/healthz",
		":9001":          "http://127.0.0.1:9001/healthz",
		"[::]:9002":      "http://127.0.0.1:9002/healthz",
		"[::1]:9003":     "http://[::1]:9003/healthz",
		"127.0.0.2:9004": "http://127.0.0.2:9004/healthz",
		"garbage":        "http://127.0.0.1:8080/healthz",
	} {
		if got := healthzURL(listen); got != want {
			t.Errorf("healthzURL(%q) = %q, want %q", listen, got, want)
		}
	}
}
