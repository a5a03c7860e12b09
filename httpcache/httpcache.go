package httpcache

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultMaxBody is the largest answer buffered to be hashed; larger ones
// are streamed without caching headers.
const DefaultMaxBody = 4 << 20

// decision is filled by Allow during the request.
type decision struct {
	mu      sync.Mutex
	allowed bool
	maxAge  time.Duration
}

type decisionKey struct{}

// Allow marks the answer being produced under ctx as cacheable for maxAge.
// Without a call (errors, or not a persisted GET), no caching headers are
// sent. Outside Handler it does nothing.
func Allow(ctx context.Context, maxAge time.Duration) {
	d, ok := ctx.Value(decisionKey{}).(*decision)
	if !ok {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.allowed, d.maxAge = true, max(maxAge, 0)
}

func (d *decision) get() (time.Duration, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.maxAge, d.allowed
}

// Options configure Handler.
type Options struct {
	// Private reports whether the answer to r is for its caller alone
	// (Cache-Control: private), e.g. because r is authenticated.
	Private func(r *http.Request) bool
	// Cacheable selects the requests considered at all; the others pass
	// through untouched.
	Cacheable func(r *http.Request) bool
	MaxBody   int // 0: DefaultMaxBody
}

// Handler serves next, adding ETag and Cache-Control to the answers of
// cacheable GET requests that the GraphQL layer allowed, and answering
// 304 when If-None-Match names the answer's ETag.
func Handler(next http.Handler, o Options) http.Handler {
	if o.MaxBody <= 0 {
		o.MaxBody = DefaultMaxBody
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || (o.Cacheable != nil && !o.Cacheable(r)) {
			next.ServeHTTP(w, r)
			return
		}
		d := &decision{}
		bw := &bufferWriter{w: w, max: o.MaxBody}
		next.ServeHTTP(bw, r.WithContext(context.WithValue(r.Context(), decisionKey{}, d)))
		if bw.streaming {
			return
		}
		maxAge, ok := d.get()
		status := bw.statusOrOK()
		if !ok || status != http.StatusOK {
			bw.flush()
			return
		}
		h := w.Header()
		etag := etagOf(bw.buf.Bytes())
		h.Set("ETag", etag)
		h.Set("Cache-Control", cacheControl(maxAge, o.Private != nil && o.Private(r)))
		h.Add("Vary", "Accept, Authorization, X-API-Key")
		if matches(r.Header.Get("If-None-Match"), etag) {
			h.Del("Content-Type")
			h.Del("Content-Length")
			w.WriteHeader(http.StatusNotModified)
			return
		}
		bw.flush()
	})
}

func cacheControl(maxAge time.Duration, private bool) string {
	scope := "public"
	if private {
		scope = "private"
	}
	return scope + ", max-age=" + strconv.Itoa(int(maxAge/time.Second))
}

// etagOf is a strong validator: the answer's bytes decide it.
func etagOf(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
}

// matches implements If-None-Match's weak comparison (RFC 9110 13.1.2).
func matches(header, etag string) bool {
	if header == "" {
		return false
	}
	for part := range strings.SplitSeq(header, ",") {
		part = strings.TrimSpace(part)
		if part == "*" || strings.TrimPrefix(part, "W/") == etag {
			return true
		}
	}
	return false
}

// bufferWriter holds an answer until it can be hashed; past max bytes it
// gives up and streams.
type bufferWriter struct {
	w         http.ResponseWriter
	max       int
	status    int
	buf       bytes.Buffer
	streaming bool
}

func (b *bufferWriter) Header() http.Header { return b.w.Header() }

func (b *bufferWriter) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

func (b *bufferWriter) Write(p []byte) (int, error) {
	if b.streaming {
		return b.w.Write(p)
	}
	if b.buf.Len()+len(p) > b.max {
		b.streaming = true
		b.flush()
		return b.w.Write(p)
	}
	return b.buf.Write(p)
}

func (b *bufferWriter) statusOrOK() int {
	if b.status == 0 {
		return http.StatusOK
	}
	return b.status
}

func (b *bufferWriter) flush() {
	b.w.WriteHeader(b.statusOrOK())
	_, _ = b.w.Write(b.buf.Bytes())
	b.buf.Reset()
}
