package metrics

import (
	"github.com/prometheus/client_golang/prometheus"
)

// Shared is the state of the connection to the Redis the replicas share.
type Shared struct {
	Up        bool             // commands are being sent to Redis
	Outages   int64            // times the connection's breaker opened
	Fallbacks map[string]int64 // by operation: commands that failed or were not tried, answered in-process instead
}

var (
	descSharedUp        = prometheus.NewDesc(Namespace+"_redis_up", "1 while commands are sent to the shared Redis, 0 while the gateway runs on its in-process state.", nil, nil)
	descSharedOutages   = prometheus.NewDesc(Namespace+"_redis_outages_total", "Times the shared Redis became unreachable (the connection's breaker opened).", nil, nil)
	descSharedFallbacks = prometheus.NewDesc(Namespace+"_redis_fallbacks_total", "Operations on the shared Redis that failed or were not tried and were answered from in-process state instead, by operation.", []string{"operation"}, nil)
)

// WatchShared registers a collector that calls read at every scrape.
// Call it once, and only when replicas share a Redis.
func (r *Registry) WatchShared(read func() Shared) {
	if r == nil {
		return
	}
	r.reg.MustRegister(&sharedCollector{read: read})
}

type sharedCollector struct{ read func() Shared }

func (c *sharedCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- descSharedUp
	ch <- descSharedOutages
	ch <- descSharedFallbacks
}

func (c *sharedCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.read()
	ch <- prometheus.MustNewConstMetric(descSharedUp, prometheus.GaugeValue, bool01(s.Up))
	ch <- prometheus.MustNewConstMetric(descSharedOutages, prometheus.CounterValue, float64(s.Outages))
	for op, n := range s.Fallbacks {
		ch <- prometheus.MustNewConstMetric(descSharedFallbacks, prometheus.CounterValue, float64(n), op)
	}
}
