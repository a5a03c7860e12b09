package hubei

import (
	"context"
	"fmt"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/httpclient"
	"github.com/civgraph/civgraph/connectors/kit"
)

// pageSize is the upstream page size the connector asks for (the gateway's maximum).
const pageSize = 100

// Config configures the connector. BaseURL is required; other zero fields
// mean the defaults, except the credentials, which have none: without them
// the gateway refuses every request (SOURCE_AUTH_FAILED), a per-source
// failure rather than a start-up one, as the deployment's config decides.
type Config struct {
	BaseURL string // e.g. http://127.0.0.1:9090/hubei
	PaasID  string // x-tif-paasid, the app id
	Token   string // shared secret that signs requests; never sent
	HTTP    httpclient.Config
	Cache   cache.Policy
}

// Client is the Hubei source.
type Client struct {
	cfg  Config
	conn kit.Conn
}

var _ connectors.Source = (*Client)(nil)

// New builds the connector.
func New(cfg Config, opts ...kit.Option) (*Client, error) {
	c := &Client{cfg: cfg}
	conn, err := kit.Connect(civ.Hubei, cfg.BaseURL, cfg.HTTP, opts,
		httpclient.WithPrepare(c.sign), httpclient.WithBodyRetry(busy), httpclient.WithErrorBody(c.errorBody))
	if err != nil {
		return nil, err
	}
	c.conn = conn
	return c, nil
}

// Province implements connectors.Source.
func (c *Client) Province() civ.ProvinceCode { return civ.Hubei }

// Capabilities implements connectors.Source: the gateway applies every
// filter to every resource itself (see queryBody) and sorts by every
// order (see sortBody).
func (c *Client) Capabilities() connectors.Capabilities {
	caps := connectors.PushesEverywhere(connectors.AllFilterFields())
	caps.Orders = connectors.OrderFields()
	return caps
}

// Meetings implements connectors.Source.
func (c *Client) Meetings(ctx context.Context, q connectors.Query) (connectors.Result[civ.Meeting], error) {
	return list(ctx, c, "meetings", "list meetings", q, meetingFromWire)
}

// PolicyDocuments implements connectors.Source.
func (c *Client) PolicyDocuments(ctx context.Context, q connectors.Query) (connectors.Result[civ.PolicyDocument], error) {
	return list(ctx, c, "documents", "list policy documents", q, documentFromWire)
}

// Tasks implements connectors.Source.
func (c *Client) Tasks(ctx context.Context, q connectors.Query) (connectors.Result[civ.Task], error) {
	return list(ctx, c, "tasks", "list tasks", q, taskFromWire)
}

// ServiceSites implements connectors.Source.
func (c *Client) ServiceSites(ctx context.Context, q connectors.Query) (connectors.Result[civ.ServiceSite], error) {
	return list(ctx, c, "sites", "list service sites", q, siteFromWire)
}

// list serves q's window from the covering upstream pages and maps their rows.
func list[W, T any](ctx context.Context, c *Client, resource, op string, q connectors.Query, fromWire func(W) (T, error)) (connectors.Result[T], error) {
	if err := checkFilter(q.Filter); err != nil {
		return connectors.Result[T]{}, fail.New(connectors.CodeInvalidQuery, op, err.Error(), err)
	}
	sort, err := sortBody(resource, q.Order, q.Filter)
	if err != nil {
		return connectors.Result[T]{}, fail.New(connectors.CodeInvalidQuery, op, err.Error(), err)
	}
	size := kit.WindowPageSize(q, pageSize, c.cfg.Cache)
	fetch := func(ctx context.Context, page int) (kit.Raw, error) {
		body := queryBody(q.Filter, page, size)
		body.SortField, body.SortOrder = sort.SortField, sort.SortOrder
		return c.fetch(ctx, resource, op, body)
	}
	return kit.PagedRows(ctx, civ.Hubei, op, q, size, c.conn.Memo, fetch, kit.DecodeRows[W]("rows", "total"), fromWire)
}

// checkFilter rejects enum values the gateway would refuse with HTTP 400,
// so that the caller hears "bad query", not "bad upstream".
func checkFilter(f civ.Filter) error {
	if err := f.CheckValues(); err != nil {
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
	return nil
}

// queryBody is the POST body asking for one page of size rows matching f.
func queryBody(f civ.Filter, page, size int) query {
	q := query{PageNo: page, PageSize: size, ID: f.ID, Domain: string(f.Domain), SiteType: string(f.SiteType),
		RegionCode: f.RegionCode, Keyword: f.Keyword, SourceID: f.OriginID, IDs: f.IDs, SourceIDs: f.OriginIDs, SampleData: f.Sample,
		Domains: civ.DomainStrings(f.Domains), AreaCodes: f.RegionCodes}
	for _, t := range f.SiteTypes {
		q.SiteTypes = append(q.SiteTypes, string(t))
	}
	if c := f.Near; c != nil {
		q.Near = &nearQuery{Lng: c.Center.Lng, Lat: c.Center.Lat, RadiusKm: c.RadiusKm}
	}
	if b := f.Box; b != nil {
		q.BBox = []float64{b.SouthWest.Lng, b.SouthWest.Lat, b.NorthEast.Lng, b.NorthEast.Lat}
	}
	if !f.From.IsZero() {
		q.StartDate = f.From.Format(time.DateOnly)
	}
	q.TargetMetric, q.IncludeUndated = f.TargetMetric, f.IncludeUndated
	if f.TargetDueFrom != nil {
		q.TargetDueStart = f.TargetDueFrom.Format(time.DateOnly)
	}
	if f.TargetDueTo != nil {
		q.TargetDueEnd = f.TargetDueTo.Format(time.DateOnly)
	}
	if !f.To.IsZero() {
		q.EndDate = f.To.Format(time.DateOnly)
	}
	return q
}

// sortBody is the sort part of the POST body for o: sortField (the
// resource's own field name) and sortOrder (ASC/DESC); distance is
// measured from the near circle's centre.
func sortBody(resource string, o connectors.Order, f civ.Filter) (query, error) {
	if o.Field == connectors.OrderSource {
		return query{}, nil
	}
	fields := map[connectors.OrderField]string{connectors.OrderName: "siteName", connectors.OrderUpdatedAt: "updateTime",
		connectors.OrderDistance: "distance", connectors.OrderDue: "deadline"}
	if o.Field == connectors.OrderDate {
		fields[o.Field] = map[string]string{"meetings": "meetingDate", "documents": "issueDate"}[resource]
	}
	q := query{SortField: fields[o.Field], SortOrder: map[bool]string{false: "ASC", true: "DESC"}[o.Desc]}
	if q.SortField == "" {
		return query{}, fmt.Errorf("unknown order %q", o.Field)
	}
	if o.Field == connectors.OrderDistance && f.Near == nil {
		// The near circle's centre is what distance is measured from.
		return query{}, fmt.Errorf("order %s needs the near filter's centre", o.Field)
	}
	return q, nil
}
