package shanghai

import (
	"context"
	"fmt"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/httpclient"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/geo"
)

// pageSize is the page the connector asks for: the platform's maximum
// limit, so a window needs as few requests as possible. It is fixed
// whatever the window, so that page requests (and cache keys) repeat.
const pageSize = 100

// Interface paths, one resourceNo/interfaceNo pair per resource.
const (
	pathMeetings        = "/interface/SHMZ0001/10001"
	pathPolicyDocuments = "/interface/SHMZ0002/10002"
	pathTasks           = "/interface/SHMZ0003/10003"
	pathServiceSites    = "/interface/AG9102015009/14661"
)

// Config configures the connector. BaseURL is required; a zero field
// otherwise means the default (an empty Token is sent as such and the
// platform will refuse it).
type Config struct {
	BaseURL string // e.g. http://127.0.0.1:9090/shanghai
	Token   string // 32-hex app token, sent in the token header; never logged or cached
	HTTP    httpclient.Config
	Cache   cache.Policy
}

// Client is the Shanghai source.
type Client struct {
	cfg  Config
	conn kit.Conn
}

var _ connectors.Source = (*Client)(nil)

// New builds the connector.
func New(cfg Config, opts ...kit.Option) (*Client, error) {
	conn, err := kit.Connect(civ.Shanghai, cfg.BaseURL, cfg.HTTP, opts, httpclient.WithBodyRetry(busy))
	if err != nil {
		return nil, err
	}
	return &Client{cfg: cfg, conn: conn}, nil
}

// Province implements connectors.Source.
func (c *Client) Province() civ.ProvinceCode { return civ.Shanghai }

// Capabilities implements connectors.Source: the platform applies every
// filter to every interface itself (see requestFor) and sorts by every
// order (see sortFor).
func (c *Client) Capabilities() connectors.Capabilities {
	caps := connectors.PushesEverywhere(connectors.AllFilterFields())
	caps.Orders = connectors.OrderFields()
	return caps
}

// Meetings implements connectors.Source.
func (c *Client) Meetings(ctx context.Context, q connectors.Query) (connectors.Result[civ.Meeting], error) {
	return list(ctx, c, pathMeetings, "list meetings", q, meetingFromWire)
}

// PolicyDocuments implements connectors.Source.
func (c *Client) PolicyDocuments(ctx context.Context, q connectors.Query) (connectors.Result[civ.PolicyDocument], error) {
	return list(ctx, c, pathPolicyDocuments, "list policy documents", q, documentFromWire)
}

// Tasks implements connectors.Source.
func (c *Client) Tasks(ctx context.Context, q connectors.Query) (connectors.Result[civ.Task], error) {
	return list(ctx, c, pathTasks, "list tasks", q, taskFromWire)
}

// ServiceSites implements connectors.Source.
func (c *Client) ServiceSites(ctx context.Context, q connectors.Query) (connectors.Result[civ.ServiceSite], error) {
	return list(ctx, c, pathServiceSites, "list service sites", q, siteFromWire)
}

// list serves q's window from the covering upstream pages (offset =
// (page-1)·pageSize) and maps their rows.
func list[W, T any](ctx context.Context, c *Client, path, op string, q connectors.Query, fromWire func(W) (T, error)) (connectors.Result[T], error) {
	body, err := requestFor(q.Filter)
	if err == nil {
		err = sortFor(&body, path, q.Order, q.Filter)
	}
	if err != nil {
		return connectors.Result[T]{}, fail.New(connectors.CodeInvalidQuery, op, err.Error(), err)
	}
	size := kit.WindowPageSize(q, pageSize, c.cfg.Cache)
	fetch := func(ctx context.Context, page int) (kit.Raw, error) {
		b := body // pages are fetched concurrently: each gets its own copy
		b.Offset, b.Limit = (page-1)*size, size
		return c.fetch(ctx, path, op, b)
	}
	return kit.PagedRows(ctx, civ.Shanghai, op, q, size, c.conn.Memo, fetch, kit.DecodeRows[W]("data", "total"), fromWire)
}

