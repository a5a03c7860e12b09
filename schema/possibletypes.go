//go:generate go test -run ^TestPossibleTypes$ . -update

package schema

import (
	"embed"
	"encoding/json"
	"io/fs"
	"slices"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

//go:embed *.graphqls
var sdl embed.FS

// Load parses and validates the SDL files of this package into one schema.
func Load() (*ast.Schema, error) {
	names, err := fs.Glob(sdl, "*.graphqls")
	if err != nil {
		return nil, err
	}
	var sources []*ast.Source
	for _, name := range names {
		b, err := sdl.ReadFile(name)
		if err != nil {
			return nil, err
		}
		sources = append(sources, &ast.Source{Name: name, Input: string(b)})
	}
	return gqlparser.LoadSchema(sources...)
}

// PossibleTypes is possible-types.json: for every interface and union of
// the schema, the object types that can stand in for it, in the shape
// Apollo Client's InMemoryCache takes as possibleTypes (and other
// normalizing caches as their fragment matcher). The gateway serves it at
// /possible-types.json; a test keeps it in step with the SDL.
//
//go:embed possible-types.json
var PossibleTypes []byte

// ComputePossibleTypes derives PossibleTypes from a loaded schema: the
// abstract types that are not built in, each with its object types sorted
// by name, as indented JSON ending in a newline.
func ComputePossibleTypes(s *ast.Schema) []byte {
	out := map[string][]string{}
	for name, def := range s.Types {
		if def.BuiltIn || (def.Kind != ast.Interface && def.Kind != ast.Union) {
			continue
		}
		var names []string
		for _, t := range s.GetPossibleTypes(def) {
			names = append(names, t.Name)
		}
		slices.Sort(names)
		out[name] = names
	}
	b, _ := json.MarshalIndent(out, "", "  ") // maps of strings always marshal
	return append(b, '\n')
}
