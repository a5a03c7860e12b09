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
		id := identity(nil, "all", "", []byte(fmt.Sprintf(`{"query":"{ a%d }"}%s`, i, pad)))
		m.put(id, Key{byte(i)})
		if m.bytes > memoMaxBytes {
			t.Fatalf("after %d requests the memo holds %d bytes, over %d", i+1, m.bytes, memoMaxBytes)
		}
		if k, ok := m.get(id); !ok || k != (Key{byte(i)}) {
			t.Fatalf("request %d: the key just put is not found", i)
		}
	}
	if len(m.m) == 0 || len(m.m) >= 2000 {
		t.Errorf("%d entries: want some kept, the others forgotten", len(m.m))
	}
}
