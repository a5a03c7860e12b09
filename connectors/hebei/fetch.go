package hebei

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/httpclient"
	"github.com/civgraph/civgraph/connectors/kit"
)

// Business codes of the envelope (see internal/sampleapi/hebei).
const (
	codeOK         = 0
	codeBadAppKey  = 1001 // appKey missing or invalid
	codeBadParam   = 1002 // a parameter was refused
	codeSystemBusy = 5003 // 系统繁忙，请稍后重试: retried by the shared client
)

type envelope struct {
	Code    *int     `json:"code"`
	Msg     string   `json:"msg"`
	Success bool     `json:"success"`
	Data    kit.Span `json:"data"` // the page, decoded once by kit.DecodeRows
}

// busy is the httpclient.BodyRetryPolicy: code 5003 asks to be called again.
// It reads only the envelope's code, not the page the connector decodes.
func busy(body []byte) bool {
	raw, ok := kit.TopLevelField(body, "code")
	var code int
	return ok && json.Unmarshal(raw, &code) == nil && code == codeSystemBusy
}

// fail makes Hebei's errors.
var fail = kit.Errors(civ.Hebei)

// fetch reads one page of size rows through the cache.
func (c *Client) fetch(ctx context.Context, resource, op string, filter url.Values, page, size int) (kit.Raw, error) {
	params := url.Values{}
	for k, v := range filter {
		params[k] = v
	}
	params.Set("pageNum", strconv.Itoa(page))
	params.Set("pageSize", strconv.Itoa(size))
	// Encode sorts the parameters, so equal requests get equal keys. The
	// key names the request but not the appKey, which travels in a header.
	u := c.conn.Base + "/api/v1/" + resource + "/list?" + params.Encode()
	key := "hebei:" + u
	return c.conn.Fetch(ctx, key, c.cfg.Cache, func(ctx context.Context) ([]byte, error) {
		return c.load(ctx, u, op)
	})
}

// load performs the request and checks the envelope; only a successful
// answer's data is returned, and so cached. A business error is returned
// as an error, so it is never cached.
func (c *Client) load(ctx context.Context, u, op string) ([]byte, error) {
	req, err := httpclient.NewRequest(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fail.New(connectors.CodeInvalidQuery, op, "could not build the request", err)
	}
	req.Header.Set("appKey", c.cfg.AppKey)
	req.Header.Set("Accept", "application/json")
	resp, err := c.conn.HTTP.Do(req, op)
	if err != nil {
		return nil, err
	}
	var env envelope
	if err := kit.DecodeEnvelope(resp.Body, &env); err != nil || env.Code == nil {
		return nil, fail.New(connectors.CodeBadResponse, op, "the answer is not the {code, msg, success, data} envelope", err)
	}
	if *env.Code != codeOK {
		return nil, c.envelopeError(op, *env.Code, env.Msg)
	}
	if !env.Success {
		return nil, fail.New(connectors.CodeBadResponse, op, "the envelope says code 0 but success false", nil)
	}
	return env.Data, nil
}

// envelopeError maps a business code to a connector error.
func (c *Client) envelopeError(op string, code int, msg string) error {
	cause := fmt.Errorf("code %d: %s", code, msg)
	switch code {
	case codeBadAppKey:
		return fail.New(connectors.CodeAuth, op, "the upstream rejected the appKey", cause)
	case codeSystemBusy:
		return fail.New(connectors.CodeUnavailable, op, "the upstream stayed busy after retries", cause)
	case codeBadParam:
		return fail.New(connectors.CodeInvalidQuery, op, "the upstream rejected a parameter: "+msg, cause)
	default:
		return fail.New(connectors.CodeBusiness, op, fmt.Sprintf("the upstream answered code %d: %s", code, msg), cause)
	}
}
