package hubei

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/httpclient"
	"github.com/civgraph/civgraph/connectors/kit"
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
	Code *string  `json:"code"`
	Msg  string   `json:"msg"`
	Data kit.Span `json:"data"` // the page, decoded once by kit.DecodeRows
}

// busy reports whether a 200 answer asks to be retried later.
// It reads only the envelope's code, not the page the connector decodes.
func busy(body []byte) bool {
	raw, ok := kit.TopLevelField(body, "code")
	var code string
	return ok && json.Unmarshal(raw, &code) == nil && code == codeBusy
}

// fail makes Hubei's errors.
var fail = kit.Errors(civ.Hubei)

// fetch reads one page through the cache.
func (c *Client) fetch(ctx context.Context, resource, op string, q query) (kit.Raw, error) {
	body, err := json.Marshal(q)
	if err != nil {
		return kit.Raw{}, fail.New(connectors.CodeInvalidQuery, op, "could not encode the query", err)
	}
	u := c.conn.Base + "/ebus/mz/" + resource + "/query"
	// The key names the request (path and body) but never the credentials.
	key := "hubei:" + u + ":" + string(body)
	return c.conn.Fetch(ctx, key, c.cfg.Cache, func(ctx context.Context) ([]byte, error) {
		return c.load(ctx, u, op, body)
	})
}

// load performs the request and checks the envelope; only a successful
// answer's data is returned, and so cached.
func (c *Client) load(ctx context.Context, u, op string, body []byte) ([]byte, error) {
	req, err := httpclient.NewRequest(ctx, http.MethodPost, u, body)
	if err != nil {
		return nil, fail.New(connectors.CodeInvalidQuery, op, "could not build the request", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.conn.HTTP.Do(req, op)
	if err != nil {
		return nil, err
	}
	var env envelope
	if err := kit.DecodeEnvelope(resp.Body, &env); err != nil || env.Code == nil {
		return nil, fail.New(connectors.CodeBadResponse, op, "the answer is not the {code, msg, data} envelope", err)
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
		return fail.New(connectors.CodeUnavailable, op, "the gateway stayed busy after retries", cause)
	case code == codeRateLimited:
		return fail.New(connectors.CodeRateLimited, op, "the gateway is rate limiting the connector", cause)
	case code == codeBadParam:
		return fail.New(connectors.CodeInvalidQuery, op, "the gateway rejected a parameter: "+msg, cause)
	case len(code) == 5 && code[:3] == codeAuthPrefix:
		return fail.New(connectors.CodeAuth, op, "the gateway rejected the request's signature: "+msg, cause)
	default:
		return fail.New(connectors.CodeBusiness, op, fmt.Sprintf("the gateway answered code %s: %s", code, msg), cause)
	}
}

// errorBody classifies a 4xx answer by its envelope, when it has one.
func (c *Client) errorBody(op string, _ int, body []byte) error {
	var env envelope
	if kit.DecodeEnvelope(body, &env) != nil || env.Code == nil || *env.Code == codeOK {
		return nil
	}
	return c.envelopeError(op, *env.Code, env.Msg)
}
