package jiangsu

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/httpclient"
	"github.com/civgraph/civgraph/connectors/kit"
)

// Portal error codes inside HTTP 200 (the portal's published list).
const (
	errOK          = 0
	errIPBanned    = 10001
	errBadToken    = 10002
	errBannedToken = 10003
	errRateLimited = 10004 // 访问频率超过限制: retried
	errRetry       = 10005 // 请重试: retried
	errMaintenance = 10006
	errRetired     = 10007 // the resource was withdrawn
	errBadParams   = 10008
	errInternal    = 10009 // 内部错误: retried
)

// envelope is every JSON answer of the portal, errors included.
type envelope struct {
	Errcode      *int    `json:"errcode"`
	Result       string  `json:"result"`       // "success" or the error's wording
	Totalrecords *int    `json:"totalrecords"` // rows matching the filters, all pages
	Data         *string `json:"data"`         // the page's rows: a JSON array inside a string
}

// retryable reports whether a 200 answer is an envelope asking to be
// called again later. It looks at JSON bodies only: a CSV bulk file is
// never a retry request.
func retryable(body []byte) bool {
	if b := bytes.TrimLeft(body, " \t\r\n"); len(b) == 0 || b[0] != '{' {
		return false
	}
	var e envelope
	if json.Unmarshal(body, &e) != nil || e.Errcode == nil {
		return false
	}
	switch *e.Errcode {
	case errRateLimited, errRetry, errInternal:
		return true
	}
	return false
}

// page is what the cache holds for one API page: the total and the data
// string decoded once, so a cached page is not re-validated. It has the
// {rows, total} shape kit.DecodeRows reads.
type page struct {
	Total int             `json:"total"`
	Rows  json.RawMessage `json:"rows"`
}

// fail makes Jiangsu's errors.
var fail = kit.Errors(civ.Jiangsu)

// fetch reads one page through the cache. The key names the request (path
// and parameters) but never the token.
func (c *Client) fetch(ctx context.Context, op string, params url.Values) (kit.Raw, error) {
	u := c.conn.Base + "/opendata/api?" + params.Encode()
	key := "jiangsu:" + u
	return c.conn.Fetch(ctx, key, c.cfg.Cache, func(ctx context.Context) ([]byte, error) {
		return c.load(ctx, u, op)
	})
}

// get sends an authorized GET through the shared client; extra headers
// (If-None-Match) may be set by edit.
func (c *Client) get(ctx context.Context, u, op string, edit func(http.Header)) (*httpclient.Response, error) {
	req, err := httpclient.NewRequest(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fail.New(connectors.CodeInvalidQuery, op, "could not build the request", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.cfg.BearerToken)
	if edit != nil {
		edit(req.Header)
	}
	return c.conn.HTTP.Do(req, op)
}

// load performs one API request and checks the envelope, decoding data (a
// JSON string) once to check it holds an array; only a successful page is
// returned, and so cached.
func (c *Client) load(ctx context.Context, u, op string) ([]byte, error) {
	resp, err := c.get(ctx, u, op, nil)
	if err != nil {
		return nil, err
	}
	env, err := c.envelope(resp.Body, op)
	if err != nil {
		return nil, err
	}
	switch {
	case env.Totalrecords == nil || *env.Totalrecords < 0:
		return nil, fail.New(connectors.CodeBadResponse, op, "the envelope has no valid totalrecords", nil)
	case env.Data == nil:
		return nil, fail.New(connectors.CodeBadResponse, op, "the envelope has no data", nil)
	}
	var rows []json.RawMessage
	if err := json.Unmarshal([]byte(*env.Data), &rows); err != nil || rows == nil {
		return nil, fail.New(connectors.CodeBadResponse, op, "data is not a JSON array inside a string", err)
	}
	return json.Marshal(page{Total: *env.Totalrecords, Rows: json.RawMessage(*env.Data)})
}

// envelope decodes an answer's envelope and maps a non-zero errcode.
func (c *Client) envelope(body []byte, op string) (envelope, error) {
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil || env.Errcode == nil {
		return env, fail.New(connectors.CodeBadResponse, op, "the answer is not the {errcode, result, data} envelope", err)
	}
	return env, c.envelopeError(*env.Errcode, env.Result, op)
}

// envelopeError maps an errcode to a connector error (nil for success).
// Retryable codes arrive here only once the shared client's retries are spent.
func (c *Client) envelopeError(code int, result, op string) error {
	cause := fmt.Errorf("errcode %d: %s", code, result)
	switch code {
	case errOK:
		return nil
	case errIPBanned, errBadToken, errBannedToken:
		return fail.New(connectors.CodeAuth, op, fmt.Sprintf("the portal refused the gateway's credentials (errcode %d)", code), cause)
	case errRateLimited:
		return fail.New(connectors.CodeRateLimited, op, "the portal kept rate limiting the gateway", cause)
	case errRetry, errInternal, errMaintenance:
		return fail.New(connectors.CodeUnavailable, op, fmt.Sprintf("the portal kept failing (errcode %d)", code), cause)
	case errBadParams:
		return fail.New(connectors.CodeInvalidQuery, op, "the portal rejected a parameter: "+result, cause)
	case errRetired:
		return fail.New(connectors.CodeBusiness, op, "the portal says the resource was withdrawn", cause)
	}
	return fail.New(connectors.CodeBusiness, op, fmt.Sprintf("the portal answered errcode %d: %s", code, result), cause)
}
