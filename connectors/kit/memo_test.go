package kit_test

import (
	"errors"
	"testing"
	"time"

	"github.com/civgraph/civgraph/connectors/kit"
)

func TestMemoDecodesOncePerFetch(t *testing.T) {
	m := kit.NewMemo(8)
	calls := 0
	decode := func() ([]int, error) { calls++; return []int{1, 2}, nil }
	t0 := time.Unix(100, 0)
	for range 3 {
		if v, err := kit.Memoize(m, "k", t0, decode); err != nil || len(v) != 2 {
			t.Fatalf("got %v, %v", v, err)
		}
	}
	if calls != 1 {
		t.Fatalf("decoded %d times for one fetch, want 1", calls)
	}
	// A refetched entry (new fetch time) is decoded again.
	_, _ = kit.Memoize(m, "k", t0.Add(time.Second), decode)
	if calls != 2 {
		t.Fatalf("a refetched value was not decoded again")
	}
	// Errors are not kept.
	fail := errors.New("bad payload")
	for range 2 {
		if _, err := kit.Memoize(m, "bad", t0, func() ([]int, error) { calls++; return nil, fail }); !errors.Is(err, fail) {
			t.Fatalf("err = %v", err)
		}
	}
	if calls != 4 {
		t.Fatalf("a failed decode was memoized")
	}
}
