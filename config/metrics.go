package config

import (
	"fmt"
	"net"
	"net/netip"
)

// DefaultMetricsMaxOperations bounds the distinct GraphQL operation names
// the metrics keep apart (the trusted documents' names always count).
const DefaultMetricsMaxOperations = 100

// MaxMetricsOperations is the largest metrics.max_operations accepted:
// every name multiplies the series of the request families.
const MaxMetricsOperations = 1000

// MetricsConfig places the Prometheus endpoint GET /metrics: on its own
// listener (metrics.listen), which only the operator's network should
// reach, or on the main listener behind a bearer token (metrics.token).
// With neither set there is no /metrics.
type MetricsConfig struct {
	Listen        string `yaml:"listen" doc:"address (host:port) of a separate listener serving only GET /metrics, e.g. 127.0.0.1:9464 or :9464 in a container (empty: no separate listener; then /metrics is on the main listener if metrics.token is set)"`
	Token         Secret `yaml:"token" doc:"bearer token GET /metrics requires (at least 16 characters); with metrics.listen empty it puts /metrics on the main listener, with metrics.listen set the separate listener requires it too (empty: no token; no /metrics on the main listener)"`
	TokenFile     string `yaml:"token_file" doc:"file holding metrics.token"`
	MaxOperations int    `yaml:"max_operations" doc:"distinct GraphQL operation names given their own label value in the metrics; later names count as (other); the trusted documents' names always count (1-1000)"`
}

// Enabled reports whether /metrics is served anywhere.
func (m MetricsConfig) Enabled() bool { return m.Listen != "" || m.Token != "" }

func (m MetricsConfig) validate() []error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("metrics.%s: "+format, append([]any{key}, args...)...))
	}
	if m.Listen != "" {
		if err := checkListen(m.Listen); err != nil {
			bad("listen", "%v", err)
		}
	}
	if m.Token != "" && len(m.Token) < minAdminToken {
		bad("token", "must be at least %d characters", minAdminToken)
	}
	if m.MaxOperations < 1 || m.MaxOperations > MaxMetricsOperations {
		bad("max_operations", "must be between 1 and %d, got %d", MaxMetricsOperations, m.MaxOperations)
	}
	return errs
}

// warnings: a metrics listener open beyond loopback without a token.
func (m MetricsConfig) warnings() []string {
	if m.Listen == "" || m.Token != "" {
		return nil
	}
	host, _, err := net.SplitHostPort(m.Listen)
	if err != nil || host == "localhost" {
		return nil
	}
	if ip, err := netip.ParseAddr(host); err == nil && ip.IsLoopback() {
		return nil
	}
	return []string{fmt.Sprintf("metrics.listen %s is not a loopback address and metrics.token is not set: whoever reaches it reads the metrics (operation names, upstream health); keep the port inside the cluster network or set metrics.token", m.Listen)}
}
