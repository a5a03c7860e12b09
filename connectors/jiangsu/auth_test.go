package jiangsu_test

import (
	"context"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/connectors"
	samplejiangsu "github.com/civgraph/civgraph/internal/sampleapi/jiangsu"
)

func TestAuth(t *testing.T) {
	url, _ := portal(t, fixture(), samplejiangsu.Options{Token: "s3cret-token"})
	for _, c := range []struct {
		name, token string
		want        connectors.Code
	}{
		{"accepted", "s3cret-token", ""},
		{"wrong token", "wrong-token-x", connectors.CodeAuth},
		{"no token", "", connectors.CodeAuth},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := demoConfig(url)
			cfg.BearerToken = c.token
			cl := newClient(t, cfg)
			_, err := cl.Meetings(context.Background(), connectors.Query{Limit: 1})
			if code(err) != c.want {
				t.Fatalf("api: err = %v, want code %q", err, c.want)
			}
			_, err = cl.ServiceSites(context.Background(), connectors.Query{Limit: 1})
			if code(err) != c.want {
				t.Fatalf("bulk file: err = %v, want code %q", err, c.want)
			}
			if err != nil {
				if ue, _ := connectors.AsUpstreamError(err); strings.Contains(ue.Message, "token-") || strings.Contains(ue.Error(), "s3cret") {
					t.Fatalf("message %q leaks a token", ue.Message)
				}
			}
		})
	}
}
