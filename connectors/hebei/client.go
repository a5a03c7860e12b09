package hebei

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"civgraph/civ"
	"civgraph/connectors"
	"civgraph/connectors/cache"
	"civgraph/connectors/upstream"
)

// pageSize is the upstream page size the connector asks for (the API's maximum).
const pageSize = 100

// Business codes of the envelope.
const (
	codeOK         = 0
	codeBadAppKey  = 1001
	codeBadParam   = 1002
	codeSystemBusy = 5003
)

// Config configures the connector. BaseURL is required.
type Config struct {
	BaseURL string // e.g. http://127.0.0.1:9090/hebei
	AppKey  string
	HTTP    upstream.Config
	Cache   cache.Policy
}

// Client is the Hebei source.
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
		return nil, errors.New("hebei: BaseURL is required")
	}
	if _, err := url.Parse(cfg.BaseURL); err != nil {
		return nil, fmt.Errorf("hebei: BaseURL: %w", err)
	}
	o := connectors.BuildOptions(opts...)
	busy := func(body []byte) bool {
		var e struct{ Code int }
		return json.Unmarshal(body, &e) == nil && e.Code == codeSystemBusy
	}
	return &Client{
		cfg:   cfg,
		base:  strings.TrimRight(cfg.BaseURL, "/"),
		cache: o.Cache,
		memo:  o.Memo,
		http: upstream.New(civ.Hebei, cfg.HTTP, upstream.WithTransport(o.Transport),
			upstream.WithLogger(o.Logger), upstream.WithBodyRetry(busy)),
	}, nil
}

// Province implements connectors.Source.
func (c *Client) Province() civ.ProvinceCode { return civ.Hebei }

// Capabilities: the API filters on every field itself.
func (c *Client) Capabilities() connectors.Capabilities {
	return connectors.Capabilities{PushDown: map[string]bool{"ID": true, "From": true, "To": true, "Domain": true,
		"SiteType": true, "RegionCode": true, "Keyword": true, "OriginID": true}}
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

// list pages through one list endpoint and maps its rows.
func list[W, T any](ctx context.Context, c *Client, resource, op string, q connectors.Query, fromWire func(W) (T, error)) (connectors.Result[T], error) {
	fetch := func(ctx context.Context, page int) (connectors.Raw, error) {
		return c.fetch(ctx, resource, op, q.Filter, page)
	}
	return connectors.PagedRows(ctx, civ.Hebei, op, q, pageSize, c.memo, fetch, decodeRows[W](c, op), fromWire)
}

// filterParams encodes a filter as the API's parameters (see upstreams/hebei).
func filterParams(f civ.Filter) url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("id", f.ID)
	set("ywly", string(f.Domain))
	set("cslx", string(f.SiteType))
	set("xzqh", f.RegionCode)
	set("gjz", f.Keyword)
	set("lyid", f.OriginID)
	if !f.From.IsZero() {
		v.Set("kssj", f.From.Format(time.DateOnly))
	}
	if !f.To.IsZero() {
		v.Set("jssj", f.To.Format(time.DateOnly))
	}
	return v
}

type envelope struct {
	Code    *int            `json:"code"`
	Msg     string          `json:"msg"`
	Success bool            `json:"success"`
	Data    json.RawMessage `json:"data"`
}

type listData struct {
	List  json.RawMessage `json:"list"`
	Total *int            `json:"total"`
}

// fetch reads one page through the cache.
func (c *Client) fetch(ctx context.Context, resource, op string, f civ.Filter, page int) (connectors.Raw, error) {
	params := filterParams(f)
	params.Set("pageNum", strconv.Itoa(page))
	params.Set("pageSize", strconv.Itoa(pageSize))
	u := c.base + "/api/v1/" + resource + "/list?" + params.Encode()
	// The key names the request but never the credential.
	key := "hebei:" + u
	res, err := c.cache.Fetch(ctx, key, c.cfg.Cache, func(ctx context.Context) ([]byte, error) {
		return c.load(ctx, u, op)
	})
	return connectors.Raw{Key: key, Result: res}, err // a bare context error becomes SOURCE_TIMEOUT in federation
}

// decodeRows decodes a cached {list, total} into wire rows.
func decodeRows[W any](c *Client, op string) func([]byte) ([]W, int, error) {
	return func(value []byte) ([]W, int, error) {
		var data listData
		if err := json.Unmarshal(value, &data); err != nil || data.Total == nil {
			return nil, 0, c.http.Fail(connectors.CodeBadResponse, op, "data is not {list, total}", err)
		}
		var rows []W
		if err := json.Unmarshal(data.List, &rows); err != nil {
			return nil, 0, c.http.Fail(connectors.CodeBadResponse, op, "data.list has unexpected fields: "+err.Error(), err)
		}
		return rows, *data.Total, nil
	}
}

// load performs the request and checks the envelope; only a successful
// answer's data is returned, and so cached.
func (c *Client) load(ctx context.Context, u, op string) ([]byte, error) {
	req, err := upstream.NewRequest(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, c.http.Fail(connectors.CodeInvalidQuery, op, "could not build the request", err)
	}
	req.Header.Set("appKey", c.cfg.AppKey)
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req, op)
	if err != nil {
		return nil, err
	}
	var env envelope
	if err := json.Unmarshal(resp.Body, &env); err != nil || env.Code == nil {
		return nil, c.http.Fail(connectors.CodeBadResponse, op, "the answer is not the {code, msg, data} envelope", err)
	}
	switch *env.Code {
	case codeOK:
		return env.Data, nil
	case codeBadAppKey:
		return nil, c.http.Fail(connectors.CodeAuth, op, "the upstream rejected the appKey", fmt.Errorf("code %d: %s", *env.Code, env.Msg))
	case codeSystemBusy:
		return nil, c.http.Fail(connectors.CodeUnavailable, op, "the upstream stayed busy after retries", fmt.Errorf("code %d: %s", *env.Code, env.Msg))
	case codeBadParam:
		return nil, c.http.Fail(connectors.CodeInvalidQuery, op, "the upstream rejected a parameter: "+env.Msg, fmt.Errorf("code %d", *env.Code))
	default:
		return nil, c.http.Fail(connectors.CodeBusiness, op, fmt.Sprintf("the upstream answered code %d: %s", *env.Code, env.Msg), nil)
	}
}
