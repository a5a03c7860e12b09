package respcache

import (
	"fmt"
	"strings"
	"testing"
)

func TestKeyMemoStaysWithinItsBound(t *testing.T) {
	m := newKeyMemo()
	pad := strings.Repeat("p", 3000)
	for i := range 2000 {
		body := []byte(fmt.Sprintf(`{"query":"{ a%d }"}%s`, i, pad))
		m.put(body, "all", "", Key{byte(i)})
		if m.bytes > memoMaxBytes {
			t.Fatalf("after %d requests the memo holds %d bytes, over %d", i+1, m.bytes, memoMaxBytes)
		}
		if k, ok := m.get(body, "all", ""); !ok || k != (Key{byte(i)}) {
			t.Fatalf("request %d: the key just put is not found", i)
		}
	}
	if len(m.m) == 0 || len(m.m) >= 2000 {
		t.Errorf("%d bodies: want some kept, the others forgotten", len(m.m))
	}
	// One body keeps a bounded number of scopes and media types.
	body := []byte(`{"query":"{ b }"}`)
	for i := range 3 * memoMaxVariants {
		m.put(body, fmt.Sprintf("scope-%d", i), "", Key{byte(i)})
	}
	if n := len(m.m[string(body)]); n != memoMaxVariants {
		t.Errorf("one body holds %d keys, want %d", n, memoMaxVariants)
	}
	// Too large to keep.
	big := []byte(strings.Repeat(" ", memoMaxID))
	m.put(big, "all", "", Key{1})
	if _, ok := m.get(big, "all", ""); ok {
		t.Error("a body over memoMaxID was kept")
	}
}
