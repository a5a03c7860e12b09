package respcache

import (
	"bytes"
	"context"
	"io"
	"mime"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/reqbody"
)

// Config bounds the cache.
type Config struct {
	MaxBytes      int64         // bound of all kept answers (with keys and overhead)
	MaxEntryBytes int64         // largest answer kept
	MaxBodyBytes  int64         // largest request body read to find its key
	MaxAge        time.Duration // longest any answer is kept
	// Versions returns province p's current data version
	// (connectors/cache.Cache.Version of its partition).
	Versions func(p civ.ProvinceCode) uint64
	// Scope names what the caller of ctx may see; callers that see the
	// same thing share answers.
	Scope func(ctx context.Context) string
	Now   func() time.Time // nil: time.Now
}

// Cache is the whole-response cache and its HTTP middleware.
type Cache struct {
	cfg   Config
	store *store
	memo  *keyMemo

	// inflight holds, per key being executed, a channel closed when that
	// execution ends: identical requests arriving meanwhile wait for it and
	// take its answer rather than all executing at once (a cold start under
	// load). It holds at most one entry per request in flight.
	mu       sync.Mutex
	inflight map[Key]chan struct{}
	// solo holds keys whose last answer could not be kept (an uncached
	// province, errors, a live field), until when: their requests do not
	// wait for each other, as waiting would only serialize them.
	solo map[Key]time.Time

	hits, misses, stores, coalesced atomic.Int64
}

// New returns a cache; Config's MaxBytes must be positive.
func New(cfg Config) *Cache {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Cache{cfg: cfg, store: newStore(cfg.MaxBytes), memo: newKeyMemo(), inflight: map[Key]chan struct{}{}, solo: map[Key]time.Time{}}
}

// version is one province's data version as an answer saw it.
type version struct {
	province civ.ProvinceCode
	n        uint64
}

// versionSize is what one version costs in an entry, for the byte bound.
const versionSize = 32

// Stats are the cache's counters and what it holds.
type Stats struct {
	Hits, Misses, Stores int64
	Coalesced            int64 // requests that waited for an identical one in flight
	Bytes                int64
	Entries              int
}

// Stats returns the counters.
func (c *Cache) Stats() Stats {
	b, n := c.store.usage()
	return Stats{Hits: c.hits.Load(), Misses: c.misses.Load(), Stores: c.stores.Load(), Coalesced: c.coalesced.Load(), Bytes: b, Entries: n}
}

// candidate is a request whose answer may be kept, waiting for the
// executor's verdict (Allow).
type candidate struct {
	before    map[civ.ProvinceCode]uint64 // data versions before execution began
	allowed   bool
	provinces []civ.ProvinceCode
	until     time.Time // the data's freshness ends, counted from when Allow was called
	now       func() time.Time
}

type candidateKey struct{}

// Allow lets the answer being built in ctx be kept for ttl (capped by
// MaxAge): it used the data of provinces, all of it fresh for at least
// ttl. The executor calls it only for complete answers (no errors) of
// query operations whose fields are all safe to replay. Outside a
// cacheable request it does nothing.
func Allow(ctx context.Context, provinces []civ.ProvinceCode, ttl time.Duration) {
	if c, ok := ctx.Value(candidateKey{}).(*candidate); ok && ttl > 0 && len(provinces) > 0 {
		c.allowed, c.provinces, c.until = true, provinces, c.now().Add(ttl)
	}
}

// Wrap serves kept answers to POST requests that carry their query text
// or name their document by id, and keeps the answers next produces when
// the executor allows it.
func (c *Cache) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !plainPOST(r) {
			next.ServeHTTP(w, r)
			return
		}
		body, ok := c.body(r)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		key, ok := c.keyOf(r, body)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		if e, ok := c.lookup(key); ok {
			c.hits.Add(1)
			serve(w, e)
			return
		}
		c.execute(next, w, r, key)
	})
}

// body returns r's body and leaves r.Body to give the same bytes again to
// the handler behind, then whatever follows them (a body over the limit is
// refused there as before); ok is false when it could not be read whole
// within MaxBodyBytes. A body the server already holds in memory is looked
// at, not copied.
func (c *Cache) body(r *http.Request) (body []byte, ok bool) {
	if b, ok := reqbody.Peek(r.Body); ok {
		return b, int64(len(b)) <= c.cfg.MaxBodyBytes
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, c.cfg.MaxBodyBytes+1))
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(b), r.Body), r.Body}
	return b, err == nil && int64(len(b)) <= c.cfg.MaxBodyBytes
}

// keyOf returns the key of the request r with body, from the memo when
// the same request was seen before; ok is false for one that is not kept.
func (c *Cache) keyOf(r *http.Request, body []byte) (Key, bool) {
	scope, accept := c.cfg.Scope(r.Context()), r.Header.Get("Accept")
	if key, ok := c.memo.get(body, scope, accept); ok {
		return key, true
	}
	req, ok := parseRequest(body)
	if !ok {
		return Key{}, false
	}
	key, ok := keyOf(req, scope, accept)
	if ok {
		c.memo.put(body, scope, accept, key)
	}
	return key, ok
}

