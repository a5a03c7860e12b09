package jiangsu

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/httpclient"
	"github.com/civgraph/civgraph/connectors/kit"
)

// pageSize is the upstream page size the connector asks for (the portal's maximum).
const pageSize = 100

// Resource ids of the portal's paged API.
const (
	resMeetings  = "mz_meeting"
	resDocuments = "mz_policy"
	resTasks     = "mz_task"
)

// Config configures the connector. BaseURL is required; other zero fields
// mean the defaults, except BearerToken, which has none: without it the
// portal refuses every request (SOURCE_AUTH_FAILED), a per-source failure
// rather than a start-up one, as the deployment's config decides.
type Config struct {
	BaseURL     string // e.g. http://127.0.0.1:9090/jiangsu
	BearerToken string // sent as Authorization: Bearer <token>
	HTTP        httpclient.Config
	// Cache is the policy of API pages; its TTL and StaleGrace also bound
	// the age of the bulk site file's snapshot.
	Cache cache.Policy
	// BulkMaxBytes is the largest bulk site file accepted (config key
	// BulkMaxBytesKey); 0: DefaultBulkMaxBytes. The file is parsed as it
	// streams, so this bounds work and the snapshot, not a buffer.
	BulkMaxBytes int64
	// BulkTimeout bounds one download and parse of the bulk site file,
	// which may take longer than one API attempt; 0: DefaultBulkTimeout.
	BulkTimeout time.Duration
}

// Defaults of the bulk site file's limits: a million sites make about
// 215 MB of CSV.
const (
	DefaultBulkMaxBytes int64 = 512 << 20
	DefaultBulkTimeout        = 2 * time.Minute
)

// BulkMaxBytesKey is the config key of Config.BulkMaxBytes, named in the
// error of a file over the limit.
const BulkMaxBytesKey = "sources.jiangsu.bulk_max_bytes"

func (c Config) bulkMaxBytes() int64 {
	if c.BulkMaxBytes <= 0 {
		return DefaultBulkMaxBytes
	}
	return c.BulkMaxBytes
}

func (c Config) bulkTimeout() time.Duration {
	if c.BulkTimeout <= 0 {
		return DefaultBulkTimeout
	}
	return c.BulkTimeout
}

// Client is the Jiangsu source.
type Client struct {
	cfg  Config
	conn kit.Conn

	bulk      singleflight.Group // coalesces refreshes of the site snapshot
	mu        sync.Mutex         // guards snapshot, bad and firstLoad
	snapshot  *sitesSnapshot
	bad       *badFile
	firstLoad bool // a download runs while no snapshot has been published
}

var _ connectors.Source = (*Client)(nil)

// New builds the connector.
func New(cfg Config, opts ...kit.Option) (*Client, error) {
	conn, err := kit.Connect(civ.Jiangsu, cfg.BaseURL, cfg.HTTP, opts, httpclient.WithBodyRetry(retryable))
	if err != nil {
		return nil, err
	}
	return &Client{cfg: cfg, conn: conn}, nil
}

// Province implements connectors.Source.
func (c *Client) Province() civ.ProvinceCode { return civ.Jiangsu }

// Capabilities implements connectors.Source: the paged API (meetings,
// policy documents, tasks) applies every filter itself (see apiParams);
// service sites come from the bulk file, which has no server-side
// filtering, so every site filter is applied by the connector.
func (c *Client) Capabilities() connectors.Capabilities {
	caps := connectors.PushesEverywhere(connectors.AllFilterFields())
	caps.ServiceSites = nil
	// The indexed snapshot sorts sites in every order (query.go); the
	// paged API sorts nothing, so the federation orders meetings,
	// documents and tasks itself.
	caps.Orders.ServiceSites = connectors.OrderFields().ServiceSites
	return caps
}

// Meetings implements connectors.Source.
func (c *Client) Meetings(ctx context.Context, q connectors.Query) (connectors.Result[civ.Meeting], error) {
	return list(ctx, c, resMeetings, "list meetings", q, meetingFromWire)
}

