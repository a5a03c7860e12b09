package sourcetest

import (
	"context"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
)

// Credentials checks a connector's handling of a single-secret
// credential: connect(key, false) is a connector holding key against an
// upstream that accepts only secret, connect(key, true) the same against
// one that answers every call with a business error. The right key lists
// tasks (total of them); each key of refused (name → key) gets
// SOURCE_AUTH_FAILED; and the business error's message names no secret.
func Credentials(t *testing.T, p civ.ProvinceCode, secret string, total int, refused map[string]string,
	connect func(t *testing.T, key string, failing bool) connectors.Source) {
	t.Helper()
	ctx := context.Background()
	t.Run("accepted", func(t *testing.T) {
		res, err := connect(t, secret, false).Tasks(ctx, connectors.Query{Limit: 5})
		if err != nil || res.Total != total || len(res.Items) != 5 {
			t.Fatalf("total %d, %d items, err %v", res.Total, len(res.Items), err)
		}
	})
	for name, key := range refused {
		t.Run(name, func(t *testing.T) {
			_, err := connect(t, key, false).Tasks(ctx, connectors.Query{Limit: 5})
			WantCode(t, err, p, connectors.CodeAuth)
		})
	}
	t.Run("the credential never appears in errors", func(t *testing.T) {
		_, err := connect(t, secret, true).Meetings(ctx, connectors.Query{Limit: 5})
		ue := WantCode(t, err, p, connectors.CodeBusiness)
		if strings.Contains(err.Error(), secret) || strings.Contains(ue.Message, secret) {
			t.Fatalf("error leaks the credential: %v", err)
		}
	})
}
