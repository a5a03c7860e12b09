//go:build largedata

package gateway_test

import (
	"testing"
	"time"

	"github.com/civgraph/civgraph/config"
)

// TestPrefectureComparisonCostAtAMillionSites repeats the per-prefecture
// cost check at 1,000,000 sample sites a province, against 10,000. It
// takes about a minute and a few GB, so it runs only with the largedata tag:
//
//	go test -tags largedata -run TestPrefectureComparisonCostAtAMillionSites -v ./gateway
func TestPrefectureComparisonCostAtAMillionSites(t *testing.T) {
	small, smallCalls, smallRows := prefectureCost(t, 10_000)
	// The sample upstreams filter a million rows for every count request
	// (their cost, not the gateway's), so the deadlines are generous.
	large, largeCalls, largeRows := prefectureCost(t, 1_000_000, func(c *config.Config) {
		c.GraphQL.Timeout, c.GraphQL.SourceDeadline, c.HTTP.WriteTimeout, c.Cache.LoadTimeout = 10*time.Minute, 10*time.Minute, 11*time.Minute, 10*time.Minute
		for _, s := range []*config.SourceConfig{&c.Sources.Hebei.SourceConfig, &c.Sources.Hubei.SourceConfig, &c.Sources.Shanghai.SourceConfig} {
			s.Timeout = 10 * time.Minute
		}
	})
	t.Logf("10,000 sites a province: %v upstream requests, %d source calls, %d rows read", small, smallCalls, smallRows)
	t.Logf("1,000,000 sites a province: %v upstream requests, %d source calls, %d rows read", large, largeCalls, largeRows)
	assertSameCost(t, small, large, smallCalls, largeCalls, smallRows, largeRows)
}
