package gateway

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	gqlerrcode "github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/transport"

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
	dispatch(w, r, exec, params, start)
}

// decodeParams decodes a request object as gqlgen does (numbers as
// json.Number), refusing what json.Unmarshal refuses (trailing data
// included) with its message.
func decodeParams(body []byte) (*graphql.RawParams, error) {
	var params graphql.RawParams
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	err := dec.Decode(&params)
	if err != nil || len(bytes.TrimLeft(body[dec.InputOffset():], " \t\r\n")) > 0 {
		if uerr := json.Unmarshal(body, new(graphql.RawParams)); uerr != nil {
			return nil, uerr
		}
		return nil, err // json.Unmarshal took what the decoder refused: not expected
	}
	return &params, nil
}

// dispatch runs params as gqlgen's POST transport does once it has decoded
// them (the status of a request error included) and writes the answer
// with writeResponse: the body is decoded once, here, and the executed
// data is not re-encoded.
func dispatch(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor, params *graphql.RawParams, start time.Time) {
	ctx := r.Context()
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	rc, opErr := exec.CreateOperationContext(ctx, params)
	if opErr != nil {
		// gqlgen's status; overHTTP's requestErrorWriter turns it into the
		// one GraphQL over HTTP asks for per media type.
		status := http.StatusOK
		if gqlerrcode.GetErrorKind(opErr) == gqlerrcode.KindProtocol {
			status = http.StatusUnprocessableEntity
		}
		w.WriteHeader(status)
		writeResponse(w, exec.DispatchError(graphql.WithOperationContext(ctx, rc), opErr))
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, rc)
	writeResponse(w, responses(ctx))
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
