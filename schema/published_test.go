package schema_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/civgraph/civgraph/schema"
)

const published = "../schema.graphql"

// TestPublishedSchema keeps schema.graphql at the repository root equal
// to the SDL; regenerate it with go generate ./schema.
func TestPublishedSchema(t *testing.T) {
	want := schema.Print(loadSchema(t))
	if *update {
		if err := os.WriteFile(published, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(published)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("schema.graphql is out of date; run go generate ./schema")
	}
}

// TestPublishedSchemaLoadsAsTheSame checks that what is published is the
// schema itself: loaded again, it has the same types and fields.
func TestPublishedSchemaLoadsAsTheSame(t *testing.T) {
	b, err := os.ReadFile(published)
	if err != nil {
		t.Fatal(err)
	}
	again, err := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: string(b)})
	if err != nil {
		t.Fatal(err)
	}
	orig := loadSchema(t)
	for name, def := range orig.Types {
		other := again.Types[name]
		if other == nil {
			t.Errorf("type %s is not published", name)
			continue
		}
		if len(other.Fields) != len(def.Fields) || other.Description != def.Description {
			t.Errorf("type %s: %d fields published, %d defined (or its description differs)", name, len(other.Fields), len(def.Fields))
		}
		for _, f := range def.Fields {
			if g := other.Fields.ForName(f.Name); g == nil || g.Type.String() != f.Type.String() || len(g.Directives) != len(f.Directives) {
				t.Errorf("%s.%s differs when published", name, f.Name)
			}
		}
	}
}
