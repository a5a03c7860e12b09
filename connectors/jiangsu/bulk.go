package jiangsu

import (
	"context"
	"mime"
	"net/http"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
)

const bulkPath = "/opendata/bulk/service_sites.csv"

// sitesSnapshot is the parsed bulk file with the ETag it was served under.
//
// It is the one cache outside connectors/cache, on purpose: the portal
// offers sites only as one file without filtering, so every page of sites
// is cut from the whole register, and re-parsing a large GB18030 CSV for
// every page would cost far more than keeping the parsed rows. It follows
// the same policy (cfg.Cache: TTL, then stale-if-error within StaleGrace)
// and revalidates by ETag, so it is as fresh as a cache entry would be.
type sitesSnapshot struct {
	etag      string
	sites     []civ.ServiceSite // read-only once published
	fetchedAt time.Time         // last download or 304 confirmation
}

// ServiceSites implements connectors.Source: it filters and pages the
// bulk snapshot locally with the reference semantics.
func (c *Client) ServiceSites(ctx context.Context, q connectors.Query) (connectors.Result[civ.ServiceSite], error) {
	const op = "list service sites"
	if err := checkQuery(q); err != nil {
		return connectors.Result[civ.ServiceSite]{}, fail.New(connectors.CodeInvalidQuery, op, err.Error(), err)
	}
	snap, meta, err := c.sites(ctx, op)
	if err != nil {
		return connectors.Result[civ.ServiceSite]{}, err
	}
	items, total := civ.Select(snap.sites, q.Filter.MatchServiceSite, q.Offset, q.Limit)
	return connectors.Result[civ.ServiceSite]{Items: items, Total: total, Meta: meta}, nil
}

// sites returns a snapshot no older than the cache TTL, revalidating it
// (once for all concurrent callers) when it is older. If revalidation
// fails, or the caller's ctx ends first, the old snapshot is served
// flagged stale while it is within the stale grace.
func (c *Client) sites(ctx context.Context, op string) (*sitesSnapshot, connectors.Meta, error) {
	c.mu.Lock()
	old := c.snapshot
	c.mu.Unlock()
	if old != nil && c.conn.Now().Sub(old.fetchedAt) < c.cfg.Cache.TTL {
		return old, connectors.Meta{FetchedAt: old.fetchedAt, Cached: true}, nil
	}
	servable := old != nil && c.conn.Now().Sub(old.fetchedAt) < c.cfg.Cache.TTL+c.cfg.Cache.StaleGrace
	stale := connectors.Meta{Cached: true, Stale: true}
	if old != nil {
		stale.FetchedAt = old.fetchedAt
	}
	// The shared refresh must not die with the first caller's context; the
	// shared client's per-attempt timeout and retry limit bound it.
	ch := c.bulk.DoChan("sites", func() (any, error) { return c.refresh(context.WithoutCancel(ctx), op, old) })
	select {
	case <-ctx.Done():
		if servable {
			return old, stale, nil
		}
		return nil, connectors.Meta{}, connectors.Normalize(ctx, civ.Jiangsu, op, ctx.Err())
	case r := <-ch:
		if r.Err != nil {
			if servable {
				c.logRefreshFailure(ctx, r.Err)
				return old, stale, nil
			}
			return nil, connectors.Meta{}, r.Err
		}
		snap := r.Val.(*sitesSnapshot)
		return snap, connectors.Meta{FetchedAt: snap.fetchedAt, Cached: r.Shared}, nil
	}
}

func (c *Client) logRefreshFailure(ctx context.Context, err error) {
	c.conn.Log.WarnContext(ctx, "serving a stale service-site snapshot", "province", string(civ.Jiangsu), "error", err)
}

// refresh downloads the bulk file, or confirms old with a conditional GET
// (304 keeps its rows and renews its fetch time), and publishes the result.
func (c *Client) refresh(ctx context.Context, op string, old *sitesSnapshot) (*sitesSnapshot, error) {
	resp, err := c.get(ctx, c.conn.Base+bulkPath, op, func(h http.Header) {
		if old != nil && old.etag != "" {
			h.Set("If-None-Match", old.etag)
		}
	})
	if err != nil {
		return nil, err
	}
	var snap *sitesSnapshot
	switch {
	case resp.Status == http.StatusNotModified && old != nil:
		snap = &sitesSnapshot{etag: old.etag, sites: old.sites, fetchedAt: c.conn.Now()}
	case resp.Status == http.StatusNotModified:
		return nil, fail.New(connectors.CodeBadResponse, op, "304 Not Modified to an unconditional request", nil)
	case isJSON(resp.Header):
		// The portal reports errors on the bulk file as JSON envelopes.
		if _, err := c.envelope(resp.Body, op); err != nil {
			return nil, err
		}
		return nil, fail.New(connectors.CodeBadResponse, op, "the bulk file was a JSON envelope without an error", nil)
	default:
		sites, err := parseSites(resp.Body)
		if err != nil {
			return nil, fail.New(connectors.CodeBadResponse, op, err.Error(), err)
		}
		snap = &sitesSnapshot{etag: resp.Header.Get("ETag"), sites: sites, fetchedAt: c.conn.Now()}
	}
	c.mu.Lock()
	c.snapshot = snap
	c.mu.Unlock()
	return snap, nil
}

func isJSON(h http.Header) bool {
	mt, _, err := mime.ParseMediaType(h.Get("Content-Type"))
	return err == nil && mt == "application/json"
}
