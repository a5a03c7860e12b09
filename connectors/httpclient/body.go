package httpclient

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"sync"
)

var errBodyTooLarge = errors.New("response body exceeds the size limit")

// Reading a body whose length is not announced (a chunked answer) into a
// growing slice allocates about twice its size in discarded smaller
// slices; a pooled buffer, warm from earlier answers, grows rarely, and
// the body is then copied out once at its exact size.
const (
	// exactReadMax is the largest announced Content-Length read straight
	// into a slice of that size: a larger one may be a lie that would
	// make the gateway allocate what never arrives.
	exactReadMax = 1 << 20
	// pooledBufferMax is the largest buffer kept for reuse.
	pooledBufferMax = 4 << 20
)

var bodyBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// readBody reads and closes resp's body, at most limit bytes
// (errBodyTooLarge beyond), allocating it once at its size. A body
// checkRetry has already read is returned as it is.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	if rb, ok := resp.Body.(*readOnce); ok {
		return rb.body, nil
	}
	defer resp.Body.Close()
	if n := resp.ContentLength; n >= 0 && n <= min(limit, exactReadMax) {
		return readExact(resp.Body, n)
	}
	buf := bodyBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= pooledBufferMax {
			bodyBuffers.Put(buf)
		}
	}()
	if _, err := buf.ReadFrom(io.LimitReader(resp.Body, limit+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > limit {
		return nil, errBodyTooLarge
	}
	return bytes.Clone(buf.Bytes()), nil
}

// readExact reads a body announced as n bytes long. One that turns out
// longer is an error rather than cut short: the transport normally
// refuses it first.
func readExact(r io.Reader, n int64) ([]byte, error) {
	body := make([]byte, n)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, err
	}
	var extra [1]byte
	if m, err := r.Read(extra[:]); m > 0 || (err != nil && err != io.EOF) {
		return nil, errors.New("response body is longer than its Content-Length")
	}
	return body, nil
}

// readOnce is a body checkRetry has read to look for a business "busy"
// code: Do takes its bytes instead of reading (and copying) them again;
// a streaming caller reads it like any body.
type readOnce struct {
	*bytes.Reader
	body []byte
}

func newReadBody(body []byte) *readOnce { return &readOnce{Reader: bytes.NewReader(body), body: body} }

// Close implements io.Closer.
func (*readOnce) Close() error { return nil }
