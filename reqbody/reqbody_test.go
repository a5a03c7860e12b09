package reqbody_test

import (
	"io"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/reqbody"
)

func TestPeekShowsWhatIsLeftWithoutReading(t *testing.T) {
	b := reqbody.New([]byte(`{"query":"{ a }"}`))
	if got, ok := reqbody.Peek(b); !ok || string(got) != `{"query":"{ a }"}` {
		t.Fatalf("Peek = %q, %v", got, ok)
	}
	head := make([]byte, 3)
	if _, err := io.ReadFull(b, head); err != nil {
		t.Fatal(err)
	}
	if got, _ := reqbody.Peek(b); string(got) != `uery":"{ a }"}` {
		t.Errorf("after reading 3 bytes Peek = %q", got)
	}
	rest, err := io.ReadAll(b)
	if err != nil || string(rest) != `uery":"{ a }"}` {
		t.Errorf("ReadAll = %q, %v", rest, err)
	}
	if got, _ := reqbody.Peek(b); len(got) != 0 {
		t.Errorf("after reading all Peek = %q", got)
	}
	if _, ok := reqbody.Peek(io.NopCloser(strings.NewReader("x"))); ok {
		t.Error("Peek saw into a reader that is not a Body")
	}
}
