package reqbody

import (
	"bytes"
	"io"
)

// Body is a request body held in memory: an io.ReadCloser over b whose
// unread bytes can be looked at without reading them.
type Body struct {
	b []byte
	r bytes.Reader
}

// New returns a body reading b. b must not change afterwards.
func New(b []byte) *Body {
	body := &Body{b: b}
	body.r.Reset(b)
	return body
}

func (b *Body) Read(p []byte) (int, error) { return b.r.Read(p) }

// WriteTo lets io.Copy and io.ReadAll's callers skip a buffer.
func (b *Body) WriteTo(w io.Writer) (int64, error) { return b.r.WriteTo(w) }

// Close does nothing: the bytes are already read from the connection.
func (b *Body) Close() error { return nil }

// Unread returns the bytes not read yet, without reading them; callers
// must not change them.
func (b *Body) Unread() []byte { return b.b[len(b.b)-b.r.Len():] }

// Peek returns the unread bytes of r when r is a Body, without reading
// them; ok is false for any other reader, which the caller must read.
func Peek(r io.Reader) (unread []byte, ok bool) {
	if b, ok := r.(*Body); ok {
		return b.Unread(), true
	}
	return nil, false
}
