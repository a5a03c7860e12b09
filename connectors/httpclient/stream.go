package httpclient

import (
	"bytes"
	"context"
	"io"
	"mime"
	"net/http"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Stream is an upstream answer of 200 or 304 whose body is left unread,
// for files too large to hold in memory (Jiangsu's bulk register). The
// caller reads and closes Body and bounds its size itself.
type Stream struct {
	Status int
	Header http.Header
	Body   io.ReadCloser
}

// Stream sends req with Do's retries, guard and errors, but returns a
// 2xx or 304 answer with its body unread. The attempt timeout bounds the
// wait for the headers only; req's context bounds reading the body. A
// JSON answer is still inspected by the body-retry policy (an upstream's
// "busy" envelope), and is limited like Do's; any other body is never
// read here, so it is never read twice or cut to MaxBodyBytes.
func (c *Client) Stream(req *retryablehttp.Request, op string) (*Stream, error) {
	c.cfg.Health.Request()
	s, err := c.doStream(req, op)
	c.cfg.Health.Done(err)
	return s, err
}

func (c *Client) doStream(req *retryablehttp.Request, op string) (*Stream, error) {
	resp, err := c.send(c.stream, req.WithContext(context.WithValue(req.Context(), streamKey{}, true)), op)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 && !isJSON(resp.Header) {
		return &Stream{Status: resp.StatusCode, Header: resp.Header, Body: resp.Body}, nil
	}
	body, err := c.read(resp, op)
	if err != nil {
		return nil, err
	}
	out, err := c.answer(resp, body, op)
	if err != nil {
		return nil, err
	}
	return &Stream{Status: out.Status, Header: out.Header, Body: io.NopCloser(bytes.NewReader(out.Body))}, nil
}

type streamKey struct{}

func isStream(ctx context.Context) bool { v, _ := ctx.Value(streamKey{}).(bool); return v }

// isJSON reports a JSON content type (application/json or +json).
func isJSON(h http.Header) bool {
	mt, _, err := mime.ParseMediaType(h.Get("Content-Type"))
	return err == nil && (mt == "application/json" || len(mt) > 5 && mt[len(mt)-5:] == "+json")
}

// failingReader fails every read with err.
type failingReader struct{ err error }

func (f failingReader) Read([]byte) (int, error) { return 0, f.err }

// headerTimeout ends an attempt that has no headers after d; once they
// have come, the body is read under the request's own context.
type headerTimeout struct {
	next http.RoundTripper
	d    time.Duration
}

func (t headerTimeout) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancelCause(req.Context())
	timer := time.AfterFunc(t.d, func() { cancel(context.DeadlineExceeded) })
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	if !timer.Stop() { // the headers came too late
		if err == nil {
			resp.Body.Close()
		}
		return nil, context.DeadlineExceeded
	}
	if err != nil {
		cancel(nil)
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: func() { cancel(nil) }}
	return resp, nil
}

// cancelOnClose releases the attempt's context with its body.
type cancelOnClose struct {
	io.ReadCloser
	cancel func()
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
