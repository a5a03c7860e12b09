package metrics

import (
	"github.com/prometheus/client_golang/prometheus"
)

// Province is one province's figures at scrape time, read from the
// gateway's health recorders, breakers and cache.
type Province struct {
	Name         string // province code, e.g. HUBEI
	Calls        int64  // logical upstream requests (retries aside)
	CallFailures int64  // of which failed
	Retries      int64
	Breaker      string // CLOSED, HALF_OPEN or OPEN ("" when unguarded)
	CanServe     bool   // answers fresh, or has data it may still serve stale
	Cache        CacheFigures
}

// CacheFigures are one province's cache counters and its current size.
type CacheFigures struct {
	Hits, Misses, StaleServes, NegativeHits, Coalesced int64
	PeerLoads                                          int64 // entries another replica loaded (shared cache)
	Refreshes, RefreshFailures, Evictions              int64
	Bytes, Entries                                     int64
}

// BreakerStates are the values of the breaker_state family's state label.
var BreakerStates = []string{"CLOSED", "HALF_OPEN", "OPEN"}

// WatchProvinces registers a collector that calls read at every scrape.
// Call it once.
func (r *Registry) WatchProvinces(read func() []Province) {
	if r == nil {
		return
	}
	r.reg.MustRegister(&provinceCollector{read: read})
}

func desc(subsystem, name, help string, labels ...string) *prometheus.Desc {
	return prometheus.NewDesc(prometheus.BuildFQName(Namespace, subsystem, name), help, append([]string{"province"}, labels...), nil)
}

var (
	descCalls        = desc("upstream", "calls_total", "Logical upstream requests of a province (one per cache miss, whatever its retries).")
	descCallFailures = desc("upstream", "call_failures_total", "Logical upstream requests of a province that failed after their retries.")
	descRetries      = desc("upstream", "retries_total", "Retried attempts to a province's upstream.")
	descBreaker      = desc("upstream", "breaker_state", "1 for the current state of the province's circuit breaker (CLOSED, HALF_OPEN, OPEN), else 0.", "state")
	descCanServe     = desc("province", "can_serve", "1 while the province can answer, fresh or from data it may still serve stale (what /readyz reports), else 0.")
	descHits         = desc("cache", "hits_total", "Answers from the cache, fresh.")
	descMisses       = desc("cache", "misses_total", "Lookups that had to wait for the upstream.")
	descStale        = desc("cache", "stale_serves_total", "Answers served past their TTL, flagged stale, because the upstream failed.")
	descNegative     = desc("cache", "negative_hits_total", "Not-found answers served from a negative entry.")
	descCoalesced    = desc("cache", "coalesced_waits_total", "Lookups that waited on another caller's identical upstream load.")
	descPeerLoads    = desc("cache", "peer_loads_total", "Entries taken from another replica's load through the shared cache instead of calling the upstream.")
	descRefreshes    = desc("cache", "refreshes_total", "Background refreshes started.")
	descRefreshFail  = desc("cache", "refresh_failures_total", "Background refreshes whose load failed.")
	descEvictions    = desc("cache", "evictions_total", "Entries evicted to stay within the cache's bounds.")
	descBytes        = desc("cache", "bytes", "Bytes the province's entries hold in the in-memory cache (keys, values, per-entry overhead).")
	descEntries      = desc("cache", "entries", "Entries the province holds in the in-memory cache.")
)

type provinceCollector struct{ read func() []Province }

func (c *provinceCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descCalls, descCallFailures, descRetries, descBreaker, descCanServe,
		descHits, descMisses, descStale, descNegative, descCoalesced, descPeerLoads, descRefreshes, descRefreshFail,
		descEvictions, descBytes, descEntries} {
		ch <- d
	}
}

func (c *provinceCollector) Collect(ch chan<- prometheus.Metric) {
	counter := func(d *prometheus.Desc, v int64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(v), labels...)
	}
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	for _, p := range c.read() {
		counter(descCalls, p.Calls, p.Name)
		counter(descCallFailures, p.CallFailures, p.Name)
		counter(descRetries, p.Retries, p.Name)
		if p.Breaker != "" {
			for _, s := range BreakerStates {
				gauge(descBreaker, bool01(p.Breaker == s), p.Name, s)
			}
		}
		gauge(descCanServe, bool01(p.CanServe), p.Name)
		k := p.Cache
		counter(descHits, k.Hits, p.Name)
		counter(descMisses, k.Misses, p.Name)
		counter(descStale, k.StaleServes, p.Name)
		counter(descNegative, k.NegativeHits, p.Name)
		counter(descCoalesced, k.Coalesced, p.Name)
		counter(descPeerLoads, k.PeerLoads, p.Name)
		counter(descRefreshes, k.Refreshes, p.Name)
		counter(descRefreshFail, k.RefreshFailures, p.Name)
		counter(descEvictions, k.Evictions, p.Name)
		gauge(descBytes, float64(k.Bytes), p.Name)
		gauge(descEntries, float64(k.Entries), p.Name)
	}
}

func bool01(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
