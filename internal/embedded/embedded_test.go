package embedded_test

import (
	"strings"
	"testing"

	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/internal/embedded"
)

func TestEnvPointsAGatewayAtEveryProvince(t *testing.T) {
	lines := embedded.Env("http://127.0.0.1:9090/")
	env := map[string]string{}
	for _, l := range lines {
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			t.Fatalf("not KEY=VALUE: %q", l)
		}
		env[k] = v
	}
	if got := env["CIVGRAPH_SOURCES_HEBEI_BASE_URL"]; got != "http://127.0.0.1:9090/hebei" {
		t.Errorf("Hebei base URL %q", got)
	}
	// The lines, read as a gateway reads its environment, must leave no
	// province without the credentials its protocol needs.
	cfg, err := config.Load("", func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	if w := cfg.Warnings(); len(w) > 0 {
		t.Errorf("configuration from Env has warnings:\n%s", strings.Join(w, "\n"))
	}
	for p, s := range cfg.Sources.ByProvince() {
		if s.BaseURL == "" {
			t.Errorf("%s has no base URL", p)
		}
	}
}

func TestStartFillsOnlyProvincesWithoutBaseURL(t *testing.T) {
	cfg := config.Default()
	cfg.Sources.Hebei.BaseURL = "https://hebei.example.org/api"
	cfg.Sources.Hebei.AppKey = "real-key"
	cfg.Sources.Jiangsu.BearerToken = "ignored-without-base-url"
	srv, err := embedded.Start(&cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if cfg.Sources.Hebei.BaseURL != "https://hebei.example.org/api" || cfg.Sources.Hebei.AppKey != "real-key" {
		t.Errorf("configured Hebei changed: %q", cfg.Sources.Hebei.BaseURL)
	}
	if cfg.Sources.Jiangsu.BearerToken == "ignored-without-base-url" {
		t.Error("embedded Jiangsu keeps a credential its sample API rejects")
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	if w := cfg.Warnings(); len(w) > 0 {
		t.Errorf("warnings after Start:\n%s", strings.Join(w, "\n"))
	}
	for _, u := range []string{cfg.Sources.Hubei.BaseURL, cfg.Sources.Jiangsu.BaseURL, cfg.Sources.Shanghai.BaseURL} {
		if !strings.HasPrefix(u, srv.URL+"/") {
			t.Errorf("base URL %q is not under %s", u, srv.URL)
		}
	}
	all := config.Default()
	all.Sources.Hebei.BaseURL, all.Sources.Hubei.BaseURL = "http://127.0.0.1:1/a", "http://127.0.0.1:1/b"
	all.Sources.Jiangsu.BaseURL, all.Sources.Shanghai.BaseURL = "http://127.0.0.1:1/c", "http://127.0.0.1:1/d"
	if srv, err := embedded.Start(&all); srv != nil || err != nil {
		t.Errorf("Start with every base URL set = %v, %v; want nil, nil", srv, err)
	}
}
