package logbuf

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"time"
)

// DefaultMaxBytes bounds the lines waiting in a Writer; a fuller buffer is
// written at once.
const DefaultMaxBytes = 64 << 10

// Writer is an io.Writer that batches what is written to out; safe for
// concurrent use. Each Write is kept whole and in order.
type Writer struct {
	out      io.Writer
	interval time.Duration
	maxBytes int

	// wmu orders the writes to out: whoever takes the buffer writes it
	// before anyone takes the next one.
	wmu sync.Mutex

	mu     sync.Mutex
	buf    []byte // lines waiting, at most maxBytes
	spare  []byte // the other buffer, while buf's lines are written
	armed  bool   // the timer will flush buf
	closed bool
	timer  *time.Timer
}

// New returns a Writer over out that writes what it gathers at least every
// interval and whenever more than maxBytes wait (maxBytes ≤ 0:
// DefaultMaxBytes). interval ≤ 0 writes through.
func New(out io.Writer, interval time.Duration, maxBytes int) *Writer {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	w := &Writer{out: out, interval: interval, maxBytes: maxBytes}
	if interval > 0 {
		w.buf, w.spare = make([]byte, 0, maxBytes), make([]byte, 0, maxBytes)
		w.timer = time.AfterFunc(time.Hour, func() { _ = w.flush(nil, true) })
		w.timer.Stop()
	}
	return w
}

// Write keeps p to be written with the next batch. A p larger than the
// buffer is written at once, after the lines before it.
func (w *Writer) Write(p []byte) (int, error) {
	if w.interval <= 0 {
		return w.writeThrough(p)
	}
	for {
		w.mu.Lock()
		switch {
		case w.closed || len(p) > w.maxBytes:
			w.mu.Unlock()
			return len(p), w.flush(p, false)
		case len(w.buf)+len(p) <= w.maxBytes:
			w.buf = append(w.buf, p...)
			if !w.armed {
				w.armed = true
				w.timer.Reset(w.interval)
			}
			w.mu.Unlock()
			return len(p), nil
		}
		w.mu.Unlock()
		// Full: write the batch (waiting for one being written, which
		// bounds the memory to two buffers), then try again. A failed
		// write loses that batch, as an unbuffered one loses its line.
		_ = w.flush(nil, false)
	}
}

func (w *Writer) writeThrough(p []byte) (int, error) {
	w.wmu.Lock()
	defer w.wmu.Unlock()
	return w.out.Write(p)
}

// Flush writes the lines waiting.
func (w *Writer) Flush() error { return w.flush(nil, false) }

// Close stops the timer and writes the lines waiting; later writes go
// through at once, so nothing logged during shutdown is lost.
func (w *Writer) Close() error {
	if w.interval <= 0 {
		return nil
	}
	w.mu.Lock()
	w.closed = true
	w.timer.Stop()
	w.mu.Unlock()
	return w.flush(nil, false)
}

// flush writes the waiting lines, then then (if any). timed tells that the
// timer called it: the next line arms it again.
func (w *Writer) flush(then []byte, timed bool) error {
	if w.interval <= 0 {
		if len(then) == 0 {
			return nil
		}
		_, err := w.writeThrough(then)
		return err
	}
	w.wmu.Lock()
	defer w.wmu.Unlock()
	w.mu.Lock()
	batch := w.buf
	w.buf, w.spare = w.spare, nil
	if timed {
		w.armed = false
	}
	w.mu.Unlock()
	var err error
	if len(batch) > 0 {
		_, err = w.out.Write(batch)
	}
	if err == nil && len(then) > 0 {
		_, err = w.out.Write(then)
	}
	w.mu.Lock()
	w.spare = batch[:0]
	w.mu.Unlock()
	return err
}

// FlushAt wraps h so that every record at level or above is written at
// once, with the lines before it: an error is seen when it happens.
func FlushAt(h slog.Handler, level slog.Leveler, w *Writer) slog.Handler {
	return flushHandler{h, level, w}
}

type flushHandler struct {
	slog.Handler
	level slog.Leveler
	w     *Writer
}

func (h flushHandler) Handle(ctx context.Context, r slog.Record) error {
	err := h.Handler.Handle(ctx, r)
	if r.Level >= h.level.Level() {
		_ = h.w.Flush()
	}
	return err
}

func (h flushHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return flushHandler{h.Handler.WithAttrs(as), h.level, h.w}
}

func (h flushHandler) WithGroup(name string) slog.Handler {
	return flushHandler{h.Handler.WithGroup(name), h.level, h.w}
}
