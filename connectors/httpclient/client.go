package httpclient

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/guard"
	"github.com/civgraph/civgraph/connectors/health"
)

// Defaults used where a Config field is zero.
const (
	DefaultTimeout = 5 * time.Second // per attempt
	// DefaultRetryMax allows seven attempts: when each attempt fails with
	// probability 0.3, a call still fails with 0.3^7 ≈ 0.02%, so a query
	// that needs all four provinces fails with under 0.1%. The jittered
	// waits of six retries add up to about 2 s with the default waits
	// (3.5 s at most), well inside a 5 s source deadline.
	DefaultRetryMax      = 6
	DefaultRetryWaitMin  = 100 * time.Millisecond
	DefaultRetryWaitMax  = 2 * time.Second
	DefaultMaxBodyBytes  = 64 << 20
	DefaultRetryAfterMax = 10 * time.Second
	// The keep-alive pool of a province's transport: enough idle
	// connections for a burst of concurrent page fetches to reuse.
	DefaultIdleConns       = 64
	DefaultIdleConnTimeout = 90 * time.Second
)

// Config tunes a Client. A zero field means "use the default"; a negative
// RetryMax disables retries.
type Config struct {
	Timeout       time.Duration // per attempt
	RetryMax      int
	RetryWaitMin  time.Duration
	RetryWaitMax  time.Duration
	RetryAfterMax time.Duration // longest Retry-After the client will honour
	MaxBodyBytes  int64
	// Guard, shared by every client of one province, holds its breaker,
	// Retry-After hold and quota; nil: unguarded (Retry-After is then
	// honoured up to RetryAfterMax).
	Guard *guard.Guard
	// Health, when set, records requests, retries, latencies and outcomes.
	Health *health.Recorder
	// The keep-alive pool of the client's own transport (not of one set
	// by WithTransport): IdleConns idle connections kept for reuse (a
	// negative value keeps none), MaxConns connections open at once (0:
	// no limit), IdleConnTimeout before an idle one is closed.
	IdleConns       int
	MaxConns        int
	IdleConnTimeout time.Duration
	// Instrument, when set, wraps the transport that sends each attempt
	// (inside the guard: only attempts that reach the upstream), for
	// metrics and tracing.
	Instrument func(http.RoundTripper) http.RoundTripper
}

func (c Config) withDefaults() Config {
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	switch {
	case c.RetryMax == 0:
		c.RetryMax = DefaultRetryMax
	case c.RetryMax < 0:
		c.RetryMax = 0
	}
	if c.RetryWaitMin <= 0 {
		c.RetryWaitMin = DefaultRetryWaitMin
	}
	if c.RetryWaitMax <= 0 {
		c.RetryWaitMax = DefaultRetryWaitMax
	}
	if c.RetryAfterMax <= 0 {
		c.RetryAfterMax = DefaultRetryAfterMax
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if c.IdleConns == 0 {
		c.IdleConns = DefaultIdleConns
	}
	if c.IdleConnTimeout <= 0 {
		c.IdleConnTimeout = DefaultIdleConnTimeout
	}
	return c
}

// BodyRetryPolicy inspects a 200 response body and reports whether the
// upstream asked, inside the envelope, to be called again later (Hebei's
// "system busy", Jiangsu's errcode 10004).
type BodyRetryPolicy func(body []byte) bool

// Option customizes a Client.
type Option func(*Client)

// WithPrepare sets a function applied to every attempt, the first one
// included, just before it is sent: the place to add a fresh signature,
// timestamp and nonce.
func WithPrepare(f func(*http.Request) error) Option {
	return func(c *Client) { c.prepare = f }
}

// WithBodyRetry sets the policy for business-level retries inside HTTP 200.
func WithBodyRetry(p BodyRetryPolicy) Option {
	return func(c *Client) { c.bodyRetry = p }
}

// ErrorBodyPolicy lets a connector classify a 4xx answer (other than 429)
// by its body, e.g. a gateway envelope saying "replayed nonce". It returns
// nil to fall back to the status-based error.
type ErrorBodyPolicy func(op string, status int, body []byte) error

// WithErrorBody sets the policy for classifying 4xx answers by their body.
func WithErrorBody(p ErrorBodyPolicy) Option {
	return func(c *Client) { c.errorBody = p }
}

// WithLogger sets the logger for retry diagnostics.
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) { c.logger = l }
}

// WithTransport sets the HTTP transport (tests, instrumentation).
func WithTransport(rt http.RoundTripper) Option {
	return func(c *Client) { c.transport = rt }
}

