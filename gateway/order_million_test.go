//go:build scale

package gateway_test

import "testing"

// TestRowsReadPerPageAtAMillionSites is TestRowsReadPerPageDoNotGrowWithTheDataset
// at 10,000 and 1,000,000 sites a province (about 2 GB; ten minutes on a
// busy two-core machine, most of it the sample upstreams scanning):
//
//	go test -tags scale -run TestRowsReadPerPageAtAMillionSites -v ./gateway
func TestRowsReadPerPageAtAMillionSites(t *testing.T) {
	checkRowsReadDoNotGrow(t, 10_000, 1_000_000)
}
