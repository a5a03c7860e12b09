package kit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// DecodeRows decodes a page's data, a JSON object holding the page's rows
// under rowsField and the count of every matching row under totalField,
// into wire rows of type W. It fails, with a message naming the fields,
// when the object, the total (missing or negative) or the rows (not a
// list of W) are malformed; PagedRows reports that as the page's
// SOURCE_BAD_RESPONSE.
//
// It reads the object once, as a stream of its members, so that the rows
// (most of the bytes) are scanned and decoded once rather than first
// validated, then skipped over into a map, then decoded.
func DecodeRows[W any](rowsField, totalField string) func(value []byte) ([]W, int, error) {
	shape := fmt.Sprintf("{%s, %s}", rowsField, totalField)
	return func(value []byte) ([]W, int, error) {
		var total *int
		var rows []W
		var rowsErr error
		err := members(value, func(name string, dec *json.Decoder) error {
			switch name {
			case totalField:
				total = nil
				if err := dec.Decode(&total); err != nil {
					return fmt.Errorf("data is not %s: data.%s is not a count", shape, totalField)
				}
			case rowsField:
				rows, rowsErr = nil, nil
				if err := dec.Decode(&rows); err != nil {
					var syntax *json.SyntaxError
					if errors.As(err, &syntax) {
						return fmt.Errorf("data is not %s", shape)
					}
					// A row of the wrong shape: the rest of the object
					// is still read, as a later member may be malformed.
					rowsErr = fmt.Errorf("data.%s holds rows of the wrong shape: %w", rowsField, err)
				}
			default:
				var skip json.RawMessage
				if dec.Decode(&skip) != nil {
					return errNotObject
				}
			}
			return nil
		})
		switch {
		case err != nil && errors.Is(err, errNotObject):
			return nil, 0, fmt.Errorf("data is not %s", shape)
		case err != nil:
			return nil, 0, err
		case total == nil:
			return nil, 0, fmt.Errorf("data is not %s: data.%s is not a count", shape, totalField)
		case *total < 0:
			return nil, 0, fmt.Errorf("data.%s is negative (%d)", totalField, *total)
		case rowsErr != nil:
			return nil, 0, rowsErr
		}
		return rows, *total, nil
	}
}

var errNotObject = errors.New("not a JSON object")

// members calls member for each member of the JSON object in data, in
// order, with the decoder positioned at its value, which member must
// consume. Anything but one well-formed object is errNotObject.
func members(data []byte, member func(name string, dec *json.Decoder) error) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return errNotObject
	}
	for dec.More() {
		tok, err := dec.Token()
		name, ok := tok.(string)
		if err != nil || !ok {
			return errNotObject
		}
		if err := member(name, dec); err != nil {
			return err
		}
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		return errNotObject
	}
	if _, err := dec.Token(); err != io.EOF {
		return errNotObject // trailing data
	}
	return nil
}

// TopLevelField returns the raw value of the member name of the JSON object
// in body, reading no further than that member: a retry policy that looks
// at one envelope field (a business "busy" code, placed first by every
// upstream) does not decode the whole answer that the connector decodes
// anyway. ok is false when body is no object or lacks the member before a
// syntax error.
func TopLevelField(body []byte, name string) (value json.RawMessage, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, false
	}
	for dec.More() {
		tok, err := dec.Token()
		key, isKey := tok.(string)
		if err != nil || !isKey {
			return nil, false
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, false
		}
		if key == name {
			return v, true
		}
	}
	return nil, false
}
