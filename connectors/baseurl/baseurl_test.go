package baseurl_test

import (
	"strings"
	"testing"

	"github.com/civgraph/civgraph/connectors/baseurl"
)

func TestParse(t *testing.T) {
	for raw, want := range map[string]string{
		"http://127.0.0.1:9090/hebei":   "http://127.0.0.1:9090/hebei",
		"https://data.example.gov.cn/":  "https://data.example.gov.cn",
		"http://[::1]:8080/shanghai///": "http://[::1]:8080/shanghai",
	} {
		if got, err := baseurl.Parse(raw); err != nil || got != want {
			t.Errorf("Parse(%q) = %q, %v; want %q", raw, got, err, want)
		}
	}
	for _, raw := range []string{
		"", "ftp://x", "127.0.0.1:9090", "http://", "/hebei", "http://u:p@x", "http://user@x/a",
		"http://x/?a=1", "http://x/#f", "http://x/?", "http://x/%zz",
	} {
		if got, err := baseurl.Parse(raw); err == nil {
			t.Errorf("Parse(%q) = %q, want an error", raw, got)
		}
	}
}

func TestParseNeverQuotesTheURL(t *testing.T) {
	for _, raw := range []string{"ftp://u:p@x", "http://u:p@[::1", "u:p@x", "http://u:p@x/?q", "http://u:p@/x"} {
		if _, err := baseurl.Parse(raw); err == nil || strings.Contains(err.Error(), "u:p") {
			t.Errorf("Parse(%q): err = %v; want an error that does not repeat the user info", raw, err)
		}
	}
}