// execute runs next for a request whose answer was not found, taking the
// answer of an identical request in flight when there is one and keeping
// the answer when the executor allows it.
func (c *Cache) execute(next http.Handler, w http.ResponseWriter, r *http.Request, key Key) {
	done, leader := c.lead(key)
	switch {
	case done == nil: // answers to this request are not kept: no waiting
	case !leader:
		// An identical request is executing: wait for it, then take its
		// answer if it could be kept, else execute as usual.
		c.coalesced.Add(1)
		select {
		case <-done:
		case <-r.Context().Done():
		}
		if e, ok := c.lookup(key); ok {
			c.hits.Add(1)
			serve(w, e)
			return
		}
	default:
		defer c.finish(key, done)
	}
	c.misses.Add(1)
	cand := &candidate{before: map[civ.ProvinceCode]uint64{}, now: c.cfg.Now}
	for _, p := range civ.AllProvinces {
		cand.before[p] = c.cfg.Versions(p)
	}
	tw := &teeWriter{ResponseWriter: w, limit: c.cfg.MaxEntryBytes}
	next.ServeHTTP(tw, r.WithContext(context.WithValue(r.Context(), candidateKey{}, cand)))
	if !cand.allowed || tw.status != http.StatusOK || tw.over {
		c.markSolo(key)
		return
	}
	e := newEntry(key, sourcesCached(tw.buf.Bytes()), w.Header().Get("Content-Type"), cand.until)
	if maxAge := c.cfg.Now().Add(c.cfg.MaxAge); maxAge.Before(e.expires) {
		e.expires = maxAge
	}
	for _, p := range cand.provinces {
		if c.cfg.Versions(p) != cand.before[p] {
			// The province's data changed while the answer was built
			// (maybe by this very request's loads): it may mix old and
			// new, and would never match again anyway.
			return
		}
		e.versions = append(e.versions, version{p, cand.before[p]})
	}
	c.store.put(e)
	c.stores.Add(1)
}

// plainPOST reports whether r is a POST of an application/json body that
// the GraphQL POST transport takes; anything else (another media type,
// answered 415, or an upgrade) goes its own way.
func plainPOST(r *http.Request) bool {
	if r.Method != http.MethodPost || r.Header.Get("Upgrade") != "" {
		return false
	}
	ct := r.Header.Get("Content-Type")
	if ct == "application/json" { // what clients send; parsing it costs a map
		return true
	}
	mediaType, _, err := mime.ParseMediaType(ct)
	return err == nil && mediaType == "application/json"
}

// lead makes the caller the one execution of key in flight (leader true)
// or returns the channel that closes when the current one ends.
// It returns no channel for a key whose answers are not being kept.
func (c *Cache) lead(key Key) (done chan struct{}, leader bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if until, ok := c.solo[key]; ok {
		if c.cfg.Now().Before(until) {
			return nil, false
		}
		delete(c.solo, key)
	}
	if ch, ok := c.inflight[key]; ok {
		return ch, false
	}
	ch := make(chan struct{})
	c.inflight[key] = ch
	return ch, true
}

// finish ends the leader's execution of key.
func (c *Cache) finish(key Key, done chan struct{}) {
	c.mu.Lock()
	delete(c.inflight, key)
	c.mu.Unlock()
	close(done)
}

// Bounds of the memory of keys whose answers are not kept.
const (
	soloFor  = time.Minute
	maxSolos = 10_000
)

// markSolo remembers for a while that key's answer could not be kept.
func (c *Cache) markSolo(key Key) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.solo) >= maxSolos {
		clear(c.solo) // bounded: forgetting only costs one wait per key
	}
	c.solo[key] = c.cfg.Now().Add(soloFor)
}

// serve writes a kept answer. Its header values are the entry's own
// slices, made once (capacity = length, so an Add elsewhere copies them).
func serve(w http.ResponseWriter, e *entry) {
	h := w.Header()
	h["Content-Type"] = e.contentTypeHeader
	h["Content-Length"] = e.lengthHeader
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(e.body)
}

// lookup returns the entry under key if it is fresh and every province it
// used still has the data version it saw.
func (c *Cache) lookup(key Key) (*entry, bool) {
	e, ok := c.store.get(key, c.cfg.Now())
	if !ok {
		return nil, false
	}
	for _, v := range e.versions {
		if c.cfg.Versions(v.province) != v.n {
			c.store.remove(key, e)
			return nil, false
		}
	}
	return e, true
}

// sourcesCached marks the provinces of a kept answer as served from a
// cache in extensions.sources ("state":"FRESH" was true only for the
// request that fetched them). The pattern can only be the gateway's own
// encoding: inside a JSON string its quotes would be escaped.
func sourcesCached(body []byte) []byte {
	return bytes.ReplaceAll(body, []byte(`"state":"FRESH"`), []byte(`"state":"CACHED"`))
}

// teeWriter passes an answer through and keeps a copy of it, up to limit
// bytes.
type teeWriter struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
	limit  int64
	over   bool
}

func (t *teeWriter) WriteHeader(code int) {
	if t.status == 0 {
		t.status = code
	}
	t.ResponseWriter.WriteHeader(code)
}

func (t *teeWriter) Write(b []byte) (int, error) {
	if t.status == 0 {
		t.status = http.StatusOK
	}
	if !t.over {
		if int64(t.buf.Len()+len(b)) > t.limit {
			t.over = true
			t.buf = bytes.Buffer{}
		} else {
			t.buf.Write(b)
		}
	}
	return t.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (t *teeWriter) Unwrap() http.ResponseWriter { return t.ResponseWriter }
