package hubei

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/httpclient"
)

// Envelope codes of the gateway (see internal/sampleapi/hubei). Gateway errors also
// carry an HTTP status, which httpclient.Client maps before the body is read;
// these are the codes that arrive inside HTTP 200.
const (
	codeOK          = "0"
	codeBadParam    = "40001"
	codeAuthPrefix  = "401" // 40101 signature, 40102 clock skew, 40103 replay
	codeRateLimited = "42901"
	codeBusy        = "10001" // 系统繁忙: retried
)

type envelope struct {
	Code *string         `json:"code"`
	Msg  string          `json:"msg"`
	Data json.RawMessage `json:"data"`
}

type pageData struct {
	Total *int            `json:"total"`
	Rows  json.RawMessage `json:"rows"`
}

// busy reports whether a 200 answer asks to be retried later.
func busy(body []byte) bool {
	var e envelope
	return json.Unmarshal(body, &e) == nil && e.Code != nil && *e.Code == codeBusy
}

// fetch reads one page through the cache.
func (c *Client) fetch(ctx context.Context, resource, op string, f civ.Filter, pageNo int) (connectors.Raw, error) {
	body, err := json.Marshal(queryBody(f, pageNo))
	if err != nil {
		return connectors.Raw{}, c.http.Fail(connectors.CodeInvalidQuery, op, "could not encode the query", err)
	}
	u := c.base + "/ebus/mz/" + resource + "/query"
	// The key names the request (path and body) but never the credentials.
	key := "hubei:" + u + ":" + string(body)
	res, err := c.cache.Fetch(ctx, key, c.cfg.Cache, func(ctx context.Context) ([]byte, error) {
		return c.load(ctx, u, op, body)
	})
	if err != nil {
		return connectors.Raw{}, c.ended(ctx, op, err)
	}
	return connectors.Raw{Key: key, Result: res}, nil
}

// decodeRows decodes a cached page's data, {total, rows}, into wire rows.
func decodeRows[W any](c *Client, op string) func([]byte) ([]W, int, error) {
	return func(value []byte) ([]W, int, error) {
		var d pageData
		if err := json.Unmarshal(value, &d); err != nil || d.Total == nil {
			return nil, 0, c.http.Fail(connectors.CodeBadResponse, op, "data is not {total, rows}", err)
		}
		if *d.Total < 0 {
			return nil, 0, c.http.Fail(connectors.CodeBadResponse, op, fmt.Sprintf("data.total is negative (%d)", *d.Total), nil)
		}
		var rows []W
		if err := json.Unmarshal(d.Rows, &rows); err != nil {
			return nil, 0, c.http.Fail(connectors.CodeBadResponse, op, "data.rows is not a list of rows: "+err.Error(), err)
		}
		return rows, *d.Total, nil
	}
}

// ended turns a bare context error — the cache returns one when the
// caller's ctx ends while it waits — into SOURCE_TIMEOUT.
func (c *Client) ended(ctx context.Context, op string, err error) error {
	if _, ok := connectors.AsUpstreamError(err); ok {
		return err
	}
	if ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return c.http.Fail(connectors.CodeTimeout, op, "the request ended before the upstream answered", err)
	}
	return c.http.Fail(connectors.CodeUnavailable, op, "the upstream could not be read", err)
}

// load performs the request and checks the envelope; only a successful
// answer's data is returned, and so cached.
func (c *Client) load(ctx context.Context, u, op string, body []byte) ([]byte, error) {
	req, err := httpclient.NewRequest(ctx, http.MethodPost, u, body)
	if err != nil {
		return nil, c.http.Fail(connectors.CodeInvalidQuery, op, "could not build the request", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req, op)
	if err != nil {
		return nil, err
	}
	var env envelope
	if err := json.Unmarshal(resp.Body, &env); err != nil || env.Code == nil {
		return nil, c.http.Fail(connectors.CodeBadResponse, op, "the answer is not the {code, msg, data} envelope", err)
	}
	if *env.Code == codeOK {
		return env.Data, nil
	}
	return nil, c.envelopeError(op, *env.Code, env.Msg)
}

// envelopeError maps a gateway code to a connector error. It serves both
// HTTP 200 envelopes and the bodies of 4xx answers, so a skewed clock, a
// replayed nonce and a bad signature keep their distinct messages.
func (c *Client) envelopeError(op, code, msg string) error {
	cause := fmt.Errorf("code %s: %s", code, msg)
	switch {
	case code == codeBusy:
		return c.http.Fail(connectors.CodeUnavailable, op, "the gateway stayed busy after retries", cause)
	case code == codeRateLimited:
		return c.http.Fail(connectors.CodeRateLimited, op, "the gateway is rate limiting the connector", cause)
	case code == codeBadParam:
		return c.http.Fail(connectors.CodeInvalidQuery, op, "the gateway rejected a parameter: "+msg, cause)
	case len(code) == 5 && code[:3] == codeAuthPrefix:
		return c.http.Fail(connectors.CodeAuth, op, "the gateway rejected the request's signature: "+msg, cause)
	default:
		return c.http.Fail(connectors.CodeBusiness, op, fmt.Sprintf("the gateway answered code %s: %s", code, msg), cause)
	}
}

// errorBody classifies a 4xx answer by its envelope, when it has one.
func (c *Client) errorBody(op string, _ int, body []byte) error {
	var env envelope
	if json.Unmarshal(body, &env) != nil || env.Code == nil || *env.Code == codeOK {
		return nil
	}
	return c.envelopeError(op, *env.Code, env.Msg)
}
