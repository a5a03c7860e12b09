package shanghai

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
	Code    string     `json:"code"`
	Message string     `json:"message"`
	Data    kit.Quoted `json:"data"`
}

// inner is the decoded data string: the page and its total. Its rows are
// only checked for syntax here; kit.DecodeRows decodes them once.
type inner struct {
	State   bool     `json:"state"`
	Total   *int     `json:"total"`
	Data    kit.Span `json:"data"`
	Message string   `json:"message"`
}

// busy is the httpclient.BodyRetryPolicy: code 100004 asks to be called again.
// It reads only the envelope's code, not the page the connector decodes.
func busy(body []byte) bool {
	raw, ok := kit.TopLevelField(body, "code")
	var code string
	return ok && json.Unmarshal(raw, &code) == nil && code == codeBusy
}

// fail makes Shanghai's errors.
var fail = kit.Errors(civ.Shanghai)

// fetch reads one page through the cache. The key names the interface and
// the body, which carries no credential (the token travels in a header).
func (c *Client) fetch(ctx context.Context, path, op string, body request) (kit.Raw, error) {
	raw, err := json.Marshal(body)
	if err != nil {
		return kit.Raw{}, fail.New(connectors.CodeInvalidQuery, op, "could not encode the request", err)
	}
	u := c.conn.Base + path
	key := "shanghai:" + u + " " + string(raw)
	return c.conn.Fetch(ctx, key, c.cfg.Cache, func(ctx context.Context) ([]byte, error) {
		return c.load(ctx, u, op, raw)
	})
}

// load performs the request and unwraps both layers of the answer. Only a
// successful answer's inner object is returned, and so cached; a business
// error is returned as an error, so it is never cached.
func (c *Client) load(ctx context.Context, u, op string, body []byte) ([]byte, error) {
	req, err := httpclient.NewRequest(ctx, http.MethodPost, u, body)
	if err != nil {
		return nil, fail.New(connectors.CodeInvalidQuery, op, "could not build the request", err)
	}
	req.Header.Set("token", c.cfg.Token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Cache-Control", "no-cache")
	resp, err := c.conn.HTTP.Do(req, op)
	if err != nil {
		return nil, err
	}
	var o outer
	if err := kit.DecodeEnvelope(resp.Body, &o); err != nil || o.Code == "" {
		return nil, fail.New(connectors.CodeBadResponse, op, "the answer is not the {code, message, data} envelope", err)
	}
	if o.Code != codeOK {
		return nil, c.envelopeError(op, o.Code, o.Message)
	}
	if o.Data == nil {
		return nil, fail.New(connectors.CodeBadResponse, op, "the envelope has no data string", nil)
	}
	var in inner
	if err := kit.DecodeEnvelope(o.Data, &in); err != nil || in.Total == nil {
		return nil, fail.New(connectors.CodeBadResponse, op, "data is not a JSON string of {state, total, data}", err)
	}
	if !in.State {
		return nil, fail.New(connectors.CodeBusiness, op, "the platform answered state false: "+in.Message, nil)
	}
	return o.Data, nil
}

// envelopeError maps a platform code to a connector error.
func (c *Client) envelopeError(op, code, msg string) error {
	cause := fmt.Errorf("code %s: %s", code, msg)
	switch code {
	case codeBadToken:
		return fail.New(connectors.CodeAuth, op, "the platform rejected the token", cause)
	case codeBadParams:
		return fail.New(connectors.CodeInvalidQuery, op, "the platform rejected a parameter: "+msg, cause)
	case codeBusy:
		return fail.New(connectors.CodeUnavailable, op, "the platform stayed busy after retries", cause)
	case codeRateLimited:
		return fail.New(connectors.CodeRateLimited, op, "the platform is rate limiting the gateway", cause)
	case codeNoInterface:
		return fail.New(connectors.CodeBusiness, op, "the platform does not offer this interface", cause)
	default:
		return fail.New(connectors.CodeBusiness, op, fmt.Sprintf("the platform answered code %s: %s", code, msg), cause)
	}
}
