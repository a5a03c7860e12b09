package connectors

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/errcode"
)

// Code is an extensions.code from the one table in errcode.
type Code = errcode.Code

// The codes a source's error may carry.
var (
	CodeUnavailable  = errcode.SourceUnavailable // network failure, 5xx, exhausted retries
	CodeTimeout      = errcode.SourceTimeout     // the request's deadline passed
	CodeRateLimited  = errcode.SourceRateLimited // the upstream kept refusing for load, or asked for a wait past the deadline
	CodeCircuitOpen  = errcode.SourceCircuitOpen // the province's breaker is open: failing fast, no upstream call
	CodeAuth         = errcode.SourceAuthFailed  // credentials or signature rejected
	CodeBadResponse  = errcode.SourceBadResponse // malformed or unexpected payload
	CodeBusiness     = errcode.SourceError       // the upstream reported a business error
	CodeInvalidQuery = errcode.BadUserInput      // the query cannot be asked of this source
)

// UpstreamError is the one error type connectors return. Message is safe to
// show to clients: it never carries credentials, URLs with secrets or
// upstream stack traces; Err keeps the cause for logs.
type UpstreamError struct {
	Province civ.ProvinceCode
	Code     Code
	Op       string // what was being done, e.g. "list meetings"
	Message  string // client-safe detail
	Err      error  // cause, for logs and errors.Is
	// RetryAfter is how long until the province may be asked again
	// (extensions.retryAfter); 0 when unknown.
	RetryAfter time.Duration
}

func (e *UpstreamError) Error() string {
	msg := fmt.Sprintf("%s: %s: %s", e.Province, e.Op, e.Code)
	if e.Message != "" {
		msg += ": " + e.Message
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *UpstreamError) Unwrap() error { return e.Err }

// NewError builds an UpstreamError.
func NewError(p civ.ProvinceCode, code Code, op, message string, cause error) *UpstreamError {
	return &UpstreamError{Province: p, Code: code, Op: op, Message: message, Err: cause}
}

// AsUpstreamError extracts an *UpstreamError from err's chain.
func AsUpstreamError(err error) (*UpstreamError, bool) {
	var ue *UpstreamError
	ok := errors.As(err, &ue)
	return ue, ok
}

// Normalize is the one place that turns any error from a source call into
// a coded, client-safe *UpstreamError of province p: one already in err's
// chain is kept; a context end (ctx is done, or err is a context error:
// the cache returns one when the caller stops waiting) becomes
// SOURCE_TIMEOUT; anything else SOURCE_UNAVAILABLE. nil stays nil.
func Normalize(ctx context.Context, p civ.ProvinceCode, op string, err error) *UpstreamError {
	if err == nil {
		return nil
	}
	if ue, ok := AsUpstreamError(err); ok {
		return ue
	}
	if ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return NewError(p, CodeTimeout, op, "the upstream did not answer before the deadline", err)
	}
	return NewError(p, CodeUnavailable, op, "the upstream could not be reached", err)
}
