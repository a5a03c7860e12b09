package connectors

import (
	"fmt"
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
