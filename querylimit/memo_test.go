package querylimit

import (
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

func TestMemoMeasuresEachOperationOnce(t *testing.T) {
	m := NewMemo(2)
	walks := 0
	measure := func(op *graphql.OperationContext) *Figures {
		return m.measure(op, func() Figures { walks++; return Figures{Complexity: walks} })
	}
	op := func(query, name string, vars map[string]any) *graphql.OperationContext {
		return &graphql.OperationContext{RawQuery: query, OperationName: name, Variables: vars}
	}
	first := measure(op("{ a }", "", nil))
	if again := measure(op("{ a }", "", nil)); again != first || walks != 1 {
		t.Fatalf("a repeated operation was walked again (%d walks)", walks)
	}
	// Anything the figures depend on is part of the key.
	for _, o := range []*graphql.OperationContext{
		op("{ b }", "", nil),
		op("{ a }", "A", nil),
		op("{ a }", "", map[string]any{"first": 10}),
		op("{ a }", "", map[string]any{"first": 11}),
	} {
		before := walks
		measure(o)
		if walks != before+1 {
			t.Errorf("%q %q %v was answered from another operation's figures", o.RawQuery, o.OperationName, o.Variables)
		}
	}
	// The split between parts cannot be shifted to forge a key.
	before := walks
	measure(op("{ a }A", "", nil))
	if walks != before+1 {
		t.Error(`"{ a }A" with no name hit the entry of "{ a }" named "A"`)
	}
	// Bounded: the oldest entries are gone.
	before = walks
	measure(op("{ a }", "", nil))
	if walks != before+1 {
		t.Error("a memo of 2 entries still held the first of 7 operations")
	}
}

func TestNilMemoAlwaysMeasures(t *testing.T) {
	var m *Memo
	walks := 0
	for range 2 {
		m.measure(&graphql.OperationContext{RawQuery: "{ a }"}, func() Figures { walks++; return Figures{} })
	}
	if walks != 2 {
		t.Fatalf("%d walks, want 2", walks)
	}
}
