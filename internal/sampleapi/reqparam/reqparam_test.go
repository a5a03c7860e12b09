package reqparam

import (
	"slices"
	"testing"
)

func TestList(t *testing.T) {
	for in, want := range map[string][]string{"": nil, "a": {"a"}, "a,b,,c": {"a", "b", "", "c"}} {
		if got := List(in); !slices.Equal(got, want) {
			t.Errorf("List(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDigits(t *testing.T) {
	for in, want := range map[string]bool{"": true, "420100": true, "42a1": false, "４２": false, "-1": false} {
		if got := Digits(in); got != want {
			t.Errorf("Digits(%q) = %v, want %v", in, got, want)
		}
	}
}
