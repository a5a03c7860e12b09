package jiangsu

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"civgraph/civ"
	"civgraph/connectors"
	"civgraph/connectors/cache"
	"civgraph/connectors/upstream"
)

const pageSize = 100

// Portal error codes inside HTTP 200.
const (
	errOK          = 0
	errBadToken    = 10002
	errBannedToken = 10003
	errRateLimited = 10004
	errBadParams   = 10008
	errInternal    = 10009
)

// Config configures the connector. BaseURL is required.
type Config struct {
	BaseURL     string // e.g. http://127.0.0.1:9090/jiangsu
	BearerToken string
	HTTP        upstream.Config
	Cache       cache.Policy // TTL also bounds the age of the bulk-file snapshot
}

// Client is the Jiangsu source.
type Client struct {
	cfg   Config
	base  string
	http  *upstream.Client
	cache *cache.Cache
	memo  *connectors.Memo
	now   func() time.Time

	bulk     singleflight.Group
	mu       sync.Mutex // guards snapshot
	snapshot *sitesSnapshot
}

var _ connectors.Source = (*Client)(nil)

// New builds the connector.
func New(cfg Config, opts ...connectors.Option) (*Client, error) {
	if cfg.BaseURL == "" {
		return nil, errors.New("jiangsu: BaseURL is required")
	}
	o := connectors.BuildOptions(opts...)
	retryable := func(body []byte) bool {
		var e struct{ Errcode int }
		return json.Unmarshal(body, &e) == nil && (e.Errcode == errRateLimited || e.Errcode == errInternal)
	}
	c := &Client{cfg: cfg, base: strings.TrimRight(cfg.BaseURL, "/"), cache: o.Cache, memo: o.Memo, now: o.Now}
	c.http = upstream.New(civ.Jiangsu, cfg.HTTP, upstream.WithTransport(o.Transport), upstream.WithLogger(o.Logger), upstream.WithBodyRetry(retryable))
	return c, nil
}

// Province implements connectors.Source.
func (c *Client) Province() civ.ProvinceCode { return civ.Jiangsu }

// Capabilities: the paged API filters itself; the bulk site file cannot
// be filtered upstream, so sites are filtered here.
func (c *Client) Capabilities() connectors.Capabilities {
	return connectors.Capabilities{PushDown: map[string]bool{"ID": true, "From": true, "To": true, "Domain": true,
		"RegionCode": true, "Keyword": true, "OriginID": true}}
}

// Meetings implements connectors.Source.
func (c *Client) Meetings(ctx context.Context, q connectors.Query) (connectors.Result[civ.Meeting], error) {
	return list(ctx, c, "mz_meeting", "list meetings", q, meetingFromWire)
}

// PolicyDocuments implements connectors.Source.
func (c *Client) PolicyDocuments(ctx context.Context, q connectors.Query) (connectors.Result[civ.PolicyDocument], error) {
	return list(ctx, c, "mz_policy", "list policy documents", q, documentFromWire)
}

// Tasks implements connectors.Source.
func (c *Client) Tasks(ctx context.Context, q connectors.Query) (connectors.Result[civ.Task], error) {
	return list(ctx, c, "mz_task", "list tasks", q, taskFromWire)
}

func list[W, T any](ctx context.Context, c *Client, resid, op string, q connectors.Query, fromWire func(W) (T, error)) (connectors.Result[T], error) {
	fetch := func(ctx context.Context, page int) (connectors.Raw, error) {
		return c.fetch(ctx, resid, op, q.Filter, page)
	}
	return connectors.PagedRows(ctx, civ.Jiangsu, op, q, pageSize, c.memo, fetch, decodeRows[W](c, op), fromWire)
}

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
	if !f.From.IsZero() {
		v.Set("start_date", f.From.Format("20060102"))
	}
	if !f.To.IsZero() {
		v.Set("end_date", f.To.Format("20060102"))
	}
	return v
}

// page is what the cache holds for one API page: the decoded data string.
type page struct {
	Total int             `json:"total"`
	Rows  json.RawMessage `json:"rows"`
}

// fetch reads one page through the cache.
func (c *Client) fetch(ctx context.Context, resid, op string, f civ.Filter, pageNo int) (connectors.Raw, error) {
	u := c.base + "/opendata/api?" + apiParams(resid, f, pageNo).Encode()
	key := "jiangsu:" + u
	res, err := c.cache.Fetch(ctx, key, c.cfg.Cache, func(ctx context.Context) ([]byte, error) {
		return c.load(ctx, u, op)
	})
	return connectors.Raw{Key: key, Result: res}, err
}

// decodeRows decodes a cached page (the envelope's data, decoded once
// already by load) into wire rows.
func decodeRows[W any](c *Client, op string) func([]byte) ([]W, int, error) {
	return func(value []byte) ([]W, int, error) {
		var p page
		if err := json.Unmarshal(value, &p); err != nil {
			return nil, 0, c.http.Fail(connectors.CodeBadResponse, op, "cached page is corrupt", err)
		}
		var rows []W
		if err := json.Unmarshal(p.Rows, &rows); err != nil {
			return nil, 0, c.http.Fail(connectors.CodeBadResponse, op, "data has unexpected fields: "+err.Error(), err)
		}
		return rows, p.Total, nil
	}
}

type envelope struct {
	Errcode      *int    `json:"errcode"`
	Result       string  `json:"result"`
	Totalrecords int     `json:"totalrecords"`
	Data         *string `json:"data"`
}

// load fetches one page and unwraps the envelope, decoding data (a JSON
// string) once to check it is an array.
func (c *Client) load(ctx context.Context, u, op string) ([]byte, error) {
	req, err := upstream.NewRequest(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, c.http.Fail(connectors.CodeInvalidQuery, op, "could not build the request", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.cfg.BearerToken)
	resp, err := c.http.Do(req, op)
	if err != nil {
		return nil, err
	}
	var env envelope
	if err := json.Unmarshal(resp.Body, &env); err != nil || env.Errcode == nil {
		return nil, c.http.Fail(connectors.CodeBadResponse, op, "the answer is not the {errcode, result, data} envelope", err)
	}
	if err := c.envelopeError(*env.Errcode, env.Result, op); err != nil {
		return nil, err
	}
	if env.Data == nil {
		return nil, c.http.Fail(connectors.CodeBadResponse, op, "the envelope has no data", nil)
	}
	var rows []json.RawMessage
	if err := json.Unmarshal([]byte(*env.Data), &rows); err != nil {
		return nil, c.http.Fail(connectors.CodeBadResponse, op, "data is not a JSON array inside a string", err)
	}
	return json.Marshal(page{Total: env.Totalrecords, Rows: json.RawMessage(*env.Data)})
}

func (c *Client) envelopeError(code int, result, op string) error {
	cause := fmt.Errorf("errcode %d: %s", code, result)
	switch code {
	case errOK:
		return nil
	case errBadToken, errBannedToken:
		return c.http.Fail(connectors.CodeAuth, op, "the portal rejected the token", cause)
	case errRateLimited:
		return c.http.Fail(connectors.CodeRateLimited, op, "the portal kept rate limiting the gateway", cause)
	case errInternal:
		return c.http.Fail(connectors.CodeUnavailable, op, "the portal kept failing internally", cause)
	case errBadParams:
		return c.http.Fail(connectors.CodeInvalidQuery, op, "the portal rejected a parameter: "+result, cause)
	}
	return c.http.Fail(connectors.CodeBusiness, op, fmt.Sprintf("the portal answered errcode %d: %s", code, result), cause)
}
