package respcache

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
)

// Key identifies an answer: a SHA-256 over everything that shapes it.
type Key [sha256.Size]byte

// request is what a GraphQL POST body holds. Fields the cache does not
// understand make the request uncacheable (see parseRequest).
type request struct {
	Query         string          `json:"query"`
	OperationName string          `json:"operationName"`
	Variables     json.RawMessage `json:"variables"`
	Extensions    json.RawMessage `json:"extensions"`
	DocumentID    json.RawMessage `json:"documentId"`

	document string // extensions.persistedQuery.sha256Hash, when named so
}

// parseRequest reads a POST body; ok is false for anything but a request
// with its query text or naming its document by
// extensions.persistedQuery.sha256Hash alone (an automatic persisted
// query's hash or a trusted document's id, where the server's documentId
// handling also puts a top-level documentId): any other extension, or a
// documentId left in place, takes the ordinary path.
func parseRequest(body []byte) (request, bool) {
	var r request
	if json.Unmarshal(body, &r) != nil || !isNull(r.DocumentID) {
		return request{}, false
	}
	if !isNull(r.Extensions) {
		doc, ok := persistedDocument(r.Extensions)
		if !ok {
			return request{}, false
		}
		r.document = doc
	}
	if r.Query == "" && r.document == "" {
		return request{}, false
	}
	return r, true
}

// persistedDocument returns the document id of extensions that hold
// exactly {"persistedQuery":{"version":1,"sha256Hash":ID}}. Within one
// configuration an id names one text: an automatic persisted query's hash
// is the SHA-256 of its text (checked when it is registered), a trusted
// document's id is its manifest's, and each configuration has a cache of
// its own.
func persistedDocument(ext json.RawMessage) (string, bool) {
	var outer map[string]json.RawMessage
	if json.Unmarshal(ext, &outer) != nil || len(outer) != 1 || outer["persistedQuery"] == nil {
		return "", false
	}
	var pq map[string]json.RawMessage
	if json.Unmarshal(outer["persistedQuery"], &pq) != nil || len(pq) != 2 || string(pq["version"]) != "1" {
		return "", false
	}
	var id string
	if json.Unmarshal(pq["sha256Hash"], &id) != nil || id == "" {
		return "", false
	}
	return id, true
}

func isNull(m json.RawMessage) bool { return len(m) == 0 || bytes.Equal(m, []byte("null")) }

// keyOf hashes the parts of an answer's identity, each length-prefixed so
// that no two different tuples hash the same bytes. A request naming its
// document by id and also sending a text is keyed by both: the cache does
// not rely on the server refusing a text that differs from the id's.
func keyOf(r request, scope, accept string) (Key, bool) {
	vars := &bytes.Buffer{}
	if !isNull(r.Variables) {
		if err := json.Compact(vars, r.Variables); err != nil {
			return Key{}, false
		}
	}
	h := sha256.New()
	for _, part := range [][]byte{normalize(r.Query), []byte(r.document), []byte(r.OperationName), vars.Bytes(), []byte(scope), []byte(accept)} {
		var n [8]byte
		for i := range n {
			n[i] = byte(len(part) >> (8 * i))
		}
		h.Write(n[:])
		h.Write(part)
	}
	var k Key
	h.Sum(k[:0])
	return k, true
}

// normalize drops what GraphQL ignores between tokens — runs of white
// space, commas and comments become one space — and keeps strings and
// block strings byte for byte. Two texts normalize alike only when they
// have the same tokens; a text it cannot follow (an unterminated string)
// comes back unchanged, so it can only miss, never collide.
func normalize(q string) []byte {
	out := make([]byte, 0, len(q))
	space := false
	emit := func(tok string) {
		if space && len(out) > 0 {
			out = append(out, ' ')
		}
		space = false
		out = append(out, tok...)
	}
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == 0xEF && i+2 < len(q) && q[i+1] == 0xBB && q[i+2] == 0xBF:
			space = true
			if c == 0xEF {
				i += 3
			} else {
				i++
			}
		case c == '#':
			for i < len(q) && q[i] != '\n' && q[i] != '\r' {
				i++
			}
			space = true
		case c == '"':
			end := stringEnd(q, i)
			if end < 0 {
				return []byte(q)
			}
			emit(q[i:end])
			i = end
		default:
			emit(q[i : i+1])
			i++
		}
	}
	return out
}

// stringEnd returns the index just past the string or block string that
// starts at q[i], or -1 when it does not end.
func stringEnd(q string, i int) int {
	if len(q) >= i+3 && q[i:i+3] == `"""` {
		for j := i + 3; j+3 <= len(q); j++ {
			switch {
			case q[j] == '\\' && j+4 <= len(q) && q[j+1:j+4] == `"""`:
				j += 3
			case q[j:j+3] == `"""`:
				return j + 3
			}
		}
		return -1
	}
	for j := i + 1; j < len(q); j++ {
		switch q[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		case '\n', '\r':
			return -1
		}
	}
	return -1
}
