package persisted

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"

	"github.com/civgraph/civgraph/reqbody"
)

// DocumentID lets clients name a document the way the GraphQL over HTTP
// persisted-documents proposal does, with a top-level documentId (a GET
// parameter or a field of the POST body), by moving it into
// extensions.persistedQuery.sha256Hash, where gqlgen's transports keep it
// and Extension and APQ look. Requests without documentId pass untouched.
func DocumentID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			if q := r.URL.Query(); q.Has("documentId") {
				if ext, ok := withDocumentID(q.Get("extensions"), q.Get("documentId")); ok {
					q.Del("documentId")
					q.Set("extensions", ext)
					r = r.Clone(r.Context())
					r.URL.RawQuery = q.Encode()
				}
			}
		case http.MethodPost:
			if ct := r.Header.Get("Content-Type"); ct == "application/json" || mediaType(ct) == "application/json" {
				r = rewriteBody(r)
			}
		}
		next.ServeHTTP(w, r)
	})
}

func mediaType(contentType string) string {
	mt, _, _ := mime.ParseMediaType(contentType)
	return mt
}

// rewriteBody moves documentId inside a JSON body. The body is already
// capped by the server; anything it cannot rewrite goes on as it came, for
// the transport to report.
func rewriteBody(r *http.Request) *http.Request {
	if held, ok := reqbody.Peek(r.Body); ok && !bytes.Contains(held, []byte(`"documentId"`)) {
		r.ContentLength = int64(len(held)) // the server holds the body: nothing to read or put back
		return r
	}
	body, err := io.ReadAll(r.Body)
	restore := func(b []byte) *http.Request {
		r.Body = reqbody.New(b)
		r.ContentLength = int64(len(b))
		return r
	}
	if err != nil || !bytes.Contains(body, []byte(`"documentId"`)) {
		if err != nil {
			r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), errReader{err}))
			return r
		}
		return restore(body)
	}
	var fields map[string]json.RawMessage
	var id string
	if json.Unmarshal(body, &fields) != nil || json.Unmarshal(fields["documentId"], &id) != nil {
		return restore(body)
	}
	var extRaw string
	if e, ok := fields["extensions"]; ok {
		extRaw = string(e)
	}
	ext, ok := withDocumentID(extRaw, id)
	if !ok {
		return restore(body)
	}
	delete(fields, "documentId")
	fields["extensions"] = json.RawMessage(ext)
	out, err := json.Marshal(fields)
	if err != nil {
		return restore(body)
	}
	return restore(out)
}

// withDocumentID returns the extensions JSON with persistedQuery set to
// id, unless the client already sent a different persistedQuery.
func withDocumentID(extensions, id string) (string, bool) {
	ext := map[string]any{}
	if extensions != "" && extensions != "null" {
		if err := json.Unmarshal([]byte(extensions), &ext); err != nil || ext == nil {
			return "", false
		}
	}
	if id == "" {
		return "", false
	}
	if pq, ok := ext["persistedQuery"].(map[string]any); ok && pq["sha256Hash"] != id {
		return "", false
	}
	ext["persistedQuery"] = map[string]any{"version": 1, "sha256Hash": id}
	out, err := json.Marshal(ext)
	return string(out), err == nil
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
