package kit

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
)

// Options are the dependencies every connector shares. Connectors take
// them as ...Option in their New.
type Options struct {
	Cache     *cache.Cache      // shared cache; a private in-memory one when nil
	Logger    *slog.Logger      // never nil after Build
	Transport http.RoundTripper // nil: the default pooled transport
	Now       func() time.Time  // clock, for signing and tests
	Memo      *Memo             // decoded pages; a private one when nil
}

// Option sets one of the Options.
type Option func(*Options)

// WithCache shares a cache between connectors (and replicas, when its store is shared).
func WithCache(c *cache.Cache) Option { return func(o *Options) { o.Cache = c } }

// WithLogger sets the logger.
func WithLogger(l *slog.Logger) Option { return func(o *Options) { o.Logger = l } }

// WithTransport sets the HTTP transport under the retrying client.
func WithTransport(rt http.RoundTripper) Option { return func(o *Options) { o.Transport = rt } }

// WithMemo sets the memo of decoded pages.
func WithMemo(m *Memo) Option { return func(o *Options) { o.Memo = m } }

// WithClock sets the clock.
func WithClock(now func() time.Time) Option { return func(o *Options) { o.Now = now } }

// BuildOptions applies opts over the defaults.
func BuildOptions(opts ...Option) Options {
	var o Options
	for _, f := range opts {
		f(&o)
	}
	if o.Cache == nil {
		o.Cache = cache.New(cache.NewMemoryStore(time.Minute))
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Memo == nil {
		o.Memo = NewMemo(DefaultMemoSize)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// MetaOf turns a cache result into a Result's provenance.
func MetaOf(r cache.Result) connectors.Meta {
	return connectors.Meta{FetchedAt: r.FetchedAt, Cached: r.Cached, Stale: r.Stale, NotFound: r.NotFound}
}
