package bench

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/civgraph/civgraph/civ"
)

// siteFields is what a front end shows of a service site.
const siteFields = `id name type address region { code name } location { lat lng } capacity sample`

// sitesQuery is a page of service sites; provinces empty means all four.
func sitesQuery(first int, provinces []civ.ProvinceCode, after string) string {
	args := fmt.Sprintf("first: %d", first)
	if len(provinces) > 0 {
		names := make([]string, len(provinces))
		for i, p := range provinces {
			names[i] = string(p)
		}
		args += ", filter: {provinces: [" + strings.Join(names, ", ") + "]}"
	}
	if after != "" {
		args += fmt.Sprintf(", after: %q", after)
	}
	return `{ serviceSites(` + args + `) { totalCount edges { cursor node { ` + siteFields + ` } } pageInfo { hasNextPage endCursor } } }`
}

// nestedQuery follows tasks to their origins, provinces and targets: the
// batched nested fields.
const nestedQuery = `{ tasks(first: 20) { totalCount edges { node { id title due { text } province { code name }
  origin { ... on Meeting { id title } ... on PolicyDocument { id title } } targets { metric value unit } } } } }`

// body is the JSON POST body of query.
func body(query string) []byte {
	b, _ := json.Marshal(map[string]string{"query": query})
	return b
}

// scenario is one kind of request measured against a gateway and its
// baselines.
type scenario struct {
	id, title string
	gateway   string // which gateway (see Run)
	query     string
	provinces []civ.ProvinceCode // the upstreams behind it, for the direct baseline
	rows      int                // rows of the direct upstream page
	conns     int
	// peers are the Hive Gateway series measured beside the gateway (see
	// peer.go); peerNote says how the peer's query differs, if it does.
	peers    []peerKind
	peerNote string
	// rawInProcess: also measure the raw handler inside the load
	// generator's process (see raw.go).
	rawInProcess bool
}

var hebeiOnly = []civ.ProvinceCode{civ.Hebei}
