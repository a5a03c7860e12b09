package kit

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors/baseurl"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/httpclient"
)

// Conn is what a connector reaches its upstream with: the checked base
// URL, the one retrying client, the shared cache and memo of decoded
// pages, the clock and the logger.
type Conn struct {
	Base  string // without a trailing slash
	HTTP  *httpclient.Client
	Cache *cache.Cache
	Memo  *Memo
	Now   func() time.Time
	Log   *slog.Logger

	inflight *inflight // nil: uncached reads are not coalesced
}

// Connect checks baseURL (baseurl.Parse) and builds province p's
// Conn from the shared options; httpOpts add the province's own policies
// (business retries, signing, 4xx bodies) to the retrying client.
func Connect(p civ.ProvinceCode, baseURL string, httpCfg httpclient.Config, opts []Option, httpOpts ...httpclient.Option) (Conn, error) {
	base, err := baseurl.Parse(baseURL)
	if err != nil {
		return Conn{}, fmt.Errorf("%s: BaseURL %w", strings.ToLower(string(p)), err)
	}
	o := BuildOptions(opts...)
	shared := []httpclient.Option{httpclient.WithTransport(o.Transport), httpclient.WithLogger(o.Logger)}
	return Conn{
		Base:  base,
		HTTP:  httpclient.New(p, httpCfg, append(shared, httpOpts...)...),
		Cache: o.Cache,
		Memo:  o.Memo,
		Now:   o.Now,
		Log:   o.Logger,

		inflight: newInflight(),
	}, nil
}

// Fetch reads one upstream page through the cache under key, calling load
// on a miss. The key must name the request (path, parameters, body) and
// never a credential: replicas share it. Fetch is for reads only: when
// policy caches nothing, callers asking for the same key at the same time
// share one call of load (see inflight).
func (c Conn) Fetch(ctx context.Context, key string, policy cache.Policy, load func(context.Context) ([]byte, error)) (Raw, error) {
	fetch := func(ctx context.Context) (cache.Result, error) { return c.Cache.Fetch(ctx, key, policy, load) }
	if policy.TTL <= 0 && c.inflight != nil {
		return c.inflight.fetch(ctx, key, fetch, func() { c.Cache.CountCoalesced(key) })
	}
	res, err := fetch(ctx)
	if err != nil {
		return Raw{}, err
	}
	return Raw{Key: key, Result: res}, nil
}
