package shanghai

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"civgraph/civ"
	"civgraph/connectors"
	"civgraph/connectors/cache"
	"civgraph/connectors/upstream"
)

const pageSize = 100

// Interface paths, one per resource.
const (
	pathMeetings  = "/interface/SHMZ0001/10001"
	pathDocuments = "/interface/SHMZ0002/10002"
	pathTasks     = "/interface/SHMZ0003/10003"
	pathSites     = "/interface/AG9102015009/14661"
)

// Config configures the connector. BaseURL is required.
type Config struct {
	BaseURL string // e.g. http://127.0.0.1:9090/shanghai
	Token   string
	HTTP    upstream.Config
	Cache   cache.Policy
}

// Client is the Shanghai source.
type Client struct {
	cfg   Config
	base  string
	http  *upstream.Client
	cache *cache.Cache
	memo  *connectors.Memo
}

var _ connectors.Source = (*Client)(nil)

// New builds the connector.
func New(cfg Config, opts ...connectors.Option) (*Client, error) {
	if cfg.BaseURL == "" {
		return nil, errors.New("shanghai: BaseURL is required")
	}
	o := connectors.BuildOptions(opts...)
	return &Client{cfg: cfg, base: strings.TrimRight(cfg.BaseURL, "/"), cache: o.Cache, memo: o.Memo,
		http: upstream.New(civ.Shanghai, cfg.HTTP, upstream.WithTransport(o.Transport), upstream.WithLogger(o.Logger))}, nil
}

// Province implements connectors.Source.
func (c *Client) Province() civ.ProvinceCode { return civ.Shanghai }

// Capabilities: the platform filters on every field itself.
func (c *Client) Capabilities() connectors.Capabilities {
	return connectors.Capabilities{PushDown: map[string]bool{"ID": true, "From": true, "To": true, "Domain": true,
		"SiteType": true, "RegionCode": true, "Keyword": true, "OriginID": true}}
}

// Meetings implements connectors.Source.
func (c *Client) Meetings(ctx context.Context, q connectors.Query) (connectors.Result[civ.Meeting], error) {
	return list(ctx, c, pathMeetings, "list meetings", q, meetingFromWire)
}

// PolicyDocuments implements connectors.Source.
func (c *Client) PolicyDocuments(ctx context.Context, q connectors.Query) (connectors.Result[civ.PolicyDocument], error) {
	return list(ctx, c, pathDocuments, "list policy documents", q, documentFromWire)
}

// Tasks implements connectors.Source.
func (c *Client) Tasks(ctx context.Context, q connectors.Query) (connectors.Result[civ.Task], error) {
	return list(ctx, c, pathTasks, "list tasks", q, taskFromWire)
}

// ServiceSites implements connectors.Source.
func (c *Client) ServiceSites(ctx context.Context, q connectors.Query) (connectors.Result[civ.ServiceSite], error) {
	return list(ctx, c, pathSites, "list service sites", q, siteFromWire)
}

// list reads fixed windows of pageSize rows (offset = (page-1)·pageSize),
// so requests and cache keys do not depend on the caller's window.
func list[W, T any](ctx context.Context, c *Client, path, op string, q connectors.Query, fromWire func(W) (T, error)) (connectors.Result[T], error) {
	body, err := requestBody(q.Filter)
	if err != nil {
		return connectors.Result[T]{}, c.http.Fail(connectors.CodeInvalidQuery, op, err.Error(), err)
	}
	fetch := func(ctx context.Context, page int) (connectors.Raw, error) {
		b := body // pages are fetched concurrently: each gets its own copy
		b.Offset = (page - 1) * pageSize
		return c.fetch(ctx, path, op, b)
	}
	return connectors.PagedRows(ctx, civ.Shanghai, op, q, pageSize, c.memo, fetch, decodeRows[W](c, op), fromWire)
}

