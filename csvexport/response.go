package csvexport

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/civgraph/civgraph/errcode"
)

// Response is a GraphQL response as far as an export needs it.
type Response struct {
	Data   json.RawMessage `json:"data"`
	Errors []Error         `json:"errors"`
}

// Error is one entry of a response's errors.
type Error struct {
	Message    string `json:"message"`
	Path       []any  `json:"path,omitempty"`
	Extensions struct {
		Code     string `json:"code,omitempty"`
		Province string `json:"province,omitempty"`
	} `json:"extensions"`
}

// ParseResponse decodes a GraphQL response body.
func ParseResponse(body []byte) (*Response, error) {
	var r Response
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("the answer is not a GraphQL response: %w", err)
	}
	return &r, nil
}

// RefusedError says why a response was not exported: a CSV file cannot
// carry errors beside its rows, so a response with errors is refused
// rather than exported short, unless the caller allowed province errors.
type RefusedError struct {
	Code      errcode.Code
	Errors    []Error // the response's errors
	Partial   bool    // every error is a province's: partial=allow would export the rest
	Provinces []string
	// NoData: the operation did not run (an unknown id, bad variables, a
	// query the schema refuses): the client's mistake, not a failure.
	NoData bool
}

func (e *RefusedError) Error() string {
	msgs := make([]string, 0, len(e.Errors))
	for _, x := range e.Errors {
		m := x.Message
		if x.Extensions.Code != "" {
			m += " (" + x.Extensions.Code + ")"
		}
		msgs = append(msgs, m)
	}
	if e.Partial {
		return fmt.Sprintf("not exported: %s failed, so the table would lack their rows (allow partial results to export the rest): %s",
			strings.Join(e.Provinces, ", "), strings.Join(msgs, "; "))
	}
	return "not exported: the answer has errors: " + strings.Join(msgs, "; ")
}

// Check decides whether r can be exported. Without errors it can. With
// errors that all name a province (a failed upstream, a forbidden
// province) it can only when allowPartial is set, and returns those
// provinces, sorted, for the caller to report beside the file. Any other
// error (a bad query, a field that failed, no data at all) refuses it.
func Check(r *Response, allowPartial bool) (failed []string, err error) {
	if len(r.Errors) == 0 && len(r.Data) > 0 && string(r.Data) != "null" {
		return nil, nil
	}
	ran := len(r.Data) > 0 && string(r.Data) != "null"
	onlyProvinces := len(r.Errors) > 0 && ran
	for _, e := range r.Errors {
		if e.Extensions.Province == "" {
			onlyProvinces = false
			continue
		}
		if !slices.Contains(failed, e.Extensions.Province) {
			failed = append(failed, e.Extensions.Province)
		}
	}
	slices.Sort(failed)
	if onlyProvinces && allowPartial {
		return failed, nil
	}
	return nil, &RefusedError{Code: errcode.ExportIncomplete, Errors: r.Errors, Partial: onlyProvinces, Provinces: failed, NoData: !ran}
}
