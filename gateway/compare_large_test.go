//go:build largedata

package gateway_test

import "testing"

// TestPrefectureComparisonCostAtAMillionSites repeats the per-prefecture
// cost check at 1,000,000 sample sites a province, against 10,000. It
// takes about a minute and a few GB, so it runs only with the largedata tag:
//
//	go test -tags largedata -run TestPrefectureComparisonCostAtAMillionSites -v ./gateway
func TestPrefectureComparisonCostAtAMillionSites(t *testing.T) {
	small, smallCalls, smallRows := prefectureCost(t, 10_000)
	large, largeCalls, largeRows := prefectureCost(t, 1_000_000, patientDeadlines)
	t.Logf("10,000 sites a province: %v upstream requests, %d source calls, %d rows read", small, smallCalls, smallRows)
	t.Logf("1,000,000 sites a province: %v upstream requests, %d source calls, %d rows read", large, largeCalls, largeRows)
	assertSameCost(t, small, large, smallCalls, largeCalls, smallRows, largeRows)
}
