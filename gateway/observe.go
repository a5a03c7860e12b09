package gateway

import (
	"net/http"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/metrics"
)

// instrumentFunc gives the transport wrapper of a province's upstream
// attempts (nil: none).
type instrumentFunc func(civ.ProvinceCode) func(http.RoundTripper) http.RoundTripper

// instrument wraps province p's attempts: metrics outside, so that a
// span's own cost is not counted as upstream latency, tracing inside.
func (g *Gateway) instrument(p civ.ProvinceCode) func(http.RoundTripper) http.RoundTripper {
	if g.metrics == nil && g.tracer == nil {
		return nil
	}
	return func(next http.RoundTripper) http.RoundTripper {
		return g.metrics.Transport(string(p), g.tracer.Transport(p, next))
	}
}

// provinceFigures is what the metrics read at each scrape: every
// province's health counters, breaker, readiness and cache figures.
func (g *Gateway) provinceFigures() []metrics.Province {
	stats := g.CacheStats()
	var out []metrics.Province
	for _, s := range g.health.Snapshots() {
		c := stats[s.Province]
		out = append(out, metrics.Province{
			Name: string(s.Province), Calls: int64(s.Requests), CallFailures: int64(s.Failures), Retries: int64(s.Retries),
			Breaker: string(s.Breaker), CanServe: s.CanServe && g.loading(s.Province) == "", // as /readyz says
			Cache: metrics.CacheFigures{Hits: c.Hits, Misses: c.Misses, StaleServes: c.StaleServes, NegativeHits: c.NegativeHits,
				Coalesced: c.Coalesced, PeerLoads: c.PeerLoads, Refreshes: c.Refreshes, RefreshFailures: c.RefreshFailures, Evictions: c.Evictions,
				Bytes: c.Bytes, Entries: int64(c.Entries)},
		})
	}
	return out
}

// sharedFigures is what the metrics read of the connection to Redis.
func (g *Gateway) sharedFigures() metrics.Shared {
	s := g.shared.Stats()
	return metrics.Shared{Up: s.Up, Outages: s.Outages, Fallbacks: s.Fallbacks}
}
