package querylimit_test

import (
	"testing"

	"github.com/civgraph/civgraph/querylimit"
)

func TestCheck(t *testing.T) {
	limits := querylimit.Limits{MaxOperations: 2, MaxAliases: 3, MaxDepth: 4, MaxComplexity: 100, MaxUpstreamCalls: 10}
	fits := querylimit.Figures{Operations: 2, Aliases: 3, Depth: 4, Complexity: 100, UpstreamCalls: map[string]int{"A": 10}}
	tests := []struct {
		name   string
		change func(*querylimit.Figures)
		code   string
		figure string
		value  int
		limit  int
	}{
		{"operations", func(f *querylimit.Figures) { f.Operations = 3 }, "TOO_MANY_OPERATIONS", "operations", 3, 2},
		{"aliases", func(f *querylimit.Figures) { f.Aliases = 4 }, "TOO_MANY_ALIASES", "aliases", 4, 3},
		{"depth", func(f *querylimit.Figures) { f.Depth = 5 }, "QUERY_TOO_DEEP", "depth", 5, 4},
		{"complexity", func(f *querylimit.Figures) { f.Complexity = 101 }, "QUERY_TOO_COMPLEX", "complexity", 101, 100},
		{"truncated walk", func(f *querylimit.Figures) { f.Truncated = true }, "QUERY_TOO_COMPLEX", "complexity", 100, 100},
		{"upstream calls", func(f *querylimit.Figures) { f.UpstreamCalls = map[string]int{"A": 3, "B": 11} },
			"TOO_MANY_UPSTREAM_CALLS", "upstreamCalls", 11, 10},
	}
	if err := limits.Check(fits); err != nil {
		t.Fatalf("figures at their limits refused: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := fits
			tt.change(&f)
			err := limits.Check(f)
			if err == nil {
				t.Fatal("not refused")
			}
			ext := err.Extensions
			if ext["code"] != tt.code || ext[tt.figure] != tt.value || ext["limit"] != tt.limit {
				t.Errorf("extensions %v, want code %s, %s %d, limit %d", ext, tt.code, tt.figure, tt.value, tt.limit)
			}
			if tt.code == "TOO_MANY_UPSTREAM_CALLS" && ext["province"] != "B" {
				t.Errorf("province %v, want B", ext["province"])
			}
		})
	}
}
