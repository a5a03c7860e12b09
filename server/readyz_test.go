package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/server"
)

func TestReadyz(t *testing.T) {
	cases := map[string]struct {
		ready bool
		want  int
	}{
		"a province can serve": {true, http.StatusOK},
		"none can":             {false, http.StatusServiceUnavailable},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			readiness := func(context.Context) (bool, any) {
				return c.ready, map[string]any{"cannotServe": []string{"HUBEI"}}
			}
			srv := httptest.NewServer(server.New(config.Default(), echoGraphQL(), nil, nil, server.WithReadiness(readiness)))
			defer srv.Close()
			resp, err := http.Get(srv.URL + "/readyz")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body struct{ CannotServe []string }
			if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != c.want || len(body.CannotServe) != 1 || resp.Header.Get("Cache-Control") != "no-store" {
				t.Fatalf("status %d body %+v, want %d with the report, not cached", resp.StatusCode, body, c.want)
			}
		})
	}
	t.Run("not mounted without a readiness", func(t *testing.T) {
		srv := httptest.NewServer(server.New(config.Default(), echoGraphQL(), nil, nil))
		defer srv.Close()
		resp, err := http.Get(srv.URL + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Fatal("/readyz answered 200 with nothing to report")
		}
	})
}
