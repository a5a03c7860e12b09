package httpclient_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/httpclient"
)

// TestBodiesArriveWhole reads bodies of many sizes, chunked and with a
// Content-Length, with and without a body retry policy (which reads the
// body first), from a pooled buffer that earlier, larger bodies left
// behind: each must arrive byte for byte, and one past the cap must be
// SOURCE_BAD_RESPONSE whichever way it is sent.
func TestBodiesArriveWhole(t *testing.T) {
	const limit = 64 << 10
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		if r.URL.Query().Get("length") == "1" {
			w.Header().Set("Content-Length", strconv.Itoa(n))
		}
		_, _ = w.Write(pattern(n))
	}))
	defer srv.Close()
	cfg := fast
	cfg.MaxBodyBytes = limit
	for _, retry := range []bool{false, true} {
		var opts []httpclient.Option
		if retry {
			opts = append(opts, httpclient.WithBodyRetry(func([]byte) bool { return false }))
		}
		c := httpclient.New(civ.Hebei, cfg, opts...)
		for _, length := range []string{"0", "1"} {
			for _, n := range []int{limit, 0, 1, 511, 4096, 13599, limit - 1} {
				resp, err := get(t, c, srv.URL+"?n="+strconv.Itoa(n)+"&length="+length)
				if err != nil || !bytes.Equal(resp.Body, pattern(n)) {
					t.Fatalf("retry %v, length %s, %d bytes: got %d bytes, err %v", retry, length, n, len(resp.Body), err)
				}
			}
			_, err := get(t, c, srv.URL+"?n="+strconv.Itoa(limit+1)+"&length="+length)
			if ue, ok := connectors.AsUpstreamError(err); !ok || ue.Code != connectors.CodeBadResponse {
				t.Fatalf("retry %v, length %s: err = %v, want SOURCE_BAD_RESPONSE past the cap", retry, length, err)
			}
		}
	}
}

func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + i%26)
	}
	return b
}
