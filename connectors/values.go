package connectors

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/civgraph/civgraph/civ"
)

// JoinValues encodes a multi-value filter field (civ.Filter.IDs,
// OriginIDs) as the comma-separated parameter the query-string upstreams
// take. A value holding a comma cannot be said that way and is refused,
// as is a field the upstreams would refuse (civ.Filter.CheckValues).
func JoinValues(f civ.Filter, values []string) (string, error) {
	if err := f.CheckValues(); err != nil {
		return "", err
	}
	for _, v := range values {
		if strings.Contains(v, ",") {
			return "", fmt.Errorf("filter value %q contains a comma", v)
		}
	}
	return strings.Join(values, ","), nil
}

// JoinFloats encodes numbers as the comma-separated parameter the
// query-string upstreams take coordinates in ("lng,lat"), each in the
// shortest form that reads back exactly.
func JoinFloats(vs ...float64) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strings.Join(parts, ",")
}
