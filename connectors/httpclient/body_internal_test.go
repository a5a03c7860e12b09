package httpclient

import (
	"bytes"
	"io"
	"net/http"
	"testing"
)

func TestBodyReadByTheRetryCheckIsNotReadAgain(t *testing.T) {
	body := []byte(`{"code":0}`)
	got, err := readBody(&http.Response{Body: newReadBody(body), ContentLength: -1}, 1<<20)
	if err != nil || &got[0] != &body[0] {
		t.Fatalf("got %q, %v; want the very bytes the retry check read", got, err)
	}
}

func TestBodyLongerThanItsContentLengthIsAnError(t *testing.T) {
	resp := &http.Response{Body: io.NopCloser(bytes.NewReader([]byte("0123456789"))), ContentLength: 5}
	if got, err := readBody(resp, 1<<20); err == nil {
		t.Fatalf("got %q, want an error rather than a body cut to its announced length", got)
	}
}
