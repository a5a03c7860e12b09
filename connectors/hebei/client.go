package hebei

import (
	"context"
	"fmt"
	"net/url"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/httpclient"
	"github.com/civgraph/civgraph/connectors/kit"
)

// pageSize is the upstream page size the connector asks for: the API's
// maximum, so that a window needs as few requests as possible. It is fixed
// whatever the window, so that page requests (and cache keys) repeat.
const pageSize = 100

// Config configures the connector. BaseURL is required; a zero field
// otherwise means the default (an empty AppKey is sent as such and the
// upstream will refuse it).
type Config struct {
	BaseURL string // e.g. http://127.0.0.1:9090/hebei
	AppKey  string // sent in the appKey header; never logged or cached
	HTTP    httpclient.Config
	Cache   cache.Policy
}

// Client is the Hebei source.
type Client struct {
	cfg  Config
	conn kit.Conn
}

var _ connectors.Source = (*Client)(nil)

// New builds the connector.
func New(cfg Config, opts ...kit.Option) (*Client, error) {
	conn, err := kit.Connect(civ.Hebei, cfg.BaseURL, cfg.HTTP, opts, httpclient.WithBodyRetry(busy))
	if err != nil {
		return nil, err
	}
	return &Client{cfg: cfg, conn: conn}, nil
}

// Province implements connectors.Source.
func (c *Client) Province() civ.ProvinceCode { return civ.Hebei }

// Capabilities implements connectors.Source: the API applies every filter
// to every resource itself (see filterParams) and sorts by every order
// (see sortParams).
func (c *Client) Capabilities() connectors.Capabilities {
	caps := connectors.PushesEverywhere(connectors.AllFilterFields())
	caps.Orders = connectors.OrderFields()
	return caps
}

// Meetings implements connectors.Source.
func (c *Client) Meetings(ctx context.Context, q connectors.Query) (connectors.Result[civ.Meeting], error) {
	return list(ctx, c, "hy", "list meetings", q, meetingFromWire)
}

// PolicyDocuments implements connectors.Source.
func (c *Client) PolicyDocuments(ctx context.Context, q connectors.Query) (connectors.Result[civ.PolicyDocument], error) {
	return list(ctx, c, "zcwj", "list policy documents", q, documentFromWire)
}

// Tasks implements connectors.Source.
func (c *Client) Tasks(ctx context.Context, q connectors.Query) (connectors.Result[civ.Task], error) {
	return list(ctx, c, "rw", "list tasks", q, taskFromWire)
}

// ServiceSites implements connectors.Source.
func (c *Client) ServiceSites(ctx context.Context, q connectors.Query) (connectors.Result[civ.ServiceSite], error) {
	return list(ctx, c, "fwcs", "list service sites", q, siteFromWire)
}

// list serves q's window from the covering upstream pages and maps their rows.
func list[W, T any](ctx context.Context, c *Client, resource, op string, q connectors.Query, fromWire func(W) (T, error)) (connectors.Result[T], error) {
	params, err := filterParams(q.Filter)
	if err == nil {
		err = sortParams(params, resource, q.Order, q.Filter)
	}
	if err != nil {
		return connectors.Result[T]{}, fail.New(connectors.CodeInvalidQuery, op, err.Error(), err)
	}
	size := kit.WindowPageSize(q, pageSize, c.cfg.Cache)
	fetch := func(ctx context.Context, page int) (kit.Raw, error) {
		return c.fetch(ctx, resource, op, params, page, size)
	}
	return kit.PagedRows(ctx, civ.Hebei, op, q, size, c.conn.Memo, fetch, kit.DecodeRows[W]("list", "total"), fromWire)
}