func requestBody(f civ.Filter) (request, error) {
	limit := pageSize
	r := request{Limit: &limit, ID: f.ID, Domain: string(f.Domain), AreaCode: f.RegionCode, Keyword: f.Keyword, OriginID: f.OriginID}
	if f.SiteType != "" {
		code, ok := orgTypes[string(f.SiteType)]
		if !ok {
			return r, fmt.Errorf("site type %s has no platform code", f.SiteType)
		}
		r.OrgType = code
	}
	if !f.From.IsZero() {
		r.StartDate = f.From.Format(time.DateOnly)
	}
	if !f.To.IsZero() {
		r.EndDate = f.To.Format(time.DateOnly)
	}
	return r, nil
}

type outer struct {
	Code    string  `json:"code"`
	Message string  `json:"message"`
	Data    *string `json:"data"`
}

type inner struct {
	State   bool            `json:"state"`
	Total   *int            `json:"total"`
	Data    json.RawMessage `json:"data"`
	Message string          `json:"message"`
}

// fetch reads one page through the cache.
func (c *Client) fetch(ctx context.Context, path, op string, body request) (connectors.Raw, error) {
	raw, _ := json.Marshal(body) // plain struct: cannot fail
	u := c.base + path
	key := "shanghai:" + u + ":" + string(raw)
	res, err := c.cache.Fetch(ctx, key, c.cfg.Cache, func(ctx context.Context) ([]byte, error) {
		return c.load(ctx, u, op, raw)
	})
	return connectors.Raw{Key: key, Result: res}, err
}

// decodeRows decodes a cached inner object {state, total, data} into wire rows.
func decodeRows[W any](c *Client, op string) func([]byte) ([]W, int, error) {
	return func(value []byte) ([]W, int, error) {
		var in inner
		if err := json.Unmarshal(value, &in); err != nil || in.Total == nil {
			return nil, 0, c.http.Fail(connectors.CodeBadResponse, op, "cached page is corrupt", err)
		}
		var rows []W
		if err := json.Unmarshal(in.Data, &rows); err != nil {
			return nil, 0, c.http.Fail(connectors.CodeBadResponse, op, "data.data has unexpected fields: "+err.Error(), err)
		}
		return rows, *in.Total, nil
	}
}

// load performs the request and unwraps both layers; the inner object is
// what the cache keeps.
func (c *Client) load(ctx context.Context, u, op string, body []byte) ([]byte, error) {
	req, err := upstream.NewRequest(ctx, http.MethodPost, u, body)
	if err != nil {
		return nil, c.http.Fail(connectors.CodeInvalidQuery, op, "could not build the request", err)
	}
	req.Header.Set("token", c.cfg.Token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Cache-Control", "no-cache")
	resp, err := c.http.Do(req, op)
	if err != nil {
		return nil, err
	}
	var o outer
	if err := json.Unmarshal(resp.Body, &o); err != nil || o.Code == "" {
		return nil, c.http.Fail(connectors.CodeBadResponse, op, "the answer is not the {code, message, data} envelope", err)
	}
	switch o.Code {
	case "000000":
	case "100001":
		return nil, c.http.Fail(connectors.CodeAuth, op, "the platform rejected the token", fmt.Errorf("code %s: %s", o.Code, o.Message))
	case "100002":
		return nil, c.http.Fail(connectors.CodeInvalidQuery, op, "the platform rejected a parameter: "+o.Message, nil)
	default:
		return nil, c.http.Fail(connectors.CodeBusiness, op, fmt.Sprintf("the platform answered code %s: %s", o.Code, o.Message), nil)
	}
	if o.Data == nil {
		return nil, c.http.Fail(connectors.CodeBadResponse, op, "the answer has no data", nil)
	}
	var in inner
	if err := json.Unmarshal([]byte(*o.Data), &in); err != nil || in.Total == nil {
		return nil, c.http.Fail(connectors.CodeBadResponse, op, "data is not a JSON string of {state, total, data}", err)
	}
	if !in.State {
		return nil, c.http.Fail(connectors.CodeBusiness, op, "the platform reported state=false: "+in.Message, nil)
	}
	return []byte(*o.Data), nil
}
