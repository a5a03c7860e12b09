package connectors_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
)

func TestNormalize(t *testing.T) {
	coded := connectors.NewError(civ.Hubei, connectors.CodeAuth, "list tasks", "signature rejected", nil)
	ended, cancel := context.WithCancel(context.Background())
	cancel()
	for _, c := range []struct {
		name string
		ctx  context.Context
		err  error
		want connectors.Code
	}{
		{"coded error kept", context.Background(), fmt.Errorf("wrapped: %w", coded), connectors.CodeAuth},
		{"deadline", context.Background(), context.DeadlineExceeded, connectors.CodeTimeout},
		{"cancelled", context.Background(), fmt.Errorf("wait: %w", context.Canceled), connectors.CodeTimeout},
		{"caller's context ended", ended, errors.New("read: connection reset"), connectors.CodeTimeout},
		{"anything else", context.Background(), errors.New("dial tcp: refused"), connectors.CodeUnavailable},
	} {
		t.Run(c.name, func(t *testing.T) {
			ue := connectors.Normalize(c.ctx, civ.Jiangsu, "list meetings", c.err)
			if ue == nil || ue.Code != c.want {
				t.Fatalf("Normalize(%v) = %v, want %s", c.err, ue, c.want)
			}
			if c.want != connectors.CodeAuth && (ue.Province != civ.Jiangsu || ue.Op != "list meetings" || !errors.Is(ue, c.err)) {
				t.Fatalf("Normalize(%v) = %+v: want Jiangsu's, naming the op and keeping the cause", c.err, ue)
			}
		})
	}
	if ue := connectors.Normalize(context.Background(), civ.Hebei, "op", nil); ue != nil {
		t.Fatalf("Normalize(nil) = %v", ue)
	}
}
