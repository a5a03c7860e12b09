package federation_test

import (
	"context"
	"testing"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/errcode"
	"github.com/civgraph/civgraph/federation"
)

type callerKey struct{}

// onlyHebei lets a context marked with callerKey see Hebei alone.
func onlyHebei(ctx context.Context, p civ.ProvinceCode) bool {
	return ctx.Value(callerKey{}) == nil || p == civ.Hebei
}

func TestGuardForbidsPerProvince(t *testing.T) {
	hebei := &memorySource{province: civ.Hebei, sites: sites(civ.Hebei, 3)}
	shanghai := &memorySource{province: civ.Shanghai, sites: sites(civ.Shanghai, 2)}
	f, err := federation.New(federation.Guard([]connectors.Source{hebei, shanghai}, onlyHebei), []byte("test secret"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.WithValue(context.Background(), callerKey{}, "restricted")

	page, err := f.ServiceSites(ctx, federation.Request{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Edges) != 3 || page.TotalCount != 3 {
		t.Errorf("restricted caller got %d edges, total %d; want Hebei's 3", len(page.Edges), page.TotalCount)
	}
	for _, e := range page.Edges {
		if e.Node.Province != civ.Hebei {
			t.Errorf("restricted caller saw %s", e.Node.Province)
		}
	}
	if len(page.Errors) != 1 || page.Errors[0].Code != errcode.Forbidden || page.Errors[0].Province != civ.Shanghai {
		t.Fatalf("errors = %v, want one FORBIDDEN for SHANGHAI", page.Errors)
	}

	id := federation.EncodeID(federation.KindServiceSite, civ.Shanghai, "SHANGHAI-0000")
	if _, err := f.Node(ctx, id); err == nil {
		t.Error("node lookup in a forbidden province answered")
	} else if ue, ok := connectors.AsUpstreamError(err); !ok || ue.Code != errcode.Forbidden {
		t.Errorf("node lookup error = %v, want FORBIDDEN", err)
	}

	page, err = f.ServiceSites(context.Background(), federation.Request{})
	if err != nil || len(page.Edges) != 5 || len(page.Errors) != 0 {
		t.Errorf("unrestricted caller: %d edges, errors %v, err %v", len(page.Edges), page.Errors, err)
	}
}
