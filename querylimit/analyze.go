package querylimit

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// Figures are what Analyze measured of one operation.
type Figures struct {
	Operations int // operations in the document
	Aliases    int // aliased fields in the document
	Depth      int // deepest field nesting, introspection excluded
	// Complexity is one per field instance the query can produce: a field
	// under a list counts once per item, a connection's edges count
	// "first" times. When the walk stopped early (see Truncated) it is a
	// lower bound.
	Complexity int
	Truncated  bool
	// UpstreamCalls estimates the calls per province.
	UpstreamCalls map[string]int
}

// maxFigure caps every product so hostile nesting cannot overflow.
const maxFigure = math.MaxInt32

func mul(a, b int) int {
	if a == 0 || b == 0 {
		return 0
	}
	if a > maxFigure/b {
		return maxFigure
	}
	return a * b
}

func add(a, b int) int { return min(a+b, maxFigure) }

// Analyze measures op within doc. maxVisits bounds the fields walked (a
// document of fragments spread into fragments can expand exponentially);
// every field counts at least one toward Complexity, so passing it means
// Complexity is over any limit up to maxVisits.
func (m *Model) Analyze(doc *ast.QueryDocument, op *ast.OperationDefinition, vars map[string]any, maxVisits int) Figures {
	w := walker{m: m, vars: vars, maxVisits: maxVisits, seen: map[string]bool{}}
	w.fig.Operations = len(doc.Operations)
	w.fig.UpstreamCalls = map[string]int{}
	for _, o := range doc.Operations {
		w.fig.Aliases += countAliases(o.SelectionSet)
	}
	for _, f := range doc.Fragments {
		w.fig.Aliases += countAliases(f.SelectionSet)
	}
	if op != nil {
		w.selectionSet(op.SelectionSet, frame{mult: 1, perProvince: 1, scope: m.Provinces, first: -1})
	}
	return w.fig
}

// countAliases counts aliased fields as written, fragments not expanded,
// so its cost is linear in the document.
func countAliases(ss ast.SelectionSet) int {
	n := 0
	for _, sel := range ss {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Alias != "" && s.Alias != s.Name {
				n++
			}
			n += countAliases(s.SelectionSet)
		case *ast.InlineFragment:
			n += countAliases(s.SelectionSet)
		}
	}
	return n
}

type walker struct {
	m         *Model
	vars      map[string]any
	maxVisits int
	visits    int
	fig       Figures
	seen      map[string]bool // upstream calls already counted
}

// frame is what a selection set knows about the objects it selects from.
type frame struct {
	mult        int      // how many such objects the query can reach
	perProvince int      // how many of them one province can hold
	depth       int      // nesting of the field that produced them
	scope       []string // the provinces they may belong to
	path        string   // canonical name of the field chain (aliases ignored)
	first       int      // page size of the enclosing connection, -1 if none
	inIntro     bool     // inside __schema or __type
	// args are the arguments of the field that produced these objects
	// (e.g. region(code:)), for PerProvince estimates.
	args map[string]any
}

func (w *walker) selectionSet(ss ast.SelectionSet, f frame) {
	for _, sel := range ss {
		if w.fig.Truncated {
			return
		}
		switch s := sel.(type) {
		case *ast.Field:
			w.field(s, f)
		case *ast.InlineFragment:
			w.selectionSet(s.SelectionSet, f)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				w.selectionSet(s.Definition.SelectionSet, f)
			}
		}
	}
}

func (w *walker) field(fd *ast.Field, f frame) {
	if w.visits++; w.visits > w.maxVisits {
		w.fig.Truncated = true
		return
	}
	if fd.Definition == nil || fd.ObjectDefinition == nil {
		return // validation already refused it; nothing runs
	}
	isList := fd.Definition.Type.Elem != nil
	if f.inIntro || fd.Name == "__schema" || fd.Name == "__type" {
		// Introspection reads the schema in memory and calls no upstream;
		// gqlparser's MaxIntrospectionDepth rule already refuses lists
		// nested past the standard query's three (types → fields → args),
		// so its answer is bounded by the schema. Its fields count once,
		// but each __schema as the whole schema it lists.
		cost := 1
		if fd.Name == "__schema" && !f.inIntro {
			cost = max(cost, w.m.SchemaCost)
		}
		w.fig.Complexity = add(w.fig.Complexity, cost)
		w.selectionSet(fd.SelectionSet, frame{inIntro: true})
		return
	}
	w.fig.Complexity = add(w.fig.Complexity, max(f.mult, 1))
	if fd.Name == "__typename" {
		return
	}
	coord := fd.ObjectDefinition.Name + "." + fd.Name
	var args map[string]any
	if len(fd.Definition.Arguments) > 0 {
		args = fd.ArgumentMap(w.vars)
	}
	child := frame{
		mult: f.mult, perProvince: f.perProvince, depth: f.depth + 1, scope: f.scope,
		path: f.path + "/" + fd.Name + argsKey(args), first: -1, args: args,
	}
	w.fig.Depth = max(w.fig.Depth, child.depth)
	if narrow := w.m.Narrow[coord]; narrow != nil {
		if ps := narrow(args); len(ps) > 0 {
			child.scope = ps
		}
	}
	if up, ok := w.m.Upstream[coord]; ok {
		w.upstream(coord, up, args, f, child.scope)
	}
	if fd.Definition.Arguments.ForName("first") != nil {
		child.first = pageArg(args, w.m.DefaultFirst)
	}
	if isList {
		size := w.listSize(fd, coord, args, f)
		child.mult = mul(child.mult, size)
		if !w.m.Spread[coord] {
			child.perProvince = mul(child.perProvince, size)
		}
	}
	w.selectionSet(fd.SelectionSet, child)
}

