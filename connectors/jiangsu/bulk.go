package jiangsu

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"civgraph/civ"
	"civgraph/connectors"
	"civgraph/connectors/upstream"
)

const bulkPath = "/opendata/bulk/service_sites.csv"

// sitesSnapshot is the parsed bulk file. It is the one cache outside
// connectors/cache: re-parsing a large CSV for every page would cost far
// more than keeping the parsed rows, and revalidation by ETag keeps it as
// fresh as the cache TTL says.
type sitesSnapshot struct {
	etag      string
	sites     []civ.ServiceSite
	fetchedAt time.Time
}

// ServiceSites implements connectors.Source: it filters and pages the
// bulk snapshot locally.
func (c *Client) ServiceSites(ctx context.Context, q connectors.Query) (connectors.Result[civ.ServiceSite], error) {
	snap, meta, err := c.sites(ctx)
	if err != nil {
		return connectors.Result[civ.ServiceSite]{}, err
	}
	items, total := civ.Select(snap.sites, q.Filter.MatchServiceSite, q.Offset, q.Limit)
	return connectors.Result[civ.ServiceSite]{Items: items, Total: total, Meta: meta}, nil
}

// sites returns a snapshot no older than the cache TTL, revalidating it
// (once for all concurrent callers) when it is older; if revalidation
// fails, the old snapshot is served flagged stale.
func (c *Client) sites(ctx context.Context) (*sitesSnapshot, connectors.Meta, error) {
	c.mu.Lock()
	old := c.snapshot
	c.mu.Unlock()
	if old != nil && c.now().Sub(old.fetchedAt) < c.cfg.Cache.TTL {
		return old, connectors.Meta{FetchedAt: old.fetchedAt, Cached: true}, nil
	}
	stale := func() (*sitesSnapshot, connectors.Meta, error) {
		return old, connectors.Meta{FetchedAt: old.fetchedAt, Cached: true, Stale: true}, nil
	}
	// The shared refresh must not die with the first caller's context.
	ch := c.bulk.DoChan("sites", func() (any, error) { return c.refresh(context.WithoutCancel(ctx), old) })
	select {
	case <-ctx.Done():
		if old != nil {
			return stale()
		}
		return nil, connectors.Meta{}, ctx.Err()
	case r := <-ch:
		if r.Err != nil {
			if old != nil && c.now().Sub(old.fetchedAt) < c.cfg.Cache.TTL+c.cfg.Cache.StaleGrace {
				return stale()
			}
			return nil, connectors.Meta{}, r.Err
		}
		snap := r.Val.(*sitesSnapshot)
		return snap, connectors.Meta{FetchedAt: snap.fetchedAt, Cached: r.Shared}, nil
	}
}

// refresh downloads the bulk file, or confirms old with a conditional GET.
func (c *Client) refresh(ctx context.Context, old *sitesSnapshot) (*sitesSnapshot, error) {
	const op = "download service sites"
	req, err := upstream.NewRequest(ctx, http.MethodGet, c.base+bulkPath, nil)
	if err != nil {
		return nil, c.http.Fail(connectors.CodeInvalidQuery, op, "could not build the request", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.cfg.BearerToken)
	if old != nil && old.etag != "" {
		req.Header.Set("If-None-Match", old.etag)
	}
	resp, err := c.http.Do(req, op)
	if err != nil {
		return nil, err
	}
	var snap *sitesSnapshot
	if resp.Status == http.StatusNotModified {
		if old == nil {
			return nil, c.http.Fail(connectors.CodeBadResponse, op, "304 Not Modified to an unconditional request", nil)
		}
		snap = &sitesSnapshot{etag: old.etag, sites: old.sites, fetchedAt: c.now()}
	} else {
		sites, err := parseSites(resp.Body)
		if err != nil {
			return nil, c.http.Fail(connectors.CodeBadResponse, op, err.Error(), err)
		}
		snap = &sitesSnapshot{etag: resp.Header.Get("ETag"), sites: sites, fetchedAt: c.now()}
	}
	c.mu.Lock()
	c.snapshot = snap
	c.mu.Unlock()
	return snap, nil
}

// parseSites decodes the GB18030 CSV; any bad row fails the whole file,
// naming its line, so no row is silently lost.
func parseSites(body []byte) ([]civ.ServiceSite, error) {
	cr := csv.NewReader(simplifiedchinese.GB18030.NewDecoder().Reader(bytes.NewReader(body)))
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("bulk file: read header: %w", err)
	}
	if !slices.Equal(header, siteColumns) {
		return nil, fmt.Errorf("bulk file: unexpected header %v", header)
	}
	var sites []civ.ServiceSite
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return sites, nil
		}
		if err != nil {
			return nil, fmt.Errorf("bulk file line %d: %w", line, err)
		}
		s, err := siteFromRecord(rec)
		if err != nil {
			return nil, fmt.Errorf("bulk file line %d: %w", line, err)
		}
		sites = append(sites, s)
	}
}

func siteFromRecord(r []string) (civ.ServiceSite, error) {
	get := func(name string) string { return r[slices.Index(siteColumns, name)] }
	if get("site_id") == "" || get("name") == "" {
		return civ.ServiceSite{}, errors.New("site without site_id or name")
	}
	typ, err := civ.ParseSiteType(get("site_type"))
	if err != nil {
		return civ.ServiceSite{}, err
	}
	s := civ.ServiceSite{ID: get("site_id"), Province: civ.Jiangsu, Type: typ, Name: get("name"), Address: get("address"),
		RegionCode: get("region_code"), Phone: get("phone"), OpeningHours: get("opening_hours"), Source: get("source")}
	if s.UpdatedAt, err = parseTime(get("update_time")); err != nil {
		return civ.ServiceSite{}, err
	}
	switch get("sample") {
	case "1":
		s.Sample = true
	case "0":
	default:
		return civ.ServiceSite{}, fmt.Errorf("sample must be 0 or 1, got %q", get("sample"))
	}
	if v := get("capacity"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return civ.ServiceSite{}, fmt.Errorf("bad capacity %q", v)
		}
		s.Capacity = &n
	}
	if lng, lat := get("lng"), get("lat"); lng != "" || lat != "" {
		x, err1 := strconv.ParseFloat(lng, 64)
		y, err2 := strconv.ParseFloat(lat, 64)
		if err := errors.Join(err1, err2); err != nil {
			return civ.ServiceSite{}, fmt.Errorf("bad coordinates %q,%q", lng, lat)
		}
		if s.Location, err = civ.ParseGeoPoint(&y, &x); err != nil {
			return civ.ServiceSite{}, err
		}
	}
	return s, nil
}