// PolicyDocuments implements connectors.Source.
func (c *Client) PolicyDocuments(ctx context.Context, q connectors.Query) (connectors.Result[civ.PolicyDocument], error) {
	return list(ctx, c, resDocuments, "list policy documents", q, documentFromWire)
}

// Tasks implements connectors.Source.
func (c *Client) Tasks(ctx context.Context, q connectors.Query) (connectors.Result[civ.Task], error) {
	return list(ctx, c, resTasks, "list tasks", q, taskFromWire)
}

// list serves q's window from the covering upstream pages and maps their rows.
func list[W, T any](ctx context.Context, c *Client, resid, op string, q connectors.Query, fromWire func(W) (T, error)) (connectors.Result[T], error) {
	if err := checkQuery(q); err != nil {
		return connectors.Result[T]{}, fail.New(connectors.CodeInvalidQuery, op, err.Error(), err)
	}
	fetch := func(ctx context.Context, page int) (kit.Raw, error) {
		return c.fetch(ctx, op, apiParams(resid, q.Filter, page))
	}
	return kit.PagedRows(ctx, civ.Jiangsu, op, q, pageSize, c.conn.Memo, fetch, kit.DecodeRows[W]("rows", "total"), fromWire)
}

// checkQuery rejects what the portal would refuse with errcode 10008, so
// that the caller hears "bad query", not "bad upstream", without a request.
func checkQuery(q connectors.Query) error {
	f := q.Filter
	if err := kit.CheckWindow(q); err != nil {
		return err
	}
	if f.Domain != "" {
		if _, err := civ.ParseDomain(string(f.Domain)); err != nil {
			return err
		}
	}
	if f.SiteType != "" {
		if _, err := civ.ParseSiteType(string(f.SiteType)); err != nil {
			return err
		}
	}
	if _, err := civ.ParseDomains(civ.DomainStrings(f.Domains)); err != nil {
		return err
	}
	for _, t := range f.SiteTypes {
		if _, err := civ.ParseSiteType(string(t)); err != nil {
			return err
		}
	}
	for _, vs := range [][]string{f.IDs, f.OriginIDs} {
		if _, err := connectors.JoinValues(f, vs); err != nil {
			return err
		}
	}
	for _, code := range append([]string{f.RegionCode}, f.RegionCodes...) {
		if strings.Trim(code, "0123456789") != "" {
			return fmt.Errorf("region code %q is not a GB/T 2260 code", code)
		}
	}
	return nil
}

// apiParams is the query string asking for one page of resid matching f.
func apiParams(resid string, f civ.Filter, page int) url.Values {
	v := url.Values{"resid": {resid}, "page": {strconv.Itoa(page)}, "rows": {strconv.Itoa(pageSize)}}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("id", f.ID)
	set("field", string(f.Domain))
	set("site_type", string(f.SiteType))
	set("region_code", f.RegionCode)
	set("keyword", f.Keyword)
	set("origin_id", f.OriginID)
	set("ids", strings.Join(f.IDs, ",")) // checkQuery refused commas inside
	set("origin_ids", strings.Join(f.OriginIDs, ","))
	set("sample", f.SampleFlag())
	set("target_metric", f.TargetMetric)
	if f.IncludeUndated {
		v.Set("include_undated", "1")
	}
	if f.TargetDueFrom != nil {
		v.Set("target_start_date", f.TargetDueFrom.Format(dayLayout))
	}
	if f.TargetDueTo != nil {
		v.Set("target_end_date", f.TargetDueTo.Format(dayLayout))
	}
	set("fields", strings.Join(civ.DomainStrings(f.Domains), ","))
	set("region_codes", strings.Join(f.RegionCodes, ","))
	for _, t := range f.SiteTypes {
		v.Add("site_types", string(t))
	}
	if ts := v["site_types"]; len(ts) > 0 {
		v.Set("site_types", strings.Join(ts, ","))
	}
	if !f.From.IsZero() {
		v.Set("start_date", f.From.Format(dayLayout))
	}
	if !f.To.IsZero() {
		v.Set("end_date", f.To.Format(dayLayout))
	}
	return v
}