// listSize is how many items a list field can return: a connection's page
// size, the length of a list argument the field answers item by item
// (nodes(ids:)), or the model's assumption. At least one, so that an
// empty page still costs its fields.
func (w *walker) listSize(fd *ast.Field, coord string, args map[string]any, f frame) int {
	if f.first >= 0 {
		return max(f.first, 1)
	}
	for _, a := range fd.Definition.Arguments {
		if a.Type.Elem != nil {
			if l, ok := args[a.Name].([]any); ok {
				return max(len(l), 1)
			}
		}
	}
	return max(w.m.listSize(coord), 1)
}

func (w *walker) upstream(coord string, up Upstream, args map[string]any, f frame, scope []string) {
	key := coord + argsKey(args)
	if up.PerParent {
		key = f.path + "/" + key
	} else {
		key += "@" + strings.Join(scope, ",")
	}
	if w.seen[key] {
		return // the same call again: the cache answers it
	}
	w.seen[key] = true
	if up.Calls != nil {
		for p, n := range up.Calls(args) {
			w.fig.UpstreamCalls[p] = add(w.fig.UpstreamCalls[p], n)
		}
		return
	}
	n := 1
	if up.Paged {
		first := pageArg(args, w.m.DefaultFirst)
		n = (first+w.m.PageSize-1)/w.m.PageSize + 1
		if args["last"] != nil && args["before"] == nil {
			n++ // paging back from the end first asks for the total
		}
	}
	if up.PerParent {
		n = mul(n, perParentCalls(f.perProvince, up))
	}
	for _, p := range scope {
		calls := n
		if up.PerProvince != nil {
			calls = up.PerProvince(args, f.args, p)
			if up.PerParent {
				calls = mul(calls, perParentCalls(f.perProvince, up))
			}
		}
		w.fig.UpstreamCalls[p] = add(w.fig.UpstreamCalls[p], calls)
	}
}

// perParentCalls is how many calls a per-parent field makes to a province
// for that many parent objects: one each, or one per batch of them.
func perParentCalls(parents int, up Upstream) int {
	if up.Batch <= 0 {
		return parents
	}
	return mul((parents+up.Batch-1)/up.Batch, max(up.BatchCalls, 1))
}

// argsKey names an argument set canonically (json sorts map keys).
func argsKey(args map[string]any) string {
	if len(args) == 0 {
		return ""
	}
	b, err := json.Marshal(args)
	if err != nil {
		return fmt.Sprint(args)
	}
	return string(b)
}

// intArg reads an Int argument as literal or variable; def when absent.
// pageArg is a connection's page size: last when paging backwards,
// otherwise first.
func pageArg(args map[string]any, def int) int {
	if args["last"] != nil {
		return intArg(args["last"], def)
	}
	return intArg(args["first"], def)
}

func intArg(v any, def int) int {
	var n int64
	switch x := v.(type) {
	case int:
		n = int64(x)
	case int64:
		n = x
	case float64:
		n = int64(x)
	case json.Number:
		i, err := x.Int64()
		if err != nil {
			return def
		}
		n = i
	default:
		return def
	}
	return int(max(0, min(n, maxFigure)))
}

// MaxUpstream returns the province with the most estimated calls and
// their number (the first in name order on a tie).
func (f Figures) MaxUpstream() (province string, calls int) {
	names := make([]string, 0, len(f.UpstreamCalls))
	for p := range f.UpstreamCalls {
		names = append(names, p)
	}
	slices.Sort(names)
	for _, p := range names {
		if f.UpstreamCalls[p] > calls {
			province, calls = p, f.UpstreamCalls[p]
		}
	}
	return province, calls
}
