package gateway

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/99designs/gqlgen/graphql"
)

// writeResponse writes resp as encoding/json would, without passing the
// executed data through it again: json.Marshal re-scans and copies a
// json.RawMessage (compacting it and escaping <, >, & and U+2028/U+2029),
// which for a page of 100 rows is a second 56 KB buffer and a byte-by-byte
// scan of what gqlgen has just written compact. The data goes out as it
// is when it holds nothing encoding/json would escape; otherwise, and for
// incremental (@defer) payloads, the answer is marshalled as before, so
// the bytes never differ.
func writeResponse(w io.Writer, resp *graphql.Response) {
	if head, tail, ok := envelope(resp); ok {
		data := []byte(resp.Data)
		if len(data) == 0 {
			data = []byte("null")
		}
		_, _ = w.Write(head)
		_, _ = w.Write(data)
		_, _ = w.Write(tail)
		return
	}
	b, err := json.Marshal(resp)
	if err != nil { // as gqlgen's own transports do
		panic(fmt.Errorf("unable to marshal the response: %w", err))
	}
	_, _ = w.Write(b)
}

// envelope is what goes before and after resp's data, as encoding/json
// writes graphql.Response's fields; not ok when the data must pass through
// encoding/json after all.
func envelope(resp *graphql.Response) (head, tail []byte, ok bool) {
	if resp.Label != "" || resp.Path != nil || resp.HasNext != nil || needsEscape(resp.Data) {
		return nil, nil, false
	}
	head = []byte("{")
	if len(resp.Errors) > 0 {
		errs, err := json.Marshal(resp.Errors)
		if err != nil {
			return nil, nil, false
		}
		head = append(append(append(head, `"errors":`...), errs...), ',')
	}
	head = append(head, `"data":`...)
	tail = []byte("}")
	if len(resp.Extensions) > 0 {
		ext, err := json.Marshal(resp.Extensions)
		if err != nil {
			return nil, nil, false
		}
		tail = append(append([]byte(`,"extensions":`), ext...), '}')
	}
	return head, tail, true
}

// needsEscape reports whether encoding/json would change data when
// re-encoding it as a json.RawMessage: HTML-sensitive bytes or the line
// and paragraph separators (E2 80 A8/A9). gqlgen writes its data compact,
// so whitespace is never the difference.
func needsEscape(data []byte) bool {
	if bytes.IndexByte(data, '<') >= 0 || bytes.IndexByte(data, '>') >= 0 || bytes.IndexByte(data, '&') >= 0 {
		return true
	}
	for rest := data; ; {
		i := bytes.IndexByte(rest, 0xE2)
		if i < 0 {
			return false
		}
		if i+2 < len(rest) && rest[i+1] == 0x80 && (rest[i+2] == 0xA8 || rest[i+2] == 0xA9) {
			return true
		}
		rest = rest[i+1:]
	}
}
