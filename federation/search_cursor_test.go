package federation

import (
	"strings"
	"testing"
)

// A search page is signed once: each edge's cursor resumes just after its
// hit, an index beyond the page's edges or another search's cursor is
// refused, and so is a cursor signed under another secret.
func TestSearchCursorsSignedOncePerPage(t *testing.T) {
	codec := searchCursors{key: []byte("secret"), query: "q1"}
	signed := codec.sign(40, 20)
	for _, k := range []int{0, 5, 19} {
		got, err := codec.decode(edgeCursor(signed, k))
		if err != nil || got != 40+k+1 {
			t.Errorf("edge %d: offset %d, %v; want %d", k, got, err, 40+k+1)
		}
	}
	refused := map[string]string{
		"index beyond the page": edgeCursor(signed, 20),
		"no index":              signed,
		"truncated":             edgeCursor(signed, 1)[:12],
		"another search":        edgeCursor(searchCursors{key: []byte("secret"), query: "q2"}.sign(40, 20), 1),
		"another secret":        edgeCursor(searchCursors{key: []byte("other"), query: "q1"}.sign(40, 20), 1),
	}
	for name, c := range refused {
		if _, err := codec.decode(c); err == nil || !strings.Contains(err.Error(), "cursor") {
			t.Errorf("%s: accepted (%v)", name, err)
		}
	}
}

// A page's cursors cut from one string are the ones edgeCursor makes.
func TestEdgeCursorsMatchEdgeCursor(t *testing.T) {
	signed := "c2lnbmVkIHN0YXRl"
	for _, n := range []int{0, 1, 20, 100} {
		got := edgeCursors(signed, n)
		if len(got) != n {
			t.Fatalf("%d edges: %d cursors", n, len(got))
		}
		for k, c := range got {
			if want := edgeCursor(signed, k); c != want {
				t.Errorf("edge %d of %d: %q, want %q", k, n, c, want)
			}
		}
	}
}
