package errcode

import "net/http"

// Code is a stable, machine-readable error class; it becomes a GraphQL
// error's extensions.code and must never change meaning.
type Code string

// The codes, in the order the README's error table lists them. Adding one
// is one line here and a row in that table (the test compares the two).
var (
	SourceUnavailable      = add("SOURCE_UNAVAILABLE", http.StatusOK, "the province's upstream could not be reached, answered 5xx, or stayed busy after retries")
	SourceTimeout          = add("SOURCE_TIMEOUT", http.StatusOK, "it did not answer within `graphql.source_deadline` (default 5 s; its fetch goes on and fills the cache for the next request)")
	SourceRateLimited      = add("SOURCE_RATE_LIMITED", http.StatusOK, "it kept rate limiting the gateway after honouring `Retry-After`, or asked for a wait longer than the request's deadline allows, or the gateway's own quota for it could not serve the request in time (with `extensions.retryAfter`, seconds)")
	SourceCircuitOpen      = add("SOURCE_CIRCUIT_OPEN", http.StatusOK, "its circuit breaker is open after repeated failures: answered at once, without calling it (with `extensions.retryAfter` when known)")
	SourceAuthFailed       = add("SOURCE_AUTH_FAILED", http.StatusOK, "it rejected the gateway's credentials or signature")
	SourceBadResponse      = add("SOURCE_BAD_RESPONSE", http.StatusOK, "it answered something malformed (the message says what)")
	SourceError            = add("SOURCE_ERROR", http.StatusOK, "it reported a business error")
	BadUserInput           = add("BAD_USER_INPUT", http.StatusOK, "a bad argument: malformed date or ID, tampered cursor or one of another list, filter or order, `first` or `last` over 100, `first` with `last`, `orderBy: DISTANCE` without `near`")
	ParseFailed            = add("GRAPHQL_PARSE_FAILED", http.StatusOK, "the query is not valid GraphQL syntax, or has more than `limits.max_tokens` tokens (HTTP 200 for `application/json`, 400 for `application/graphql-response+json`, as GraphQL over HTTP specifies)")
	ValidationFailed       = add("GRAPHQL_VALIDATION_FAILED", http.StatusOK, "the query does not fit the schema (HTTP status as for a parse failure)")
	BadRequest             = add("BAD_REQUEST", http.StatusBadRequest, "the request is not GraphQL over HTTP: a wrong method (405) or content type (415), a body that is not one JSON object (batches are refused), or a body too large (413)")
	Internal               = add("INTERNAL_SERVER_ERROR", http.StatusInternalServerError, "a gateway bug; details are logged, not returned; `extensions.errorId` finds them in the log")
	Unauthenticated        = add("UNAUTHENTICATED", http.StatusUnauthorized, "credentials missing (when `auth.required`) or invalid: bad API key, expired, not-yet-valid or wrong-audience token, or an admin endpoint called without the configured admin token; HTTP 401")
	Forbidden              = add("FORBIDDEN", http.StatusOK, "the caller's key or token does not allow this province; carries `extensions.province`, the other provinces still answer")
	PersistedQueryNotFound = add("PERSISTED_QUERY_NOT_FOUND", http.StatusOK, "no trusted document (or automatic persisted query) under the `documentId` / `sha256Hash` sent")
	OperationNotTrusted    = add("OPERATION_NOT_TRUSTED", http.StatusOK, "`graphql.trusted_documents_only` is on and the operation is not in the manifest")
	QueryTooDeep           = add("QUERY_TOO_DEEP", http.StatusOK, "the query nests fields deeper than `limits.max_depth`; refused before it ran (see [Security](#security))")
	QueryTooComplex        = add("QUERY_TOO_COMPLEX", http.StatusOK, "the query's estimated cost is over `limits.max_complexity`; refused before it ran")
	TooManyAliases         = add("TOO_MANY_ALIASES", http.StatusOK, "the document has more aliased fields than `limits.max_aliases`; refused before it ran")
	TooManyOperations      = add("TOO_MANY_OPERATIONS", http.StatusOK, "the document has more operations than `limits.max_operations`; refused before it ran")
	TooManyUpstreamCalls   = add("TOO_MANY_UPSTREAM_CALLS", http.StatusOK, "the query would cause more than `limits.max_upstream_calls` calls to one province (`extensions.province`); refused before it ran")
	ComparisonTooLarge     = add("COMPARISON_TOO_LARGE", http.StatusOK, "a `compare` or `stats` would read more rows from one province than its bound (2,000 sites or tasks: capacity and target values need rows), or has more than 200 groups or 36 months; the province's row carries it, or the whole comparison is refused before any upstream is asked")
	ResponseTooLarge       = add("RESPONSE_TOO_LARGE", http.StatusOK, "the answer outgrew `limits.max_response_bytes`; the query was stopped")
	RequestTimeout         = add("REQUEST_TIMEOUT", http.StatusOK, "`graphql.timeout` passed or the client went away; the query was stopped")
	ClientRateLimited      = add("RATE_LIMITED", http.StatusTooManyRequests, "the client is over its rate (`limits.rate_per_second`, or its API key's own); HTTP 429 with `Retry-After`")
	Overloaded             = add("OVERLOADED", http.StatusServiceUnavailable, "the gateway is executing `limits.max_concurrent` queries already; HTTP 503 with `Retry-After`")
	ExportIncomplete       = add("EXPORT_INCOMPLETE", http.StatusBadGateway, "a CSV export (`/export.csv`, `civgraph query --format csv`) whose answer had errors: refused rather than served without some rows; HTTP 502 (400 when the operation did not run: an unknown `id`, bad variables) with the answer's errors. With `partial=allow` (`--partial`) errors that name a province are let through and listed in the `Civgraph-Partial` header (on stderr for the CLI)")
	ExportNotTabular       = add("EXPORT_NOT_TABULAR", http.StatusBadRequest, "a CSV export whose answer is not one table: no list of objects at `rows`, several lists to choose from, a list of objects inside a row, or more than 1024 columns; HTTP 400")
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
