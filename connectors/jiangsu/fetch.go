package jiangsu

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/httpclient"
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
// string decoded once, so a cached page is not re-validated.
type page struct {
	Total int             `json:"total"`
	Rows  json.RawMessage `json:"rows"`
}

// fetch reads one page through the cache. The key names the request (path
// and parameters) but never the token.
func (c *Client) fetch(ctx context.Context, op string, params url.Values) (connectors.Raw, error) {
	u := c.base + "/opendata/api?" + params.Encode()
	key := "jiangsu:" + u
	res, err := c.cache.Fetch(ctx, key, c.cfg.Cache, func(ctx context.Context) ([]byte, error) {
		return c.load(ctx, u, op)
	})
	if err != nil {
		return connectors.Raw{}, c.ended(ctx, op, err)
	}
	return connectors.Raw{Key: key, Result: res}, nil
}

// decodeRows decodes a cached page into wire rows.
func decodeRows[W any](c *Client, op string) func([]byte) ([]W, int, error) {
	return func(value []byte) ([]W, int, error) {
		var p page
		if err := json.Unmarshal(value, &p); err != nil {
			return nil, 0, c.http.Fail(connectors.CodeBadResponse, op, "cached page is corrupt", err)
		}
		var rows []W
		if err := json.Unmarshal(p.Rows, &rows); err != nil {
			return nil, 0, c.http.Fail(connectors.CodeBadResponse, op, "data holds rows of the wrong shape: "+err.Error(), err)
		}
		return rows, p.Total, nil
	}
}

// ended turns a bare context error — the cache returns one when the
// caller's ctx ends while it waits — into SOURCE_TIMEOUT.
func (c *Client) ended(ctx context.Context, op string, err error) error {
	if _, ok := connectors.AsUpstreamError(err); ok {
		return err
	}
	if ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return c.http.Fail(connectors.CodeTimeout, op, "the request ended before the portal answered", err)
	}
	return c.http.Fail(connectors.CodeUnavailable, op, "the portal could not be read", err)
}

// get sends an authorized GET through the shared client; extra headers
// (If-None-Match) may be set by edit.
func (c *Client) get(ctx context.Context, u, op string, edit func(http.Header)) (*httpclient.Response, error) {
	req, err := httpclient.NewRequest(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, c.http.Fail(connectors.CodeInvalidQuery, op, "could not build the request", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.cfg.BearerToken)
	if edit != nil {
		edit(req.Header)
	}
	return c.http.Do(req, op)
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
		return nil, c.http.Fail(connectors.CodeBadResponse, op, "the envelope has no valid totalrecords", nil)
	case env.Data == nil:
		return nil, c.http.Fail(connectors.CodeBadResponse, op, "the envelope has no data", nil)
	}
	var rows []json.RawMessage
	if err := json.Unmarshal([]byte(*env.Data), &rows); err != nil || rows == nil {
		return nil, c.http.Fail(connectors.CodeBadResponse, op, "data is not a JSON array inside a string", err)
	}
	return json.Marshal(page{Total: *env.Totalrecords, Rows: json.RawMessage(*env.Data)})
}

// envelope decodes an answer's envelope and maps a non-zero errcode.
func (c *Client) envelope(body []byte, op string) (envelope, error) {
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil || env.Errcode == nil {
		return env, c.http.Fail(connectors.CodeBadResponse, op, "the answer is not the {errcode, result, data} envelope", err)
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
		return c.http.Fail(connectors.CodeAuth, op, fmt.Sprintf("the portal refused the gateway's credentials (errcode %d)", code), cause)
	case errRateLimited:
		return c.http.Fail(connectors.CodeRateLimited, op, "the portal kept rate limiting the gateway", cause)
	case errRetry, errInternal, errMaintenance:
		return c.http.Fail(connectors.CodeUnavailable, op, fmt.Sprintf("the portal kept failing (errcode %d)", code), cause)
	case errBadParams:
		return c.http.Fail(connectors.CodeInvalidQuery, op, "the portal rejected a parameter: "+result, cause)
	case errRetired:
		return c.http.Fail(connectors.CodeBusiness, op, "the portal says the resource was withdrawn", cause)
	}
	return c.http.Fail(connectors.CodeBusiness, op, fmt.Sprintf("the portal answered errcode %d: %s", code, result), cause)
}
