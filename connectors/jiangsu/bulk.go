package jiangsu

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/httpclient"
)

const bulkPath = "/opendata/bulk/service_sites.csv"

// sitesSnapshot is the parsed and indexed bulk file with the ETag it was
// served under.
//
// It is the one cache outside connectors/cache, on purpose: the portal
// offers sites only as one file without filtering, so every page of sites
// is cut from the whole register, and re-parsing a large GB18030 CSV for
// every page would cost far more than keeping the indexed rows. It follows
// the same policy (cfg.Cache: TTL, then stale-if-error within StaleGrace)
// and revalidates by ETag, so it is as fresh as a cache entry would be.
type sitesSnapshot struct {
	etag      string
	index     *index    // read-only once published, shared by every request
	fetchedAt time.Time // last download or 304 confirmation
}

// badFile remembers a bulk file that could not be used (too large,
// malformed), so that it is not downloaded again until revalidation
// shows it changed: a conditional GET naming its ETag answered 304 gives
// the same error without a download.
type badFile struct {
	etag string
	err  error
	at   time.Time
}

// ServiceSites implements connectors.Source: it cuts the window from the
// indexed bulk snapshot, in q.Order, with the reference semantics of
// civ.Filter.MatchServiceSite plus Near and Box.
func (c *Client) ServiceSites(ctx context.Context, q connectors.Query) (connectors.Result[civ.ServiceSite], error) {
	const op = "list service sites"
	if err := checkQuery(q); err != nil {
		return connectors.Result[civ.ServiceSite]{}, fail.New(connectors.CodeInvalidQuery, op, err.Error(), err)
	}
	snap, meta, err := c.sites(ctx, op)
	if err != nil {
		return connectors.Result[civ.ServiceSite]{}, err
	}
	a, err := snap.index.query(q)
	if err != nil {
		return connectors.Result[civ.ServiceSite]{}, fail.New(connectors.CodeInvalidQuery, op, err.Error(), err)
	}
	items := make([]civ.ServiceSite, len(a.rows))
	for k, row := range a.rows {
		items[k] = snap.index.site(row)
	}
	runtime.KeepAlive(snap) // its index's arrays are outside the heap (slab)
	return connectors.Result[civ.ServiceSite]{Items: items, Total: a.total, Meta: meta}, nil
}

// sites returns a snapshot no older than the cache TTL, revalidating it
// (once for all concurrent callers) when it is older. If revalidation
// fails, or the caller's ctx ends first, the old snapshot is served
// flagged stale while it is within the stale grace.
func (c *Client) sites(ctx context.Context, op string) (*sitesSnapshot, connectors.Meta, error) {
	c.mu.Lock()
	old, bad := c.snapshot, c.bad
	c.mu.Unlock()
	if old != nil && c.conn.Now().Sub(old.fetchedAt) < c.cfg.Cache.TTL {
		return old, connectors.Meta{FetchedAt: old.fetchedAt, Cached: true}, nil
	}
	servable := old != nil && c.conn.Now().Sub(old.fetchedAt) < c.cfg.Cache.TTL+c.cfg.Cache.StaleGrace
	stale := connectors.Meta{Cached: true, Stale: true}
	if old != nil {
		stale.FetchedAt = old.fetchedAt
	}
	if bad != nil && c.conn.Now().Sub(bad.at) < c.cfg.Cache.TTL {
		// The file is known to be unusable until revalidated.
		if servable {
			return old, stale, nil
		}
		return nil, connectors.Meta{}, bad.err
	}
	// The shared refresh must not die with the first caller's context; the
	// shared client's per-attempt timeout and retry limit bound it.
	ch := c.bulk.DoChan("sites", func() (any, error) { return c.refresh(context.WithoutCancel(ctx), op, old) })
	select {
	case <-ctx.Done():
		if servable {
			return old, stale, nil
		}
		if old == nil {
			// The first download goes on without the caller; saying so
			// tells a client that retrying soon will be answered.
			return nil, connectors.Meta{}, fail.New(connectors.CodeTimeout, op, stillLoading+"; try again shortly", ctx.Err())
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

// stillLoading says why sites cannot be served before the first snapshot.
const stillLoading = "the bulk site file is still being downloaded and indexed"

// Loading says, while the first download and index of the bulk site file
// runs, what is loading (for readiness reports): until that snapshot is
// published, a site request that cannot wait for it ends SOURCE_TIMEOUT.
// It is "" before any request has asked for sites, once the snapshot is
// published, and after a first load that failed until another begins.
func (c *Client) Loading() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snapshot != nil || !c.firstLoad {
		return ""
	}
	return stillLoading + " for the first time; service sites are unavailable until it is"
}

func (c *Client) logRefreshFailure(ctx context.Context, err error) {
	c.conn.Log.WarnContext(ctx, "serving a stale service-site snapshot", "province", string(civ.Jiangsu), "error", err)
}

// refresh downloads the bulk file, or confirms old with a conditional GET
// (304 keeps its index and renews its fetch time), and publishes the
// result. The body is parsed as it streams, within cfg.BulkMaxBytes.
func (c *Client) refresh(ctx context.Context, op string, old *sitesSnapshot) (*sitesSnapshot, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.bulkTimeout())
	defer cancel()
	c.mu.Lock()
	bad := c.bad
	if old == nil { // refreshes are coalesced: one first load at a time
		c.firstLoad = true
		defer func() {
			c.mu.Lock()
			c.firstLoad = false
			c.mu.Unlock()
		}()
	}
	c.mu.Unlock()
	req, err := httpclient.NewRequest(ctx, http.MethodGet, c.conn.Base+bulkPath, nil)
	if err != nil {
		return nil, fail.New(connectors.CodeInvalidQuery, op, "could not build the request", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.cfg.BearerToken)
	var tags []string
	if old != nil && old.etag != "" {
		tags = append(tags, old.etag)
	}
	if bad != nil && bad.etag != "" {
		tags = append(tags, bad.etag)
	}
	if len(tags) > 0 {
		req.Header.Set("If-None-Match", strings.Join(tags, ", "))
	}
	resp, err := c.conn.HTTP.Stream(req, op)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	etag := resp.Header.Get("ETag")
	var snap *sitesSnapshot
	switch {
	case resp.Status == http.StatusNotModified && old != nil && (etag == "" || etag == old.etag):
		snap = &sitesSnapshot{etag: old.etag, index: old.index, fetchedAt: c.conn.Now()}
	case resp.Status == http.StatusNotModified && bad != nil:
		c.remember(bad.etag, bad.err)
		return nil, bad.err
	case resp.Status == http.StatusNotModified:
		return nil, fail.New(connectors.CodeBadResponse, op, "304 Not Modified to an unconditional request", nil)
	case isJSON(resp.Header):
		// The portal reports errors on the bulk file as JSON envelopes.
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxEnvelopeBytes))
		if err != nil {
			return nil, connectors.Normalize(ctx, civ.Jiangsu, op, err)
		}
		if _, err := c.envelope(body, op); err != nil {
			return nil, err
		}
		return nil, fail.New(connectors.CodeBadResponse, op, "the bulk file was a JSON envelope without an error", nil)
	default:
		ix, err := c.parse(ctx, resp, op)
		if err != nil {
			if ue, ok := connectors.AsUpstreamError(err); ok && ue.Code == connectors.CodeBadResponse {
				c.remember(etag, err) // the file itself is bad, not its transfer
			}
			return nil, err
		}
		snap = &sitesSnapshot{etag: etag, index: ix, fetchedAt: c.conn.Now()}
		defer debug.FreeOSMemory() // see below
	}
	c.mu.Lock()
	c.snapshot, c.bad = snap, nil
	c.mu.Unlock()
	// After a download the old snapshot and the parse's garbage, as large
	// as the new snapshot, are free; a rare event, so they are handed back
	// to the system at once (deferred above) rather than held as heap
	// headroom the requests will not need.
	return snap, nil
}

