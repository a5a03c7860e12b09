package errcode

import (
	"encoding/json"
	"net/http"

	"github.com/civgraph/civgraph/reqinfo"
)

// WriteHTTP answers a request that fails before GraphQL runs in the
// GraphQL error shape, {"errors":[{"message","extensions":{"code"}}]}, so
// GraphQL clients show it like any other error. message must be safe to
// show: never the request body, an upstream URL or a stack.
func WriteHTTP(w http.ResponseWriter, status int, message string, code Code) {
	// A caller that negotiated the media type (GraphQL over HTTP's
	// application/graphql-response+json) has set it already.
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	ext := map[string]string{"code": string(code)}
	// The server set the request's (validated) id on the response first.
	if id := w.Header().Get(reqinfo.Header); id != "" {
		ext["requestId"] = id
	}
	_ = json.NewEncoder(w).Encode(map[string]any{
		"errors": []any{map[string]any{"message": message, "extensions": ext}},
	})
}
