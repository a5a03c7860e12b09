package gateway

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	gqlerrcode "github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/civgraph/civgraph/errcode"
)

// strictPOST is gqlgen's POST transport behind a check that the body is
// one GraphQL request object. gqlgen would answer a batch (a JSON array)
// or an undecodable body with an error quoting the whole body back; here
// they get BAD_REQUEST and a short message instead.
type strictPOST struct{ transport.POST }

func (t strictPOST) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	start := graphql.Now()
	mediaType := responseMediaType(r)
	w.Header().Set("Content-Type", mediaType) // for the refusals below
	body, err := io.ReadAll(r.Body)
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		errcode.WriteHTTP(w, http.StatusRequestEntityTooLarge, "request body too large", errcode.BadRequest)
		return
	case err != nil:
		errcode.WriteHTTP(w, http.StatusBadRequest, "the request body could not be read", errcode.BadRequest)
		return
	}
	if b := bytes.TrimLeft(body, " \t\r\n"); len(b) > 0 && b[0] == '[' {
		errcode.WriteHTTP(w, http.StatusBadRequest, "batched requests are not supported: send one operation per request", errcode.BadRequest)
		return
	}
	// json's messages name types and fields, never the input.
	params, err := decodeParams(body)
	if err != nil {
		errcode.WriteHTTP(w, http.StatusBadRequest, "the body is not a GraphQL request object {query, variables, operationName, extensions}: "+err.Error(), errcode.BadRequest)
		return
	}
	dispatch(w, r, exec, params, mediaType, start)
}

// decodeParams decodes a request object as gqlgen does (numbers as
// json.Number), in one pass, refusing what json.Unmarshal refuses
// (trailing data included) with the message json.Unmarshal gives — but
// for a body cut short, which is "unexpected end of JSON input" even
// inside a literal, where json.Unmarshal names a space the body does not
// hold ("invalid character ' ' in literal true").
func decodeParams(body []byte) (*graphql.RawParams, error) {
	var params graphql.RawParams
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	err := dec.Decode(&params)
	var syntax *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return nil, errEndOfInput
	case errors.As(err, &syntax):
		return nil, err // json.Unmarshal's validation stops at the same place
	}
	// The value is whole. json.Unmarshal checks the whole body's syntax
	// before decoding, so what follows the value is refused first.
	if rest := bytes.TrimLeft(body[dec.InputOffset():], " \t\r\n"); len(rest) > 0 {
		return nil, fmt.Errorf("invalid character %s after top-level value", quoteChar(rest[0]))
	}
	if err != nil {
		return nil, err
	}
	return &params, nil
}

// errEndOfInput is the message for an empty or truncated body.
var errEndOfInput = errors.New("unexpected end of JSON input")

// quoteChar quotes c as encoding/json's syntax errors do.
func quoteChar(c byte) string {
	switch c {
	case '\'':
		return `'\''`
	case '"':
		return `'"'`
	}
	q := strconv.Quote(string(rune(c)))
	return "'" + q[1:len(q)-1] + "'"
}

// dispatch runs params as gqlgen's POST transport does once it has decoded
// them and writes the answer as execute does: the body is decoded once,
// here, and the executed data is not re-encoded.
func dispatch(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor, params *graphql.RawParams, mediaType string, start time.Time) {
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	execute(w, r, exec, params, mediaType, false)
}

// execute runs decoded params and writes the answer in mediaType with
// writeResponse. A request that fails before execution (parse,
// validation, variables, limits: what gqlgen counts a protocol error) is
// answered as GraphQL over HTTP asks, without a "data" entry since
// execution never began; other request errors (a persisted query not yet
// known) 200 with "data": null, as gqlgen answers them. With queriesOnly,
// an operation other than a query is refused 406, as gqlgen's GET
// transport refuses it (with a code).
func execute(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor, params *graphql.RawParams, mediaType string, queriesOnly bool) {
	ctx := r.Context()
	rc, opErr := exec.CreateOperationContext(ctx, params)
	if opErr != nil {
		// The kind of the errors as made, before the error presenter
		// gives every one a code.
		protocol := gqlerrcode.GetErrorKind(opErr) == gqlerrcode.KindProtocol
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, rc), opErr)
		if protocol {
			writeRequestError(w, requestErrorStatus(mediaType, resp.Errors), resp)
			return
		}
		writeResponse(w, resp)
		return
	}
	if queriesOnly && rc.Doc.Operations.ForName(rc.OperationName).Operation != ast.Query {
		errcode.WriteHTTP(w, http.StatusNotAcceptable, "GET requests only allow query operations: send a mutation or subscription as POST", errcode.BadRequest)
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, rc)
	writeResponse(w, responses(ctx))
}