// maxEnvelopeBytes bounds a JSON error envelope answered for the bulk file.
const maxEnvelopeBytes = 1 << 20

// parse reads and indexes the bulk file within the size limit. The old
// snapshot is served, stale if need be, until the new index is published:
// a rebuild briefly holds both (about twice a million-site index, see the
// README), but no request waits for it. A file
// over the limit is SOURCE_BAD_RESPONSE, not retried: retrying would only
// download it again. The message names the config key that raises it.
func (c *Client) parse(ctx context.Context, resp *httpclient.Stream, op string) (*index, error) {
	limit := c.cfg.bulkMaxBytes()
	tooLarge := func(cause error) error {
		msg := fmt.Sprintf("the bulk site file exceeds the configured limit of %d bytes (%s)", limit, BulkMaxBytesKey)
		return fail.New(connectors.CodeBadResponse, op, msg, cause)
	}
	if n, err := strconv.ParseInt(resp.Header.Get("Content-Length"), 10, 64); err == nil && n > limit {
		return nil, tooLarge(fmt.Errorf("Content-Length %d", n))
	}
	body := &limitedReader{r: resp.Body, left: limit}
	r, err := parseSites(body)
	if errors.Is(err, errTooLarge) {
		return nil, tooLarge(err)
	}
	if err != nil && body.readErr != nil {
		// The body failed, not its content: cut off or timed out.
		return nil, connectors.Normalize(ctx, civ.Jiangsu, op, body.readErr)
	}
	if err == nil {
		var ix *index
		if ix, err = newIndex(r, nil); err == nil {
			return ix, nil
		}
	}
	return nil, fail.New(connectors.CodeBadResponse, op, err.Error(), err)
}

var errTooLarge = errors.New("the body exceeds the size limit")

// limitedReader reads at most left bytes, then fails with errTooLarge if
// more follow; it keeps the underlying reader's own error apart.
type limitedReader struct {
	r       io.Reader
	left    int64
	readErr error
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		var one [1]byte
		if n, _ := l.r.Read(one[:]); n > 0 {
			return 0, errTooLarge
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if err != nil && !errors.Is(err, io.EOF) {
		l.readErr = err
	}
	return n, err
}

// remember keeps a bad file's error until the next revalidation.
func (c *Client) remember(etag string, err error) {
	c.mu.Lock()
	c.bad = &badFile{etag: etag, err: err, at: c.conn.Now()}
	c.mu.Unlock()
}

func isJSON(h http.Header) bool {
	mt, _, err := mime.ParseMediaType(h.Get("Content-Type"))
	return err == nil && mt == "application/json"
}
