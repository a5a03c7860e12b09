package kit

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	json "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Upstream bodies are decoded with encoding/json/v2's semantics (the
// go-json-experiment module, which Go 1.27 turns into an alias of the
// standard library's): a jsontext.Decoder reading from a *bytes.Buffer
// parses the body in place, without copying it, and unmarshaling checks
// the syntax as it goes instead of in a separate pass first, which made
// encoding/json the largest cost of an uncached page.
//
// decodeOptions keep encoding/json's reading of what v2 refuses by
// default, so that no answer that decoded before fails now: invalid UTF-8
// (each bad byte becomes U+FFFD), duplicate member names (the last one
// wins), whose check would also cost a set of names per object, and
// member names matched to fields regardless of case (an exact match
// first), so that a differently cased name is not silently dropped.
var decodeOptions = json.JoinOptions(jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true), json.MatchCaseInsensitiveNames(true))

// DecodeRows decodes a page's data, a JSON object holding the page's rows
// under rowsField and the count of every matching row under totalField,
// into wire rows of type W. It fails, with a message naming the fields,
// when the object, the total (missing or negative) or the rows (not a
// list of W) are malformed; PagedRows reports that as the page's
// SOURCE_BAD_RESPONSE.
//
// It reads the object once, member by member, in place: the rows (most of
// the bytes) are scanned as one value, then unmarshaled from that slice of
// value. That costs a second pass over the rows, but fewer allocations
// than unmarshaling them from the stream (BenchmarkUncachedSitePage: 221
// against 299 for a Hebei page of 20), and a row of the wrong shape does
// not keep a later malformed member from being reported.
func DecodeRows[W any](rowsField, totalField string) func(value []byte) ([]W, int, error) {
	shape := fmt.Sprintf("{%s, %s}", rowsField, totalField)
	return func(value []byte) ([]W, int, error) {
		var total *int
		var rows []W
		var rowsErr error
		err := members(value, func(name string, dec *jsontext.Decoder) error {
			switch name {
			case totalField:
				total = nil
				if err := json.UnmarshalDecode(dec, &total); err != nil {
					return fmt.Errorf("data is not %s: data.%s is not a count", shape, totalField)
				}
			case rowsField:
				rows, rowsErr = nil, nil
				raw, err := dec.ReadValue()
				if err != nil {
					return err
				}
				if err := json.Unmarshal(raw, &rows, decodeOptions); err != nil {
					// A row of the wrong shape: the rest of the object
					// is still read, as a later member may be malformed.
					rowsErr = fmt.Errorf("data.%s holds rows of the wrong shape: %w", rowsField, err)
				}
			default:
				return dec.SkipValue()
			}
			return nil
		})
		switch {
		case err != nil && !isOwn(err):
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

// isOwn reports whether err is a message of DecodeRows rather than the
// decoder's: a syntax error is reported as the object not being one.
func isOwn(err error) bool {
	var syntax *jsontext.SyntacticError
	var semantic *json.SemanticError
	return !errors.As(err, &syntax) && !errors.As(err, &semantic) && !errors.Is(err, errNotObject) &&
		!errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF)
}

var errNotObject = errors.New("not a JSON object")

// members calls member for each member of the JSON object in data, in
// order, with the decoder positioned at its value, which member must
// consume. Anything but one well-formed object is an error.
func members(data []byte, member func(name string, dec *jsontext.Decoder) error) error {
	dec := jsontext.NewDecoder(bytes.NewBuffer(data), decodeOptions)
	if tok, err := dec.ReadToken(); err != nil {
		return err
	} else if tok.Kind() != '{' {
		return errNotObject
	}
	for dec.PeekKind() == '"' {
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		if err := member(tok.String(), dec); err != nil {
			return err
		}
	}
	if _, err := dec.ReadToken(); err != nil { // the closing brace, or a syntax error
		return err
	}
	if _, err := dec.ReadToken(); err != io.EOF {
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
func TopLevelField(body []byte, name string) (value []byte, ok bool) {
	dec := jsontext.NewDecoder(bytes.NewBuffer(body), decodeOptions)
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return nil, false
	}
	for dec.PeekKind() == '"' {
		tok, err := dec.ReadToken()
		if err != nil {
			return nil, false
		}
		if tok.String() != name {
			if dec.SkipValue() != nil {
				return nil, false
			}
			continue
		}
		v, err := dec.ReadValue()
		if err != nil {
			return nil, false
		}
		return bytes.Clone(v), true
	}
	return nil, false
}

// Span is the bytes of one JSON value inside an upstream body, as a slice
// of that body: DecodeEnvelope fills a Span member without copying or
// decoding it, so that the page it holds is decoded once, by DecodeRows,
// and never unmarshaled only to be kept as raw bytes. A JSON null is the
// four bytes "null".
type Span []byte

// Quoted is the content of a JSON string member that itself holds JSON
// (an upstream that sends its page as a string): DecodeEnvelope unquotes
// it into a Quoted of its own. A JSON null leaves it nil; any other kind
// of value fails the envelope.
type Quoted []byte

// DecodeEnvelope unmarshals body, one JSON object, into env, a pointer to
// the struct of an upstream's envelope, checking the syntax of the whole
// body in the same pass. Members of type Span keep their value's bytes as
// a slice of body, which the caller must therefore not modify; members of
// type Quoted get their string's content. Other members decode as with
// encoding/json.
func DecodeEnvelope(body []byte, env any) error {
	span := json.UnmarshalFromFunc(func(dec *jsontext.Decoder, s *Span) error {
		v, err := dec.ReadValue()
		if err != nil {
			return err
		}
		// The offset locates the value in body itself, so the slice does
		// not depend on how the decoder buffers its input.
		end := int(dec.InputOffset())
		*s = Span(body[end-len(v) : end : end])
		return nil
	})
	quoted := json.UnmarshalFromFunc(func(dec *jsontext.Decoder, q *Quoted) error {
		v, err := dec.ReadValue()
		switch {
		case err != nil:
			return err
		case v.Kind() == 'n':
			*q = nil
			return nil
		case v.Kind() != '"':
			return fmt.Errorf("a JSON %s where a string of JSON belongs", v.Kind())
		}
		out, err := jsontext.AppendUnquote(make([]byte, 0, len(v)), v)
		*q = out
		return err
	})
	return json.Unmarshal(body, env, decodeOptions, json.WithUnmarshalers(json.JoinUnmarshalers(span, quoted)))
}
