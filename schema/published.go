//go:generate go test -run ^TestPublishedSchema$ . -update

package schema

import (
	"bytes"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
)

// PublishedHeader starts schema.graphql, the SDL published at the root of
// the repository for clients, code generators and the breaking-change
// check.
const PublishedHeader = `# civgraph's GraphQL schema, printed from schema/*.graphqls by
# go generate ./schema; do not edit. Changes are listed in
# SCHEMA_CHANGELOG.md, and .ci/schema-check refuses a breaking change
# against schema/released.graphql unless the element was deprecated first.

`

// Print is the SDL of s as published in schema.graphql: every type,
// directive and description the SDL files define, without gqlparser's
// built-ins, types sorted by name.
func Print(s *ast.Schema) []byte {
	var b bytes.Buffer
	b.WriteString(PublishedHeader)
	formatter.NewFormatter(&b, formatter.WithIndent("  ")).FormatSchema(s)
	return b.Bytes()
}
