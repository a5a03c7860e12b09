package kit

import (
	"encoding/json"
	"fmt"
)

// DecodeRows decodes a page's data, a JSON object holding the page's rows
// under rowsField and the count of every matching row under totalField,
// into wire rows of type W. It fails, with a message naming the fields,
// when the object, the total (missing or negative) or the rows (not a
// list of W) are malformed; PagedRows reports that as the page's
// SOURCE_BAD_RESPONSE.
func DecodeRows[W any](rowsField, totalField string) func(value []byte) ([]W, int, error) {
	shape := fmt.Sprintf("{%s, %s}", rowsField, totalField)
	return func(value []byte) ([]W, int, error) {
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(value, &fields); err != nil || fields == nil {
			return nil, 0, fmt.Errorf("data is not %s", shape)
		}
		var total *int
		if err := json.Unmarshal(fields[totalField], &total); err != nil || total == nil {
			return nil, 0, fmt.Errorf("data is not %s: data.%s is not a count", shape, totalField)
		}
		if *total < 0 {
			return nil, 0, fmt.Errorf("data.%s is negative (%d)", totalField, *total)
		}
		var rows []W
		if err := json.Unmarshal(fields[rowsField], &rows); err != nil {
			return nil, 0, fmt.Errorf("data.%s holds rows of the wrong shape: %w", rowsField, err)
		}
		return rows, *total, nil
	}
}
