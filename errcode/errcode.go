package errcode

import "net/http"

// Code is a stable, machine-readable error class; it becomes a GraphQL
// error's extensions.code and must never change meaning.
type Code string

// The codes. Adding one is a line here, a row in table and a row in the
// README's error table.
const (
	SourceUnavailable Code = "SOURCE_UNAVAILABLE"
	SourceTimeout     Code = "SOURCE_TIMEOUT"
	SourceRateLimited Code = "SOURCE_RATE_LIMITED"
	SourceAuthFailed  Code = "SOURCE_AUTH_FAILED"
	SourceBadResponse Code = "SOURCE_BAD_RESPONSE"
	SourceError       Code = "SOURCE_ERROR"
	BadUserInput      Code = "BAD_USER_INPUT"
	ParseFailed       Code = "GRAPHQL_PARSE_FAILED"
	ValidationFailed  Code = "GRAPHQL_VALIDATION_FAILED"
	BadRequest        Code = "BAD_REQUEST"
	Internal          Code = "INTERNAL_SERVER_ERROR"
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

// table lists every code in the order the README shows them.
var table = []Info{
	{SourceUnavailable, http.StatusOK, "the province's upstream could not be reached, answered 5xx, or stayed busy after retries"},
	{SourceTimeout, http.StatusOK, "it did not answer within `graphql.source_deadline` (default 5 s; its fetch goes on and fills the cache for the next request)"},
	{SourceRateLimited, http.StatusOK, "it kept rate limiting the gateway after honouring `Retry-After`"},
	{SourceAuthFailed, http.StatusOK, "it rejected the gateway's credentials or signature"},
	{SourceBadResponse, http.StatusOK, "it answered something malformed (the message says what)"},
	{SourceError, http.StatusOK, "it reported a business error"},
	{BadUserInput, http.StatusOK, "a bad argument: malformed date or ID, tampered cursor, `first` over 100"},
	{ParseFailed, http.StatusUnprocessableEntity, "the query is not valid GraphQL syntax"},
	{ValidationFailed, http.StatusUnprocessableEntity, "the query does not fit the schema"},
	{BadRequest, http.StatusBadRequest, "the request is not GraphQL over HTTP: a wrong method (405) or content type (415), a body that is not one JSON object (batches are refused), or a body too large (413)"},
	{Internal, http.StatusInternalServerError, "a gateway bug; details are logged, not returned"},
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
