package httpclient

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/guard"
	"github.com/civgraph/civgraph/connectors/health"
)

// guardedTransport puts the province's guard in front of every attempt,
// retries included: the attempt is refused (no call) while the breaker is
// open or a Retry-After hold is in force, waits for the quota, reports its
// outcome to the breaker, turns a Retry-After into a hold shared by every
// request to the province, and records its latency.
type guardedTransport struct {
	next    http.RoundTripper
	guard   *guard.Guard
	health  *health.Recorder
	timeout time.Duration // per attempt
}

func (c *Client) guarded(next http.RoundTripper) http.RoundTripper {
	if c.cfg.Guard == nil && c.cfg.Health == nil {
		return next
	}
	return &guardedTransport{next: next, guard: c.cfg.Guard, health: c.cfg.Health, timeout: c.cfg.Timeout}
}

func (t *guardedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	done := func(guard.Outcome) {}
	if t.guard != nil {
		d, err := t.guard.Acquire(req.Context())
		if err != nil {
			return nil, err
		}
		done = d
	}
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	took := time.Since(start)
	t.health.Attempt(took)
	if resp != nil && t.guard != nil && asksToWait(resp.StatusCode) {
		if d, ok := guard.ParseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			t.guard.Hold(d)
		}
	}
	o := outcome(resp, err, took >= t.timeout)
	if failed, ok := req.Context().Value(failedAttemptsKey{}).(*failedAttempts); ok && o == guard.Unwell {
		failed.Add(1)
	}
	done(o)
	return resp, err
}

// failedAttempts counts one call's attempts that found the province
// unwell, so that a breaker opened by the call's own retries is reported
// as what the call met (the upstream failing), not as a refusal.
type failedAttempts struct{ atomic.Int32 }

type failedAttemptsKey struct{}

func isContextEnd(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

func asksToWait(status int) bool {
	return status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable
}

// outcome classifies an attempt for the breaker. Only what says the
// province is unwell counts against it: network failures, attempt
// timeouts, 5xx and 429. A 4xx is the gateway's or the client's mistake
// (bad input, rejected credentials) and opening the breaker would not
// help; a caller whose own deadline or cancellation cut the attempt short
// says nothing about the upstream.
func outcome(resp *http.Response, err error, fullAttempt bool) guard.Outcome {
	switch {
	case err != nil && isContextEnd(err) && !fullAttempt:
		return guard.Neutral
	case err != nil:
		return guard.Unwell
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests:
		return guard.Unwell
	}
	return guard.Healthy
}

// countRetry is the retrying client's RequestLogHook: every attempt after
// the first is a retry, also marked on the caller's span (each attempt has
// a span of its own when tracing is on).
func (c *Client) countRetry(_ retryablehttp.Logger, req *http.Request, attempt int) {
	if attempt > 0 {
		c.cfg.Health.Retry()
		trace.SpanFromContext(req.Context()).AddEvent("retry", trace.WithAttributes(attribute.Int("attempt", attempt)))
	}
}

func (c *Client) heldFor() time.Duration {
	if c.cfg.Guard == nil {
		return 0
	}
	return c.cfg.Guard.HeldFor()
}

// mustNotRetry stops retries the guard has ruled out: a refused attempt
// (retrying it would only be refused again), and an answer whose
// Retry-After outlasts the caller's deadline (retrying early would knock
// before the province said the gateway may).
func (c *Client) mustNotRetry(ctx context.Context, resp *http.Response, err error) bool {
	if _, refused := guard.AsRefusal(err); refused {
		return true
	}
	if resp == nil || !asksToWait(resp.StatusCode) {
		return false
	}
	held := c.heldFor()
	return held > 0 && held > guard.Budget(ctx, time.Now())
}

// refused turns a guard's refusal into the province's coded error. A
// breaker that opened during this call's own failing attempts is reported
// as the upstream being unavailable: that is what the call found; later
// calls, refused without an attempt, are SOURCE_CIRCUIT_OPEN.
func (c *Client) refused(op string, r *guard.Refusal, failedBefore bool) error {
	code, msg := connectors.CodeRateLimited, "the upstream asked the gateway to wait"
	switch {
	case r.Reason == guard.ReasonOpen && failedBefore:
		code, msg = connectors.CodeUnavailable, "the upstream kept failing; calls to it are now paused"
	case r.Reason == guard.ReasonOpen:
		code, msg = connectors.CodeCircuitOpen, "the upstream is failing; calls are paused"
	case r.Reason == guard.ReasonQuota:
		msg = "the gateway's quota for this upstream is used up"
	}
	err := connectors.NewError(c.province, code, op, msg, r)
	err.RetryAfter = r.RetryAfter
	return err
}

// waitFor adds the hold in force, if any, to an error answering a 429 or
// 503, so the client learns when to come back.
func (c *Client) waitFor(err error) error {
	if ue, ok := connectors.AsUpstreamError(err); ok {
		ue.RetryAfter = c.heldFor()
	}
	return err
}
