package syncbuf_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/civgraph/civgraph/internal/syncbuf"
)

// Concurrent writers lose nothing (and -race sees no race).
func TestConcurrentWritesKeepEveryByte(t *testing.T) {
	var b syncbuf.Buffer
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				_, _ = b.Write([]byte("ab"))
				_, _ = b.WriteString("c")
				_ = b.String()
			}
		})
	}
	wg.Wait()
	if got := b.String(); len(got) != 8*100*3 || strings.Count(got, "c") != 800 {
		t.Fatalf("got %d bytes, %d c; want 2400, 800", len(got), strings.Count(got, "c"))
	}
}
