package hubei

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"civgraph/civ"
	"civgraph/connectors"
	"civgraph/connectors/cache"
	"civgraph/connectors/upstream"
)

const pageSize = 100

// Config configures the connector. BaseURL is required.
type Config struct {
	BaseURL string // e.g. http://127.0.0.1:9090/hubei
	PaasID  string // x-tif-paasid
	Token   string // signs requests; never sent
	HTTP    upstream.Config
	Cache   cache.Policy
}

// Client is the Hubei source.
type Client struct {
	cfg   Config
	base  string
	http  *upstream.Client
	cache *cache.Cache
	memo  *connectors.Memo
	now   func() time.Time
}

var _ connectors.Source = (*Client)(nil)

// New builds the connector.
func New(cfg Config, opts ...connectors.Option) (*Client, error) {
	if cfg.BaseURL == "" {
		return nil, errors.New("hubei: BaseURL is required")
	}
	o := connectors.BuildOptions(opts...)
	c := &Client{cfg: cfg, base: strings.TrimRight(cfg.BaseURL, "/"), cache: o.Cache, memo: o.Memo, now: o.Now}
	c.http = upstream.New(civ.Hubei, cfg.HTTP, upstream.WithTransport(o.Transport),
		upstream.WithLogger(o.Logger), upstream.WithPrepare(c.sign))
	return c, nil
}

// sign sets the gateway headers with a fresh timestamp and nonce.
func (c *Client) sign(r *http.Request) error {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return fmt.Errorf("make nonce: %w", err)
	}
	ts := strconv.FormatInt(c.now().Unix(), 10)
	nonce := hex.EncodeToString(b[:])
	sum := sha256.Sum256([]byte(ts + c.cfg.Token + nonce + ts))
	r.Header.Set("x-tif-paasid", c.cfg.PaasID)
	r.Header.Set("x-tif-timestamp", ts)
	r.Header.Set("x-tif-nonce", nonce)
	r.Header.Set("x-tif-signature", strings.ToUpper(hex.EncodeToString(sum[:])))
	return nil
}

// Province implements connectors.Source.
func (c *Client) Province() civ.ProvinceCode { return civ.Hubei }

// Capabilities: the gateway filters on every field itself.
func (c *Client) Capabilities() connectors.Capabilities {
	return connectors.Capabilities{PushDown: map[string]bool{"ID": true, "From": true, "To": true, "Domain": true,
		"SiteType": true, "RegionCode": true, "Keyword": true, "OriginID": true}}
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

func list[W, T any](ctx context.Context, c *Client, resource, op string, q connectors.Query, fromWire func(W) (T, error)) (connectors.Result[T], error) {
	fetch := func(ctx context.Context, page int) (connectors.Raw, error) {
		return c.fetch(ctx, resource, op, q.Filter, page)
	}
	return connectors.PagedRows(ctx, civ.Hubei, op, q, pageSize, c.memo, fetch, decodeRows[W](c, op), fromWire)
}

func queryBody(f civ.Filter, page int) query {
	q := query{PageNo: page, PageSize: pageSize, ID: f.ID, Domain: string(f.Domain), SiteType: string(f.SiteType),
		RegionCode: f.RegionCode, Keyword: f.Keyword, SourceID: f.OriginID}
	if !f.From.IsZero() {
		q.StartDate = f.From.Format(time.DateOnly)
	}
	if !f.To.IsZero() {
		q.EndDate = f.To.Format(time.DateOnly)
	}
	return q
}

type response struct {
	Code string          `json:"code"`
	Msg  string          `json:"msg"`
	Data json.RawMessage `json:"data"`
}

type page struct {
	Total *int            `json:"total"`
	Rows  json.RawMessage `json:"rows"`
}

// fetch reads one page through the cache.
func (c *Client) fetch(ctx context.Context, resource, op string, f civ.Filter, pageNo int) (connectors.Raw, error) {
	body, _ := json.Marshal(queryBody(f, pageNo)) // plain struct: cannot fail
	u := c.base + "/ebus/mz/" + resource + "/query"
	key := "hubei:" + u + ":" + string(body)
	res, err := c.cache.Fetch(ctx, key, c.cfg.Cache, func(ctx context.Context) ([]byte, error) {
		return c.load(ctx, u, op, body)
	})
	return connectors.Raw{Key: key, Result: res}, err
}

// decodeRows decodes a cached {total, rows} into wire rows.
func decodeRows[W any](c *Client, op string) func([]byte) ([]W, int, error) {
	return func(value []byte) ([]W, int, error) {
		var p page
		if err := json.Unmarshal(value, &p); err != nil || p.Total == nil {
			return nil, 0, c.http.Fail(connectors.CodeBadResponse, op, "data is not {total, rows}", err)
		}
		var rows []W
		if err := json.Unmarshal(p.Rows, &rows); err != nil {
			return nil, 0, c.http.Fail(connectors.CodeBadResponse, op, "data.rows has unexpected fields: "+err.Error(), err)
		}
		return rows, *p.Total, nil
	}
}

func (c *Client) load(ctx context.Context, u, op string, body []byte) ([]byte, error) {
	req, err := upstream.NewRequest(ctx, http.MethodPost, u, body)
	if err != nil {
		return nil, c.http.Fail(connectors.CodeInvalidQuery, op, "could not build the request", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req, op)
	if err != nil {
		return nil, err
	}
	var r response
	if err := json.Unmarshal(resp.Body, &r); err != nil {
		return nil, c.http.Fail(connectors.CodeBadResponse, op, "the answer is not the {code, msg, data} envelope", err)
	}
	if r.Code != "0" {
		return nil, c.http.Fail(connectors.CodeBusiness, op, fmt.Sprintf("the gateway answered code %q: %s", r.Code, r.Msg), nil)
	}
	return r.Data, nil
}
