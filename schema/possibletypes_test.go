package schema_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"slices"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/civgraph/civgraph/schema"
)

var update = flag.Bool("update", false, "rewrite possible-types.json from the SDL")

func loadSchema(t *testing.T) *ast.Schema {
	t.Helper()
	s, err := schema.Load()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestPossibleTypes keeps possible-types.json in step with the SDL;
// regenerate it with go generate ./schema.
func TestPossibleTypes(t *testing.T) {
	want := schema.ComputePossibleTypes(loadSchema(t))
	if *update {
		if err := os.WriteFile("possible-types.json", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(schema.PossibleTypes, want) {
		t.Fatalf("possible-types.json is out of date; run go generate ./schema. Want:\n%s", want)
	}
	var got map[string][]string
	if err := json.Unmarshal(schema.PossibleTypes, &got); err != nil {
		t.Fatal(err)
	}
	// The abstract types front-end caches must know, with their members.
	if !slices.Equal(got["TaskOrigin"], []string{"Meeting", "PolicyDocument"}) {
		t.Errorf("TaskOrigin: %v", got["TaskOrigin"])
	}
	if !slices.Contains(got["Node"], "Region") || !slices.Contains(got["Node"], "ServiceSite") {
		t.Errorf("Node: %v", got["Node"])
	}
}
