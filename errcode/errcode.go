package errcode

import "net/http"

// Code is a stable, machine-readable error class; it becomes a GraphQL
// error's extensions.code and must never change meaning.
type Code string

// The codes, in the order the README's error table lists them. Adding one
// is one line here and a row in that table (the test compares the two).
var (
	SourceUnavailable = add("SOURCE_UNAVAILABLE", http.StatusOK, "the province's upstream could not be reached, answered 5xx, or stayed busy after retries")
	SourceTimeout     = add("SOURCE_TIMEOUT", http.StatusOK, "it did not answer within `graphql.source_deadline` (default 5 s; its fetch goes on and fills the cache for the next request)")
	SourceRateLimited = add("SOURCE_RATE_LIMITED", http.StatusOK, "it kept rate limiting the gateway after honouring `Retry-After`, or asked for a wait longer than the request's deadline allows, or the gateway's own quota for it could not serve the request in time (with `extensions.retryAfter`, seconds)")
	SourceCircuitOpen = add("SOURCE_CIRCUIT_OPEN", http.StatusOK, "its circuit breaker is open after repeated failures: answered at once, without calling it (with `extensions.retryAfter` when known)")
	SourceAuthFailed  = add("SOURCE_AUTH_FAILED", http.StatusOK, "it rejected the gateway's credentials or signature")
	SourceBadResponse = add("SOURCE_BAD_RESPONSE", http.StatusOK, "it answered something malformed (the message says what)")
	SourceError       = add("SOURCE_ERROR", http.StatusOK, "it reported a business error")
	BadUserInput      = add("BAD_USER_INPUT", http.StatusOK, "a bad argument: malformed date or ID, tampered cursor, `first` over 100")
	ParseFailed       = add("GRAPHQL_PARSE_FAILED", http.StatusUnprocessableEntity, "the query is not valid GraphQL syntax")
	ValidationFailed  = add("GRAPHQL_VALIDATION_FAILED", http.StatusUnprocessableEntity, "the query does not fit the schema")
	BadRequest        = add("BAD_REQUEST", http.StatusBadRequest, "the request is not GraphQL over HTTP: a wrong method (405) or content type (415), a body that is not one JSON object (batches are refused), or a body too large (413)")
	Internal          = add("INTERNAL_SERVER_ERROR", http.StatusInternalServerError, "a gateway bug; details are logged, not returned")
	Unauthenticated   = add("UNAUTHENTICATED", http.StatusUnauthorized, "an admin endpoint was called without the configured admin token")
)

// Info is what the table says about one code.
type Info struct {
	Code Code
	// Status is the HTTP status of a response failing with this code
	// alone: 200 where the error rides in an answer beside data (a failed
	// province, a bad argument); BAD_REQUEST's 400 is narrowed to 405,
	// 413 or 415 where one of those says more.
	Status int
	// Doc is the meaning, exactly as the README's error table words it.
	Doc string
}

// table lists every code in declaration order: the variables above are
// initialized in that order, each by add.
var table []Info

func add(c Code, status int, doc string) Code {
	for _, i := range table {
		if i.Code == c {
			panic("errcode: " + string(c) + " declared twice")
		}
	}
	table = append(table, Info{Code: c, Status: status, Doc: doc})
	return c
}

// All returns every code's entry, in the README's order.
func All() []Info { return append([]Info(nil), table...) }

// Lookup returns the entry of c.
func Lookup(c Code) (Info, bool) {
	for _, i := range table {
		if i.Code == c {
			return i, true
		}
	}
	return Info{}, false
}
