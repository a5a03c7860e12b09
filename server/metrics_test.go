package server_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/metrics"
	"github.com/civgraph/civgraph/metrics/metricstest"
	"github.com/civgraph/civgraph/server"
)

const token = "a-metrics-token-0123"

func status(t *testing.T, url, bearer string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestMetricsPlacement(t *testing.T) {
	reg := metrics.New(0)
	serve := func(cfg config.Config) string {
		srv := httptest.NewServer(server.New(cfg, echoGraphQL(), nil, nil, server.WithMetrics(reg)))
		t.Cleanup(srv.Close)
		return srv.URL
	}

	noToken := config.Default()
	if got := status(t, serve(noToken)+"/metrics", ""); got != http.StatusNotFound {
		t.Errorf("main listener without metrics.token: %d, want 404", got)
	}
	elsewhere := config.Default()
	elsewhere.Metrics.Listen, elsewhere.Metrics.Token = "127.0.0.1:0", token
	if got := status(t, serve(elsewhere)+"/metrics", token); got != http.StatusNotFound {
		t.Errorf("main listener with metrics.listen set: %d, want 404", got)
	}
	main := config.Default()
	main.Metrics.Token = token
	url := serve(main)
	for bearer, want := range map[string]int{"": 401, "wrong-token-wrong-token": 401, token: 200} {
		if got := status(t, url+"/metrics", bearer); got != want {
			t.Errorf("main listener, bearer %q: %d, want %d", bearer, got, want)
		}
	}
	// Requests through the main listener are counted; the scrape parses.
	resp, err := http.Post(url+"/graphql", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if v, _ := metricstest.Scrape(t, url+"/metrics", token).Value("civgraph_graphql_requests_total", nil); v != 1 {
		t.Errorf("civgraph_graphql_requests_total = %v, want 1", v)
	}

	admin := httptest.NewServer(server.MetricsHandler(config.MetricsConfig{Token: token}, reg))
	defer admin.Close()
	if got := status(t, admin.URL+"/metrics", ""); got != http.StatusUnauthorized {
		t.Errorf("separate listener with a token, none sent: %d, want 401", got)
	}
	open := httptest.NewServer(server.MetricsHandler(config.MetricsConfig{}, reg))
	defer open.Close()
	if got := status(t, open.URL+"/metrics", ""); got != http.StatusOK {
		t.Errorf("separate listener without a token: %d, want 200", got)
	}
	if got := status(t, open.URL+"/graphql", ""); got != http.StatusNotFound {
		t.Errorf("separate listener serves /graphql: %d", got)
	}
}
