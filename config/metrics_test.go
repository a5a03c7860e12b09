package config_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/config"
)

func TestMetricsListenBeyondLoopbackWarns(t *testing.T) {
	for _, c := range []struct {
		listen, token string
		warn          bool
	}{
		{"", "", false}, {"127.0.0.1:9464", "", false}, {"[::1]:9464", "", false}, {"localhost:9464", "", false},
		{":9464", "", true}, {"0.0.0.0:9464", "", true}, {"10.0.0.5:9464", "", true}, {":9464", "a-token-of-16-chars", false},
	} {
		cfg := config.Default()
		cfg.Metrics.Listen, cfg.Metrics.Token = c.listen, config.Secret(c.token)
		warned := slices.ContainsFunc(cfg.Warnings(), func(w string) bool { return strings.HasPrefix(w, "metrics.listen") })
		if warned != c.warn {
			t.Errorf("listen %q token %v: warned %v, want %v", c.listen, c.token != "", warned, c.warn)
		}
	}
}