// Client sends requests to one province's upstream.
type Client struct {
	province  civ.ProvinceCode
	cfg       Config
	rc        *retryablehttp.Client
	stream    *retryablehttp.Client // Stream's: no timeout on reading the body
	prepare   func(*http.Request) error
	bodyRetry BodyRetryPolicy
	errorBody ErrorBodyPolicy
	logger    *slog.Logger
	transport http.RoundTripper
}

// New builds a Client for province p.
func New(p civ.ProvinceCode, cfg Config, opts ...Option) *Client {
	c := &Client{province: p, cfg: cfg.withDefaults(), logger: slog.New(slog.DiscardHandler)}
	for _, o := range opts {
		o(c)
	}
	transport := c.transport
	if transport == nil {
		transport = c.pooledTransport()
	}
	if c.cfg.Instrument != nil {
		transport = c.cfg.Instrument(transport)
	}
	transport = c.guarded(transport)
	c.rc = c.retrying(&http.Client{Transport: transport, Timeout: c.cfg.Timeout})
	// A streamed body may take longer to read than an attempt may last:
	// the attempt's timeout covers only the wait for the headers.
	c.stream = c.retrying(&http.Client{Transport: headerTimeout{next: transport, d: c.cfg.Timeout}})
	return c
}

// pooledTransport is the province's own transport, with its keep-alive
// pool sized by the Config. The pool is per host, and not capped across
// hosts (http.DefaultTransport's 100), so that idle_conns means what it says.
func (c *Client) pooledTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 0
	t.MaxIdleConnsPerHost = c.cfg.IdleConns // negative: none kept
	t.MaxConnsPerHost = c.cfg.MaxConns
	t.IdleConnTimeout = c.cfg.IdleConnTimeout
	return t
}

// retrying wraps hc in the retry policy.
func (c *Client) retrying(hc *http.Client) *retryablehttp.Client {
	rc := retryablehttp.NewClient()
	rc.HTTPClient = hc
	rc.RetryMax = c.cfg.RetryMax
	rc.RetryWaitMin = c.cfg.RetryWaitMin
	rc.RetryWaitMax = c.cfg.RetryWaitMax
	rc.Logger = c.logger.With("province", string(c.province))
	rc.Backoff = c.backoff
	rc.CheckRetry = c.checkRetry
	rc.ErrorHandler = retryablehttp.PassthroughErrorHandler
	if c.prepare != nil {
		rc.PrepareRetry = c.prepare
	}
	rc.RequestLogHook = c.countRetry
	return rc
}

// backoff is exponential with full jitter, except that a Retry-After from a
// 429 or 503 is honoured up to RetryAfterMax.
func (c *Client) backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if held := c.heldFor(); held > 0 {
		return held
	}
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		if d := retryablehttp.DefaultBackoff(minWait, maxWait, attempt, resp); resp.Header.Get("Retry-After") != "" {
			return min(d, c.cfg.RetryAfterMax)
		}
	}
	ceiling := retryablehttp.DefaultBackoff(minWait, maxWait, attempt, nil)
	return minWait + rand.N(max(ceiling-minWait, 1))
}

// checkRetry retries network errors, 429 and 5xx (except 501), and 200
// answers whose body the BodyRetryPolicy marks as "busy". It never retries
// once the caller's context is done.
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if c.mustNotRetry(ctx, resp, err) {
		return false, nil
	}
	if err == nil && resp.StatusCode == http.StatusOK && c.bodyRetry != nil && !(isStream(ctx) && !isJSON(resp.Header)) {
		body, readErr := c.readBody(resp)
		if errors.Is(readErr, errBodyTooLarge) {
			resp.Body = io.NopCloser(failingReader{readErr}) // reported as too large, not retried
			return false, nil
		}
		if readErr != nil {
			return true, nil
		}
		resp.Body = newReadBody(body) // read, not read again, by Do
		return c.bodyRetry(body) && c.timeLeft(ctx), nil
	}
	retry, err := retryablehttp.ErrorPropagatedRetryPolicy(ctx, resp, err)
	return retry && c.timeLeft(ctx), err
}

// timeLeft reports whether another attempt can start before the request's
// deadline (guard.Budget: also the one a shared cache load keeps), after
// the shortest wait. When it cannot, the last answer is returned as it is
// (a 5xx stays SOURCE_UNAVAILABLE) instead of waiting for the deadline and
// reporting a timeout.
func (c *Client) timeLeft(ctx context.Context) bool {
	return guard.Budget(ctx, time.Now()) > c.cfg.RetryWaitMin
}

