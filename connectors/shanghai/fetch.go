package shanghai

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/httpclient"
)

// Platform codes of the outer envelope (see internal/sampleapi/shanghai).
const (
	codeOK          = "000000"
	codeBadToken    = "100001" // token missing or invalid
	codeBadParams   = "100002" // a body field was refused
	codeNoInterface = "100003" // no such resourceNo/interfaceNo
	codeBusy        = "100004" // 系统繁忙: retried by the shared client
	codeRateLimited = "100005" // 访问过于频繁 (normally with HTTP 429)
)

// outer is the envelope; Data is the JSON of inner, as a string.
type outer struct {
	Code    string  `json:"code"`
	Message string  `json:"message"`
	Data    *string `json:"data"`
}

// inner is the decoded data string: the page and its total.
type inner struct {
	State   bool            `json:"state"`
	Total   *int            `json:"total"`
	Data    json.RawMessage `json:"data"`
	Message string          `json:"message"`
}

// busy is the httpclient.BodyRetryPolicy: code 100004 asks to be called again.
func busy(body []byte) bool {
	var o outer
	return json.Unmarshal(body, &o) == nil && o.Code == codeBusy
}

// fetch reads one page through the cache. The key names the interface and
// the body, which carries no credential (the token travels in a header).
func (c *Client) fetch(ctx context.Context, path, op string, body request) (connectors.Raw, error) {
	raw, err := json.Marshal(body)
	if err != nil {
		return connectors.Raw{}, c.http.Fail(connectors.CodeInvalidQuery, op, "could not encode the request", err)
	}
	u := c.base + path
	key := "shanghai:" + u + " " + string(raw)
	res, err := c.cache.Fetch(ctx, key, c.cfg.Cache, func(ctx context.Context) ([]byte, error) {
		return c.load(ctx, u, op, raw)
	})
	if err != nil {
		return connectors.Raw{}, c.ended(ctx, op, err)
	}
	return connectors.Raw{Key: key, Result: res}, nil
}

// load performs the request and unwraps both layers of the answer. Only a
// successful answer's inner object is returned, and so cached; a business
// error is returned as an error, so it is never cached.
func (c *Client) load(ctx context.Context, u, op string, body []byte) ([]byte, error) {
	req, err := httpclient.NewRequest(ctx, http.MethodPost, u, body)
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
	if o.Code != codeOK {
		return nil, c.envelopeError(op, o.Code, o.Message)
	}
	if o.Data == nil {
		return nil, c.http.Fail(connectors.CodeBadResponse, op, "the envelope has no data string", nil)
	}
	var in inner
	if err := json.Unmarshal([]byte(*o.Data), &in); err != nil || in.Total == nil {
		return nil, c.http.Fail(connectors.CodeBadResponse, op, "data is not a JSON string of {state, total, data}", err)
	}
	if !in.State {
		return nil, c.http.Fail(connectors.CodeBusiness, op, "the platform answered state false: "+in.Message, nil)
	}
	return []byte(*o.Data), nil
}

// envelopeError maps a platform code to a connector error.
func (c *Client) envelopeError(op, code, msg string) error {
	cause := fmt.Errorf("code %s: %s", code, msg)
	switch code {
	case codeBadToken:
		return c.http.Fail(connectors.CodeAuth, op, "the platform rejected the token", cause)
	case codeBadParams:
		return c.http.Fail(connectors.CodeInvalidQuery, op, "the platform rejected a parameter: "+msg, cause)
	case codeBusy:
		return c.http.Fail(connectors.CodeUnavailable, op, "the platform stayed busy after retries", cause)
	case codeRateLimited:
		return c.http.Fail(connectors.CodeRateLimited, op, "the platform is rate limiting the gateway", cause)
	case codeNoInterface:
		return c.http.Fail(connectors.CodeBusiness, op, "the platform does not offer this interface", cause)
	default:
		return c.http.Fail(connectors.CodeBusiness, op, fmt.Sprintf("the platform answered code %s: %s", code, msg), cause)
	}
}

// decodeRows decodes a cached inner object, {state, total, data}, into
// wire rows.
func decodeRows[W any](c *Client, op string) func([]byte) ([]W, int, error) {
	return func(value []byte) ([]W, int, error) {
		var in inner
		if err := json.Unmarshal(value, &in); err != nil || in.Total == nil {
			return nil, 0, c.http.Fail(connectors.CodeBadResponse, op, "data is not {state, total, data}", err)
		}
		if *in.Total < 0 {
			return nil, 0, c.http.Fail(connectors.CodeBadResponse, op, fmt.Sprintf("data.total is negative (%d)", *in.Total), nil)
		}
		var rows []W
		if err := json.Unmarshal(in.Data, &rows); err != nil {
			return nil, 0, c.http.Fail(connectors.CodeBadResponse, op, "data.data is not a list of rows: "+err.Error(), err)
		}
		return rows, *in.Total, nil
	}
}

// ended makes sure every error is an UpstreamError: a bare context error —
// the cache returns one when the caller's ctx ends while it waits — becomes
// SOURCE_TIMEOUT.
func (c *Client) ended(ctx context.Context, op string, err error) error {
	if _, ok := connectors.AsUpstreamError(err); ok {
		return err
	}
	if ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return c.http.Fail(connectors.CodeTimeout, op, "the request ended before the platform answered", err)
	}
	return c.http.Fail(connectors.CodeUnavailable, op, "the platform could not be read", err)
}
