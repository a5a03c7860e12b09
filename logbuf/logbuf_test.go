package logbuf_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/civgraph/civgraph/logbuf"
)

// sink records each write it gets; gate, when set, holds every write
// until it is closed.
type sink struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	writes []int
	gate   chan struct{}
}

func (s *sink) Write(p []byte) (int, error) {
	if s.gate != nil {
		<-s.gate
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writes = append(s.writes, len(p))
	return s.buf.Write(p)
}

func (s *sink) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

func (s *sink) counts() (writes int, largest int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range s.writes {
		largest = max(largest, n)
	}
	return len(s.writes), largest
}

func TestLinesArriveInOrderInFewWritesAndCloseLosesNothing(t *testing.T) {
	out := &sink{}
	w := logbuf.New(out, time.Hour, 1024)
	var want strings.Builder
	for i := range 500 {
		line := fmt.Sprintf("line %03d\n", i)
		want.WriteString(line)
		if _, err := w.Write([]byte(line)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != want.String() {
		t.Fatalf("got %d bytes, want %d, in order", len(got), want.Len())
	}
	writes, largest := out.counts()
	if writes > 5 || largest > 1024 {
		t.Errorf("%d writes, the largest %d bytes: want about 5 of at most 1024", writes, largest)
	}
	// After Close lines go through at once.
	_, _ = w.Write([]byte("late\n"))
	if !strings.HasSuffix(out.String(), "late\n") {
		t.Error("a line written after Close was not written at once")
	}
}

func TestTimerFlushes(t *testing.T) {
	out := &sink{}
	w := logbuf.New(out, 20*time.Millisecond, 0)
	defer w.Close()
	_, _ = w.Write([]byte("a\n"))
	if out.String() != "" {
		t.Fatal("written before the interval")
	}
	deadline := time.Now().Add(5 * time.Second)
	for out.String() != "a\n" {
		if time.Now().After(deadline) {
			t.Fatal("the timer did not write the line")
		}
		time.Sleep(5 * time.Millisecond)
	}
	// The timer is armed again by the next line.
	_, _ = w.Write([]byte("b\n"))
	for out.String() != "a\nb\n" {
		if time.Now().After(deadline) {
			t.Fatal("the timer did not write the second line")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestBoundHoldsWhileTheDestinationIsStuck(t *testing.T) {
	out := &sink{gate: make(chan struct{})}
	w := logbuf.New(out, time.Hour, 100)
	line := []byte(strings.Repeat("x", 9) + "\n")
	done := make(chan int)
	go func() {
		n := 0
		for range 100 { // 1000 bytes: ten buffers' worth
			_, _ = w.Write(line)
			n++
		}
		done <- n
	}()
	// The destination takes nothing: after one buffer handed to it and
	// one filled, the writer must wait rather than gather more.
	select {
	case n := <-done:
		t.Fatalf("wrote all %d lines while the destination was stuck: the buffer grew", n)
	case <-time.After(50 * time.Millisecond):
	}
	close(out.gate)
	<-done
	_ = w.Close()
	if got := out.String(); got != strings.Repeat(string(line), 100) {
		t.Fatalf("got %d bytes, want 1000", len(got))
	}
	if _, largest := out.counts(); largest > 100 {
		t.Errorf("a write of %d bytes, over the bound of 100", largest)
	}
}

func TestLineLargerThanTheBufferKeepsItsPlace(t *testing.T) {
	out := &sink{}
	w := logbuf.New(out, time.Hour, 16)
	big := strings.Repeat("y", 40) + "\n"
	for _, s := range []string{"a\n", big, "b\n"} {
		_, _ = w.Write([]byte(s))
	}
	_ = w.Close()
	if got := out.String(); got != "a\n"+big+"b\n" {
		t.Errorf("got %q", got)
	}
}

func TestConcurrentWritersKeepLinesWhole(t *testing.T) {
	out := &sink{}
	w := logbuf.New(out, time.Millisecond, 512)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 300 {
				_, _ = fmt.Fprintf(w, "g%d %04d\n", g, i)
			}
		}()
	}
	wg.Wait()
	_ = w.Close()
	next := map[string]int{}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	for _, l := range lines {
		var g string
		var i int
		if _, err := fmt.Sscanf(l, "%s %d", &g, &i); err != nil {
			t.Fatalf("broken line %q", l)
		}
		if i != next[g] {
			t.Fatalf("%s: line %d after %d: out of order or lost", g, i, next[g]-1)
		}
		next[g]++
	}
	if len(lines) != 8*300 {
		t.Errorf("%d lines, want %d", len(lines), 8*300)
	}
}

func TestFlushAtWritesErrorsAtOnce(t *testing.T) {
	out := &sink{}
	w := logbuf.New(out, time.Hour, 0)
	defer w.Close()
	logger := slog.New(logbuf.FlushAt(slog.NewTextHandler(w, nil).WithAttrs([]slog.Attr{slog.String("app", "x")}), slog.LevelError, w))
	logger.Info("first")
	if out.String() != "" {
		t.Fatal("an info line was written at once")
	}
	logger.Error("broken")
	got := out.String()
	if !strings.Contains(got, "msg=first") || !strings.Contains(got, "msg=broken") || strings.Index(got, "first") > strings.Index(got, "broken") {
		t.Errorf("after an error: %q, want both lines in order", got)
	}
}

func TestZeroIntervalWritesThrough(t *testing.T) {
	out := &sink{}
	w := logbuf.New(out, 0, 0)
	_, _ = w.Write([]byte("a\n"))
	if out.String() != "a\n" {
		t.Error("not written through")
	}
	if err := w.Close(); err != nil {
		t.Error(err)
	}
}
