package gateway

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"strconv"
)

// overHTTP corrects gqlgen's answers to requests that fail before execution
// (parse, validation, variable and limit errors) to what the
// GraphQL-over-HTTP spec asks: status 200 for application/json (gqlgen
// sends 422) and 400 for application/graphql-response+json, 400 for a
// request that is not a well-formed GraphQL-over-HTTP request
// (BAD_REQUEST), and no "data" entry, since execution never began. Other
// answers pass through untouched and unbuffered.
func overHTTP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &requestErrorWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		sw.finish()
	})
}

// requestErrorWriter holds back a 400 or 422 answer to rewrite it.
type requestErrorWriter struct {
	http.ResponseWriter
	held     bool
	status   int
	body     bytes.Buffer
	answered bool
}

func (w *requestErrorWriter) WriteHeader(code int) {
	if w.answered || w.held {
		return
	}
	if code == http.StatusUnprocessableEntity || code == http.StatusBadRequest {
		w.held, w.status = true, code
		return
	}
	w.answered = true
	w.ResponseWriter.WriteHeader(code)
}

func (w *requestErrorWriter) Write(b []byte) (int, error) {
	if w.held {
		return w.body.Write(b)
	}
	w.answered = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *requestErrorWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *requestErrorWriter) finish() {
	if !w.held {
		return
	}
	body, status := w.body.Bytes(), w.status
	var resp map[string]json.RawMessage
	var errs []struct {
		Extensions struct {
			Code string `json:"code"`
		} `json:"extensions"`
	}
	if json.Unmarshal(body, &resp) == nil && json.Unmarshal(resp["errors"], &errs) == nil && len(errs) > 0 {
		delete(resp, "data")
		body, _ = json.Marshal(resp)
	}
	if status == http.StatusUnprocessableEntity { // gqlgen's answer to application/json
		status = http.StatusBadRequest
		mediaType, _, _ := mime.ParseMediaType(w.Header().Get("Content-Type"))
		if mediaType == "application/json" && len(errs) > 0 && errs[0].Extensions.Code != codeBadRequest {
			status = http.StatusOK
		}
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.ResponseWriter.WriteHeader(status)
	_, _ = w.ResponseWriter.Write(body)
}
