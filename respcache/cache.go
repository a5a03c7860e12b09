package respcache

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/civgraph/civgraph/civ"
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

	hits, misses, stores atomic.Int64
}

// New returns a cache; Config's MaxBytes must be positive.
func New(cfg Config) *Cache {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Cache{cfg: cfg, store: newStore(cfg.MaxBytes)}
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
	Bytes                int64
	Entries              int
}

// Stats returns the counters.
func (c *Cache) Stats() Stats {
	b, n := c.store.usage()
	return Stats{Hits: c.hits.Load(), Misses: c.misses.Load(), Stores: c.stores.Load(), Bytes: b, Entries: n}
}

// candidate is a request whose answer may be kept, waiting for the
// executor's verdict (Allow).
type candidate struct {
	before    map[civ.ProvinceCode]uint64 // data versions before execution began
	allowed   bool
	provinces []civ.ProvinceCode
	ttl       time.Duration
}

type candidateKey struct{}

// Allow lets the answer being built in ctx be kept for ttl (capped by
// MaxAge): it used the data of provinces, all of it fresh for at least
// ttl. The executor calls it only for complete answers (no errors) of
// query operations whose fields are all safe to replay. Outside a
// cacheable request it does nothing.
func Allow(ctx context.Context, provinces []civ.ProvinceCode, ttl time.Duration) {
	if c, ok := ctx.Value(candidateKey{}).(*candidate); ok && ttl > 0 && len(provinces) > 0 {
		c.allowed, c.provinces, c.ttl = true, provinces, ttl
	}
}

// Wrap serves kept answers to POST requests that carry their query text
// and keeps the answers next produces when the executor allows it.
func (c *Cache) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			next.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, c.cfg.MaxBodyBytes+1))
		// The handler behind reads the same bytes (and whatever follows a
		// body over the limit, to refuse it as before).
		r.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(body), r.Body), r.Body}
		if err != nil || int64(len(body)) > c.cfg.MaxBodyBytes {
			next.ServeHTTP(w, r)
			return
		}
		req, ok := parseRequest(body)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		key, ok := keyOf(req, c.cfg.Scope(r.Context()), r.Header.Get("Accept"))
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		if e, ok := c.lookup(key); ok {
			c.hits.Add(1)
			h := w.Header()
			h.Set("Content-Type", e.contentType)
			h.Set("Content-Length", strconv.Itoa(len(e.body)))
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write(e.body)
			return
		}
		c.misses.Add(1)
		cand := &candidate{before: map[civ.ProvinceCode]uint64{}}
		for _, p := range civ.AllProvinces {
			cand.before[p] = c.cfg.Versions(p)
		}
		tw := &teeWriter{ResponseWriter: w, limit: c.cfg.MaxEntryBytes}
		next.ServeHTTP(tw, r.WithContext(context.WithValue(r.Context(), candidateKey{}, cand)))
		if !cand.allowed || tw.status != http.StatusOK || tw.over {
			return
		}
		e := &entry{key: key, body: sourcesCached(tw.buf.Bytes()), contentType: w.Header().Get("Content-Type"),
			expires: c.cfg.Now().Add(min(cand.ttl, c.cfg.MaxAge))}
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
	})
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
