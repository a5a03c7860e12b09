package kit

import (
	"context"
	"sync"

	"golang.org/x/sync/singleflight"

	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/panics"
)

// inflight coalesces a connector's identical uncached reads (cache_ttl 0)
// that run at the same time: a caller asking for a page while the same
// request is already on its way waits for that request's answer, decoded
// once for all its callers (PagedRows), instead of calling the upstream
// and decoding the same bytes again. Cached reads do not need it: the
// cache coalesces its own loads.
//
// Conn.Fetch serves reads only (a page or a lookup, whatever the HTTP
// method), and its key names the whole request. Every connector has its
// own inflight (Connect), built with its credentials, so a caller is never
// given an answer fetched with another connector's credentials, nor one
// from a configuration a reload replaced. The keys in flight are bounded
// by the requests in flight and their upstream calls (limits.*), and long
// ones are hashed (cache.BoundKey).
//
// The shared call runs under its first caller's context without its
// cancellation: keeping its values and its deadline, so it never runs
// longer than that caller's call would have; a caller that stops waiting
// (its deadline, its client gone) leaves with its own context's error and
// does not fail the others. A failure fails every caller of the call with
// the same error.
type inflight struct {
	group singleflight.Group
}

func newInflight() *inflight { return &inflight{} }

// flight is one shared read: its answer and, once a caller decoded it,
// the decoded page every other caller gets.
type flight struct {
	result  cache.Result
	once    sync.Once
	decoded any // a decodedPage of the first decoder's type
}

type decodedPage[V any] struct {
	value V
	err   error
}

// fetch returns the answer of the call fetch makes for key, sharing it
// with every caller asking for key while it runs; shared is called for
// each caller whose answer was shared, as the cache counts its own
// coalesced waits.
func (f *inflight) fetch(ctx context.Context, key string, fetch func(context.Context) (cache.Result, error), shared func()) (Raw, error) {
	ch := f.group.DoChan(cache.BoundKey(key), func() (v any, err error) {
		defer panics.Recover(&err) // singleflight would re-panic it where no one recovers
		sctx, cancel := sharedContext(ctx)
		defer cancel()
		res, err := fetch(sctx)
		if err != nil {
			return nil, err
		}
		return &flight{result: res}, nil
	})
	select {
	case <-ctx.Done():
		return Raw{}, ctx.Err()
	case r := <-ch:
		if r.Shared {
			shared()
		}
		if r.Err != nil {
			return Raw{}, r.Err
		}
		fl := r.Val.(*flight)
		return Raw{Key: key, Result: fl.result, flight: fl}, nil
	}
}

// sharedContext is ctx's values and deadline without its cancellation.
func sharedContext(ctx context.Context) (context.Context, context.CancelFunc) {
	shared := context.WithoutCancel(ctx)
	if deadline, ok := ctx.Deadline(); ok {
		return context.WithDeadline(shared, deadline)
	}
	return context.WithCancel(shared)
}

// decodeShared returns decode's result for the flight's answer, calling
// decode once for all the flight's callers: the value is shared and must
// be treated as read-only, like a memoized one. A caller decoding the same
// answer into another type decodes it for itself.
func decodeShared[V any](f *flight, decode func() (V, error)) (V, error) {
	f.once.Do(func() {
		var out decodedPage[V]
		defer func() { f.decoded = out }()
		defer panics.Recover(&out.err) // sync.Once would leave the others a zero value
		out.value, out.err = decode()
	})
	if d, ok := f.decoded.(decodedPage[V]); ok {
		return d.value, d.err
	}
	return decode()
}
