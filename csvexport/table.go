package csvexport

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/civgraph/civgraph/errcode"
)

// MaxColumns bounds the columns of one table: a query names each column,
// so only a query made to hurt would need more.
const MaxColumns = 1024

// ListSeparator joins the items of a list of scalars in one cell.
const ListSeparator = "; "

// Table is a flattened list of objects: Header names each column by the
// dotted path of its field; every row has one cell per column.
type Table struct {
	Header []string
	Rows   [][]string
}

// ShapeError says why data cannot become one table.
type ShapeError struct{ msg string }

func (e *ShapeError) Error() string { return e.msg }

// Code is the error's extensions.code.
func (e *ShapeError) Code() errcode.Code { return errcode.ExportNotTabular }

func shapef(format string, args ...any) error { return &ShapeError{msg: fmt.Sprintf(format, args...)} }

// Flatten makes a table of the list of objects in data (a response's data
// member) at rowsPath, a dotted path of field names (aliases, as the
// answer names them); a list met on the way is walked item by item, so
// "sites.edges.node" is every edge's node. An empty rowsPath finds the
// list itself: it follows the only field of an object, a connection's
// nodes (or its edges' nodes), down to the first list.
func Flatten(data json.RawMessage, rowsPath string) (*Table, error) {
	root, err := decodeOrdered(data)
	if err != nil {
		return nil, err
	}
	var rows []any
	if rowsPath == "" {
		rows, err = findRows(root)
	} else {
		rows, err = walk(root, strings.Split(rowsPath, "."))
	}
	if err != nil {
		return nil, err
	}
	cols := &columns{}
	for i, r := range rows {
		if err := cols.add(r, ""); err != nil {
			return nil, fmt.Errorf("row %d: %w", i+1, err)
		}
	}
	t := &Table{Header: cols.leaves(), Rows: make([][]string, 0, len(rows))}
	for _, r := range rows {
		cells := map[string]string{}
		collect(r, "", cells)
		row := make([]string, len(t.Header))
		for i, h := range t.Header {
			row[i] = cells[h]
		}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

// findRows follows an answer down to its one list of rows.
func findRows(v any) ([]any, error) {
	path := "data"
	for {
		switch x := v.(type) {
		case []any:
			return x, nil
		case *object:
			if n, ok := x.get("nodes"); ok && isList(n) {
				return n.([]any), nil
			}
			if e, ok := x.get("edges"); ok && isList(e) {
				return walk(e, []string{"node"})
			}
			if len(x.keys) != 1 {
				return nil, shapef("%s has %d fields (%s): name the list to export with rows, e.g. rows=%s",
					path, len(x.keys), strings.Join(x.keys, ", "), strings.TrimPrefix(path+"."+firstKey(x), "data."))
			}
			path += "." + x.keys[0]
			v = x.vals[0]
		default:
			return nil, shapef("%s is no list of objects to export", path)
		}
	}
}

func firstKey(o *object) string {
	if len(o.keys) == 0 {
		return "FIELD"
	}
	return o.keys[0]
}

func isList(v any) bool { _, ok := v.([]any); return ok }

// walk follows path from v, mapping over the lists it meets.
func walk(v any, path []string) ([]any, error) {
	cur := []any{v}
	done := []string{"data"}
	for _, name := range path {
		var next []any
		for _, c := range cur {
			for _, item := range spread(c) {
				o, ok := item.(*object)
				if !ok {
					if item == nil {
						continue // a null object has no rows
					}
					return nil, shapef("%s is not an object, so it has no field %q", strings.Join(done, "."), name)
				}
				f, ok := o.get(name)
				if !ok {
					return nil, shapef("%s has no field %q (it has %s)", strings.Join(done, "."), name, strings.Join(o.keys, ", "))
				}
				next = append(next, f)
			}
		}
		cur = next
		done = append(done, name)
	}
	var rows []any
	for _, c := range cur {
		if c != nil { // a null list has no rows; a null item in a list is an empty row
			rows = append(rows, spread(c)...)
		}
	}
	return rows, nil
}

// spread is the items of a list, or the value alone.
func spread(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	return []any{v}
}

// columns is the tree of field paths seen in the rows, in the order the
// fields first came.
type columns struct {
	names    []string
	children map[string]*columns
	scalar   map[string]bool // the field held a value that is not an object
	count    int             // leaves in the whole tree, for the bound
}

func (c *columns) child(name string) (*columns, bool) {
	if c.children == nil {
		c.children = map[string]*columns{}
		c.scalar = map[string]bool{}
	}
	ch, ok := c.children[name]
	if !ok {
		ch = &columns{}
		c.children[name] = ch
		c.names = append(c.names, name)
	}
	return ch, ok
}

// add merges the fields of one row (or nested object) into the tree.
func (c *columns) add(v any, prefix string) error {
	o, ok := v.(*object)
	if !ok {
		if v == nil {
			return nil
		}
		return shapef("the rows must be objects, found %s", describe(v))
	}
	return c.addObject(o, prefix, c)
}

func (c *columns) addObject(o *object, prefix string, root *columns) error {
	for i, name := range o.keys {
		path := prefix + name
		ch, seen := c.child(name)
		if !seen {
			root.count++
			if root.count > MaxColumns {
				return shapef("more than %d columns", MaxColumns)
			}
		}
		switch x := o.vals[i].(type) {
		case *object:
			if c.scalar[name] {
				return shapef("%s is a value in one row and an object in another", path)
			}
			if err := ch.addObject(x, path+".", root); err != nil {
				return err
			}
		case []any:
			for _, item := range x {
				if _, isObj := item.(*object); isObj {
					return shapef("%s is a list of objects, which does not fit in one cell: export it as the rows (rows=…%s) or leave it out of the query", path, path)
				}
			}
			if err := c.markScalar(name, path); err != nil {
				return err
			}
		case nil:
		default:
			if err := c.markScalar(name, path); err != nil {
				return err
			}
		}
	}
	return nil
}

// markScalar notes that field name holds a value, which it cannot if it
// held an object in another row.
func (c *columns) markScalar(name, path string) error {
	if len(c.children[name].names) > 0 {
		return shapef("%s is a value in one row and an object in another", path)
	}
	c.scalar[name] = true
	return nil
}

// leaves is the column names: the paths of the fields that hold values.
// A field that was null in every row is still a column.
func (c *columns) leaves() []string {
	var out []string
	var visit func(*columns, string)
	visit = func(n *columns, prefix string) {
		for _, name := range n.names {
			ch := n.children[name]
			if len(ch.names) == 0 {
				out = append(out, prefix+name)
				continue
			}
			visit(ch, prefix+name+".")
		}
	}
	visit(c, "")
	return out
}

// collect puts the cells of one row into cells, by column name.
func collect(v any, prefix string, cells map[string]string) {
	o, ok := v.(*object)
	if !ok {
		return
	}
	for i, name := range o.keys {
		path := prefix + name
		switch x := o.vals[i].(type) {
		case *object:
			collect(x, path+".", cells)
		case []any:
			items := make([]string, len(x))
			for j, item := range x {
				items[j] = scalar(item)
			}
			cells[path] = Neutralize(strings.Join(items, ListSeparator))
		case json.Number:
			cells[path] = x.String() // digits, sign and exponent: never a formula
		default:
			cells[path] = Neutralize(scalar(x))
		}
	}
}

// scalar is the text of a JSON scalar; null is an empty cell.
func scalar(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	}
	return ""
}

func describe(v any) string {
	switch v.(type) {
	case []any:
		return "a list"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return "a value"
}

// IsShapeError reports whether err says the data is not one table.
func IsShapeError(err error) bool {
	var se *ShapeError
	return errors.As(err, &se)
}