// requestFor encodes a filter as the platform's body fields: id,
// startTime/endTime (epoch ms of the days, China time), businessType
// 业务类别, orgType 机构类型, areaCode 行政区划代码, keyword 关键词, originId
// 来源ID, ids/originIds their lists, isSample 是否样例, businessTypes/orgTypes/
// areaCodes the lists of domain, site type and region codes,
// targetStartTime/targetEndTime/targetMetric the targets' due range and metric,
// centerLng/centerLat/radius a circle and rectangle a box, in GCJ-02 like the
// platform's coordinates (geoRequest). A domain or site type the platform has
// no code for cannot be asked.
func requestFor(f civ.Filter) (request, error) {
	r := request{Limit: pageSize, ID: f.ID, AreaCode: f.RegionCode, Keyword: f.Keyword, OriginID: f.OriginID,
		IDs: f.IDs, OriginIDs: f.OriginIDs, IsSample: f.Sample, StartTime: dayMillis(f.From), EndTime: dayMillis(f.To)}
	if err := f.CheckValues(); err != nil {
		return r, err
	}
	if f.Domain != "" {
		code, ok := codeOf(businessTypes, f.Domain)
		if !ok {
			return r, fmt.Errorf("unknown domain %q", f.Domain)
		}
		r.BusinessType = code
	}
	if f.SiteType != "" {
		code, ok := codeOf(orgTypes, f.SiteType)
		if !ok {
			return r, fmt.Errorf("unknown site type %q", f.SiteType)
		}
		r.OrgType = code
	}
	var err error
	if r.BusinessTypes, err = kit.CodesOf(businessTypes, f.Domains); err != nil {
		return r, err
	}
	if r.OrgTypes, err = kit.CodesOf(orgTypes, f.SiteTypes); err != nil {
		return r, err
	}
	r.AreaCodes = f.RegionCodes
	r.TargetMetric, r.IncludeUndated = f.TargetMetric, f.IncludeUndated
	r.TargetStartTime, r.TargetEndTime = dayMillis(civ.DayOrZero(f.TargetDueFrom)), dayMillis(civ.DayOrZero(f.TargetDueTo))
	geoRequest(&r, f)
	return r, nil
}

// sortFor adds o to r as the platform's orderBy (the interface's own field
// name) and orderType (asc/desc), with the centre distance is measured
// from in GCJ-02, the platform's datum.
func sortFor(r *request, path string, o connectors.Order, f civ.Filter) error {
	if o.Field == connectors.OrderSource {
		return nil
	}
	fields := map[connectors.OrderField]string{connectors.OrderName: "orgName", connectors.OrderUpdatedAt: "updateTime",
		connectors.OrderDistance: "distance", connectors.OrderDue: "deadline"}
	if o.Field == connectors.OrderDate {
		fields[o.Field] = map[string]string{pathMeetings: "meetingDate", pathPolicyDocuments: "issueDate"}[path]
	}
	r.OrderBy, r.OrderType = fields[o.Field], map[bool]string{false: "asc", true: "desc"}[o.Desc]
	if r.OrderBy == "" {
		return fmt.Errorf("unknown order %q", o.Field)
	}
	if o.Field == connectors.OrderDistance && f.Near == nil {
		// The circle's centre (geoRequest) is what distance is measured from.
		return fmt.Errorf("order %s needs the near filter's centre", o.Field)
	}
	return nil
}

// geoRequest sets f's circle and box in the platform's GCJ-02 terms. The
// platform converts them back to WGS-84 exactly (to well under a
// millimetre, see geo.GCJ02ToWGS84), so it applies the very circle and
// box the gateway was asked for; the radius is in metres.
func geoRequest(r *request, f civ.Filter) {
	if c := f.Near; c != nil {
		g := geo.WGS84ToGCJ02(c.Center)
		radius := c.RadiusKm * 1000
		r.CenterLng, r.CenterLat, r.Radius = &g.Lng, &g.Lat, &radius
	}
	if b := f.Box; b != nil {
		sw, ne := geo.WGS84ToGCJ02(b.SouthWest), geo.WGS84ToGCJ02(b.NorthEast)
		r.Rectangle = connectors.JoinFloats(sw.Lng, sw.Lat) + ";" + connectors.JoinFloats(ne.Lng, ne.Lat)
	}
}