// requestErrorStatus is the status GraphQL over HTTP gives an answer in
// mediaType to a request that failed before execution: 400 in
// application/graphql-response+json; in application/json 200, unless the
// request is not a well-formed GraphQL-over-HTTP request (BAD_REQUEST
// first), which is 400 whatever the media type.
func requestErrorStatus(mediaType string, errs gqlerror.List) int {
	if mediaType == graphqlResponseJSON || len(errs) > 0 && errs[0].Extensions["code"] == codeBadRequest {
		return http.StatusBadRequest
	}
	return http.StatusOK
}

// writeRequestError writes resp, an answer to a request that failed
// before execution, with status and without its "data" entry.
func writeRequestError(w http.ResponseWriter, status int, resp *graphql.Response) {
	body, err := json.Marshal(struct {
		Errors     gqlerror.List  `json:"errors,omitempty"`
		Extensions map[string]any `json:"extensions,omitempty"`
	}{resp.Errors, resp.Extensions})
	if err != nil { // as gqlgen's own transports do
		panic(fmt.Errorf("unable to marshal the response: %w", err))
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// getTransport serves GraphQL over GET as gqlgen's transport.GET does —
// the same status codes, headers and bytes for every request it executes
// — but writes the answer with writeResponse, as POST does, rather than
// passing the executed data through json.Marshal again. Its own refusals
// (a broken query string, variables or extensions that are not JSON, an
// operation other than a query) carry the code BAD_REQUEST like every
// other refusal, where gqlgen's carry none.
type getTransport struct{}

var _ graphql.Transport = getTransport{}

func (getTransport) Supports(r *http.Request) bool {
	return r.Header.Get("Upgrade") == "" && r.Method == http.MethodGet
}

func (getTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		errcode.WriteHTTP(w, http.StatusBadRequest, "the URL's query string could not be decoded: "+err.Error(), errcode.BadRequest)
		return
	}
	mediaType := getMediaType(r)
	w.Header().Set("Content-Type", mediaType)
	params := &graphql.RawParams{Query: query.Get("query"), OperationName: query.Get("operationName"), Headers: r.Header}
	params.ReadTime.Start = graphql.Now()
	if v := query.Get("variables"); v != "" {
		if err := decodeJSON(v, &params.Variables); err != nil {
			errcode.WriteHTTP(w, http.StatusBadRequest, "variables could not be decoded: they must be a JSON object", errcode.BadRequest)
			return
		}
	}
	if v := query.Get("extensions"); v != "" {
		if err := decodeJSON(v, &params.Extensions); err != nil {
			errcode.WriteHTTP(w, http.StatusBadRequest, "extensions could not be decoded: they must be a JSON object", errcode.BadRequest)
			return
		}
	}
	params.ReadTime.End = graphql.Now()
	execute(w, r, exec, params, mediaType, true)
}

// decodeJSON decodes a URL parameter's JSON as gqlgen does: numbers as
// json.Number, only the first value read.
func decodeJSON(s string, v any) error {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	return dec.Decode(v)
}

// getMediaType is the media type gqlgen's GET transport answers in: the
// first of application/json (also for */* and application/*) and
// application/graphql-response+json that Accept names; application/json
// without an Accept header; else application/graphql-response+json.
func getMediaType(r *http.Request) string {
	accept := r.Header.Get("Accept")
	if accept == "" {
		return "application/json"
	}
	for part := range strings.SplitSeq(accept, ",") {
		switch mt, _, err := mime.ParseMediaType(strings.TrimSpace(part)); {
		case err != nil:
		case mt == "*/*", mt == "application/*", mt == "application/json":
			return "application/json"
		case mt == graphqlResponseJSON:
			return graphqlResponseJSON
		}
	}
	return graphqlResponseJSON
}

// responseMediaType is the media type GraphQL over HTTP asks for in the
// answer to r: application/graphql-response+json when the client accepts
// it, else application/json.
func responseMediaType(r *http.Request) string {
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		if mt, _, err := mime.ParseMediaType(strings.TrimSpace(part)); err == nil && mt == graphqlResponseJSON {
			return graphqlResponseJSON
		}
	}
	return "application/json"
}

const graphqlResponseJSON = "application/graphql-response+json"

// unsupported takes every request no other transport took, so that it too
// gets a coded error rather than gqlgen's uncoded "transport not
// supported": a POST that is not application/json (415) or another
// method (405).
type unsupported struct{}

func (unsupported) Supports(*http.Request) bool { return true }

func (unsupported) Do(w http.ResponseWriter, r *http.Request, _ graphql.GraphExecutor) {
	switch r.Method {
	case http.MethodPost:
		errcode.WriteHTTP(w, http.StatusUnsupportedMediaType, "a POST body must be application/json", errcode.BadRequest)
	case http.MethodGet:
		errcode.WriteHTTP(w, http.StatusBadRequest, "protocol upgrades are not supported", errcode.BadRequest)
	default:
		w.Header().Set("Allow", "GET, POST, OPTIONS")
		errcode.WriteHTTP(w, http.StatusMethodNotAllowed, "GraphQL is served over GET and POST", errcode.BadRequest)
	}
}