// filterParams encodes a filter as the API's parameters (see
// internal/sampleapi/hebei): id, kssj/jssj 开始/结束时间 (yyyy-MM-dd), ywly 业务领域代码,
// cslx 场所类型代码, xzqh 行政区划代码, gjz 关键词, lyid 来源ID, ids/lyids their
// comma-separated lists, sfsl 是否示例 (1 or 0), ywlys/cslxs/xzqhs the lists
// of domain, site type and region codes, mbkssj/mbjssj/mbzb the targets' due
// range and metric, zx/bj 中心点 ("lng,lat") and 半径 (km) of a circle, fw
// 范围 ("minLng,minLat,maxLng,maxLat") of a box, both WGS-84. A domain or site
// type the platform has no code for cannot be asked.
func filterParams(f civ.Filter) (url.Values, error) {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("id", f.ID)
	set("xzqh", f.RegionCode)
	set("gjz", f.Keyword)
	set("lyid", f.OriginID)
	set("sfsl", f.SampleFlag())
	set("mbzb", f.TargetMetric)
	if f.IncludeUndated {
		v.Set("bhwrq", "1")
	}
	if f.TargetDueFrom != nil {
		v.Set("mbkssj", f.TargetDueFrom.Format("2006-01-02"))
	}
	if f.TargetDueTo != nil {
		v.Set("mbjssj", f.TargetDueTo.Format("2006-01-02"))
	}
	domainCodes, err := kit.CodesOf(domains, f.Domains)
	if err != nil {
		return nil, err
	}
	siteTypeCodes, err := kit.CodesOf(siteTypes, f.SiteTypes)
	if err != nil {
		return nil, err
	}
	for k, vs := range map[string][]string{"ids": f.IDs, "lyids": f.OriginIDs,
		"ywlys": domainCodes, "cslxs": siteTypeCodes, "xzqhs": f.RegionCodes} {
		joined, err := connectors.JoinValues(f, vs)
		if err != nil {
			return nil, err
		}
		set(k, joined)
	}
	if f.Domain != "" {
		code, ok := codeOf(domains, f.Domain)
		if !ok {
			return nil, fmt.Errorf("unknown domain %q", f.Domain)
		}
		v.Set("ywly", code)
	}
	if f.SiteType != "" {
		code, ok := codeOf(siteTypes, f.SiteType)
		if !ok {
			return nil, fmt.Errorf("unknown site type %q", f.SiteType)
		}
		v.Set("cslx", code)
	}
	if c := f.Near; c != nil {
		v.Set("zx", connectors.JoinFloats(c.Center.Lng, c.Center.Lat))
		v.Set("bj", connectors.JoinFloats(c.RadiusKm))
	}
	if b := f.Box; b != nil {
		v.Set("fw", connectors.JoinFloats(b.SouthWest.Lng, b.SouthWest.Lat, b.NorthEast.Lng, b.NorthEast.Lat))
	}
	if !f.From.IsZero() {
		v.Set("kssj", f.From.Format("2006-01-02"))
	}
	if !f.To.IsZero() {
		v.Set("jssj", f.To.Format("2006-01-02"))
	}
	return v, nil
}

// sortColumns are the API's orderByColumn values of each order field.
var sortColumns = map[connectors.OrderField]string{
	connectors.OrderDue:  "wcqx",
	connectors.OrderName: "csmc", connectors.OrderUpdatedAt: "gxsj", connectors.OrderDistance: "jl",
}

// sortParams adds o to v as the API's orderByColumn and isAsc (asc/desc);
// jl (距离) is measured from the circle's centre zx. A date sorts by the
// resource's own date column (hysj 会议时间, fwsj 发文时间).
func sortParams(v url.Values, resource string, o connectors.Order, f civ.Filter) error {
	if o.Field == connectors.OrderSource {
		return nil
	}
	col, ok := sortColumns[o.Field]
	if o.Field == connectors.OrderDate {
		col, ok = map[string]string{"hy": "hysj", "zcwj": "fwsj"}[resource]
	}
	if !ok {
		return fmt.Errorf("unknown order %q", o.Field)
	}
	if o.Field == connectors.OrderDistance && f.Near == nil {
		// The circle's centre zx is what jl is measured from.
		return fmt.Errorf("order %s needs the near filter's centre", o.Field)
	}
	v.Set("orderByColumn", col)
	v.Set("isAsc", map[bool]string{false: "asc", true: "desc"}[o.Desc])
	return nil
}
