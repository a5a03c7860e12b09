package kit_test

import (
	"errors"
	"fmt"
	"strings"
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

type row struct {
	Name string
	Tags []string
	At   time.Time
}

// TestMemoIsBoundedInBytes decodes pages under ever new keys and ever new
// fetch times (what uncached fetches and long distinct keywords do) and
// checks the memo's estimated bytes stay under its bound.
func TestMemoIsBoundedInBytes(t *testing.T) {
	const limit = 256 << 10
	m := kit.NewMemoBytes(100000, limit)
	page := func() ([]row, error) {
		rows := make([]row, 100)
		for i := range rows {
			rows[i] = row{Name: strings.Repeat("名", 50), Tags: []string{"a", "b"}, At: time.Now()}
		}
		return rows, nil
	}
	keyword := strings.Repeat("k", 2048)
	for i := range 2000 {
		key := fmt.Sprintf("hubei:%s%d", keyword, i%50)
		if _, err := kit.Memoize(m, key, time.Unix(int64(i), 0), page); err != nil {
			t.Fatal(err)
		}
		if b := m.Bytes(); b > limit {
			t.Fatalf("after %d pages the memo holds %d bytes, over %d", i+1, b, limit)
		}
	}
	if b := m.Bytes(); b < limit/2 {
		t.Fatalf("the memo holds only %d bytes: the size estimate counts too little", b)
	}
}
