package persisted_test

import (
	"strings"
	"testing"

	"github.com/civgraph/civgraph/persisted"
)

func TestParseManifest(t *testing.T) {
	const doc = "query Q { provinces { code } }"
	hash := "2f3d0c4e6b7a8f9e0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c0b1a2f3e"
	m, err := persisted.ParseManifest([]byte(`{"sha256:` + strings.ToUpper(hash) + `": "` + doc + `"}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{hash, "sha256:" + hash, strings.ToUpper(hash)} {
		if got, ok := m.Lookup(id); !ok || got != doc {
			t.Errorf("Lookup(%q) = %q, %v", id, got, ok)
		}
	}
	if !m.Lists(doc) || m.Lists(doc+" ") {
		t.Error("Lists must match the body byte for byte")
	}
	for name, bad := range map[string]string{
		"not an object":     `[]`,
		"empty":             `{}`,
		"not GraphQL":       `{"a": "query {"}`,
		"apollo version":    `{"format":"apollo-persisted-query-manifest","version":2,"operations":[{"id":"a","body":"{ a }"}]}`,
		"apollo extra":      `{"format":"apollo-persisted-query-manifest","version":1,"operations":[],"extra":1}`,
		"apollo missing id": `{"format":"apollo-persisted-query-manifest","version":1,"operations":[{"body":"{ a }"}]}`,
		"id too long":       `{"` + strings.Repeat("a", persisted.MaxIDLength+1) + `": "{ a }"}`,
	} {
		if _, err := persisted.ParseManifest([]byte(bad)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
