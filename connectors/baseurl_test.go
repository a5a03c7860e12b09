package connectors_test

import (
	"strings"
	"testing"

	"github.com/civgraph/civgraph/connectors"
)

func TestParseBaseURL(t *testing.T) {
	for raw, want := range map[string]string{
		"http://127.0.0.1:9090/hebei":   "http://127.0.0.1:9090/hebei",
		"https://data.example.gov.cn/":  "https://data.example.gov.cn",
		"http://[::1]:8080/shanghai///": "http://[::1]:8080/shanghai",
	} {
		if got, err := connectors.ParseBaseURL(raw); err != nil || got != want {
			t.Errorf("ParseBaseURL(%q) = %q, %v; want %q", raw, got, err, want)
		}
	}
	for _, raw := range []string{
		"", "ftp://x", "127.0.0.1:9090", "http://", "/hebei", "http://u:p@x", "http://user@x/a",
		"http://x/?a=1", "http://x/#f", "http://x/?", "http://x/%zz",
	} {
		if got, err := connectors.ParseBaseURL(raw); err == nil {
			t.Errorf("ParseBaseURL(%q) = %q, want an error", raw, got)
		}
	}
}

func TestParseBaseURLNeverQuotesTheURL(t *testing.T) {
	for _, raw := range []string{"ftp://u:p@x", "http://u:p@[::1", "u:p@x", "http://u:p@x/?q", "http://u:p@/x"} {
		if _, err := connectors.ParseBaseURL(raw); err == nil || strings.Contains(err.Error(), "u:p") {
			t.Errorf("ParseBaseURL(%q): err = %v; want an error that does not repeat the user info", raw, err)
		}
	}
}