func (c *Client) readBody(resp *http.Response) ([]byte, error) {
	return readBody(resp, c.cfg.MaxBodyBytes)
}

// Response is a completed upstream exchange with its body read.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// NewRequest builds a request whose body can be replayed on retries.
func NewRequest(ctx context.Context, method, url string, body []byte) (*retryablehttp.Request, error) {
	var rawBody any
	if body != nil {
		rawBody = body
	}
	return retryablehttp.NewRequestWithContext(ctx, method, url, rawBody)
}

// Do sends req (with retries) and returns the response with its body read.
// Statuses other than 2xx and 304 become *connectors.UpstreamError, as do
// transport failures; op names the operation for the error message.
func (c *Client) Do(req *retryablehttp.Request, op string) (*Response, error) {
	c.cfg.Health.Request()
	resp, err := c.do(req, op)
	c.cfg.Health.Done(err)
	return resp, err
}

func (c *Client) do(req *retryablehttp.Request, op string) (*Response, error) {
	resp, err := c.send(c.rc, req, op)
	if err != nil {
		return nil, err
	}
	body, err := c.read(resp, op)
	if err != nil {
		return nil, err
	}
	return c.answer(resp, body, op)
}

// send prepares req and sends it through rc with its retries, turning a
// failure into a coded error; the answer's body is left to the caller.
func (c *Client) send(rc *retryablehttp.Client, req *retryablehttp.Request, op string) (*http.Response, error) {
	ctx := req.Context()
	if c.prepare != nil {
		if err := c.prepare(req.Request); err != nil {
			return nil, c.fail(connectors.CodeAuth, op, "could not sign the request", err)
		}
	}
	failed := &failedAttempts{}
	req = req.WithContext(context.WithValue(ctx, failedAttemptsKey{}, failed))
	resp, err := rc.Do(req)
	if err != nil {
		if resp != nil && resp.Body != nil {
			resp.Body.Close()
		}
		if r, ok := guard.AsRefusal(err); ok {
			return nil, c.refused(op, r, failed.Load() > 0)
		}
		return nil, connectors.Normalize(ctx, c.province, op, err)
	}
	return resp, nil
}

// read reads and closes resp's body within MaxBodyBytes.
func (c *Client) read(resp *http.Response, op string) ([]byte, error) {
	body, err := c.readBody(resp)
	if err != nil {
		if errors.Is(err, errBodyTooLarge) {
			return nil, c.fail(connectors.CodeBadResponse, op, err.Error(), err)
		}
		return nil, c.fail(connectors.CodeUnavailable, op, "the upstream's answer was cut off", err)
	}
	return body, nil
}

// answer maps a read answer's status to the Response or the error.
func (c *Client) answer(resp *http.Response, body []byte, op string) (*Response, error) {
	out := &Response{Status: resp.StatusCode, Header: resp.Header, Body: body}
	if c.errorBody != nil && resp.StatusCode >= 400 && resp.StatusCode < 500 && resp.StatusCode != http.StatusTooManyRequests {
		if err := c.errorBody(op, resp.StatusCode, body); err != nil {
			return nil, err
		}
	}
	switch {
	case resp.StatusCode == http.StatusNotModified, resp.StatusCode >= 200 && resp.StatusCode < 300:
		return out, nil
	case resp.StatusCode == http.StatusTooManyRequests:
		return nil, c.waitFor(c.fail(connectors.CodeRateLimited, op, "the upstream is rate limiting the gateway", statusError(resp.StatusCode)))
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return nil, c.fail(connectors.CodeAuth, op, "the upstream rejected the gateway's credentials", statusError(resp.StatusCode))
	case resp.StatusCode >= 500:
		return nil, c.waitFor(c.fail(connectors.CodeUnavailable, op, fmt.Sprintf("the upstream answered HTTP %d", resp.StatusCode), statusError(resp.StatusCode)))
	default:
		return nil, c.fail(connectors.CodeBadResponse, op, fmt.Sprintf("the upstream answered HTTP %d", resp.StatusCode), statusError(resp.StatusCode))
	}
}

type statusError int

func (s statusError) Error() string { return fmt.Sprintf("HTTP %d", int(s)) }

func (c *Client) fail(code connectors.Code, op, msg string, cause error) error {
	return connectors.NewError(c.province, code, op, msg, cause)
}
