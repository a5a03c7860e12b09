package connectors

import (
	"errors"
	"fmt"
	"time"

	"github.com/civgraph/civgraph/civ"
)

// Code is a stable, machine-readable error class; it becomes a GraphQL
// error's extensions.code and must never change meaning.
type Code string

// Error codes.
const (
	CodeUnavailable  Code = "SOURCE_UNAVAILABLE"  // network failure, 5xx, exhausted retries
	CodeTimeout      Code = "SOURCE_TIMEOUT"      // the request's deadline passed
	CodeRateLimited  Code = "SOURCE_RATE_LIMITED" // the upstream kept refusing for load, or asked for a wait past the deadline
	CodeCircuitOpen  Code = "SOURCE_CIRCUIT_OPEN" // the province's breaker is open: failing fast, no upstream call
	CodeAuth         Code = "SOURCE_AUTH_FAILED"  // credentials or signature rejected
	CodeBadResponse  Code = "SOURCE_BAD_RESPONSE" // malformed or unexpected payload
	CodeBusiness     Code = "SOURCE_ERROR"        // the upstream reported a business error
	CodeInvalidQuery Code = "BAD_USER_INPUT"      // the query cannot be asked of this source
	CodeNotFound     Code = "NOT_FOUND"

	CodeUnauthenticated        Code = "UNAUTHENTICATED"           // no or invalid credentials (HTTP 401)
	CodeForbidden              Code = "FORBIDDEN"                 // the caller may not see this province
	CodePersistedQueryNotFound Code = "PERSISTED_QUERY_NOT_FOUND" // no document under the hash or id sent
	CodeOperationNotTrusted    Code = "OPERATION_NOT_TRUSTED"     // trusted documents only, and this one is not listed
)

// Error codes of requests the gateway refuses or stops to protect itself
// and the provinces' quotas (see the README's security section).
const (
	CodeTooManyOperations    Code = "TOO_MANY_OPERATIONS"     // operations in one document
	CodeTooManyAliases       Code = "TOO_MANY_ALIASES"        // aliased fields in one document
	CodeQueryTooDeep         Code = "QUERY_TOO_DEEP"          // field nesting
	CodeQueryTooComplex      Code = "QUERY_TOO_COMPLEX"       // estimated field instances
	CodeTooManyUpstreamCalls Code = "TOO_MANY_UPSTREAM_CALLS" // estimated calls to one province
	CodeResponseTooLarge     Code = "RESPONSE_TOO_LARGE"      // the answer outgrew its limit
	CodeRequestTimeout       Code = "REQUEST_TIMEOUT"         // graphql.timeout passed; work stopped
	CodeOverloaded           Code = "OVERLOADED"              // too many queries at once (503)
	CodeClientRateLimited    Code = "RATE_LIMITED"            // one client over its rate (429)
)

// ErrNotFound is returned (wrapped) when a lookup by id finds nothing.
var ErrNotFound = errors.New("not found")

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
