package gateway

import (
	"context"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/guard"
	"github.com/civgraph/civgraph/connectors/health"
)

// newHealth builds each province's guard (breaker, Retry-After hold,
// quota) and health recorder from its settings. They live as long as the
// gateway: a breaker or a hold must be shared by every request.
func newHealth(cfg config.Sources) *health.Registry {
	var recs []*health.Recorder
	for _, p := range civ.AllProvinces {
		c, ok := cfg.ByProvince()[p]
		if !ok {
			continue
		}
		g := guard.New(string(p), guardConfig(c))
		recs = append(recs, health.NewRecorder(p, g, c.CacheTTL+c.StaleGrace))
	}
	return health.NewRegistry(recs...)
}

func guardConfig(c config.SourceConfig) guard.Config {
	return guard.Config{
		ConsecutiveFailures: c.BreakerFailures,
		FailurePercent:      c.BreakerFailurePercent,
		MinRequests:         c.BreakerMinRequests,
		Window:              c.BreakerWindow,
		OpenTimeout:         c.BreakerOpenTimeout,
		Probes:              c.BreakerProbes,
		RetryAfterMax:       c.RetryAfterMax,
		QuotaRequests:       c.QuotaRequests,
		QuotaPeriod:         c.QuotaPeriod,
		QuotaBurst:          c.QuotaBurst,
	}
}

// watchSources wraps each source so its answers' provenance (cache hits,
// stale answers) is counted by its province's recorder.
func watchSources(sources []connectors.Source, reg *health.Registry) []connectors.Source {
	out := make([]connectors.Source, len(sources))
	for i, s := range sources {
		out[i] = health.Watch(s, reg.Recorder(s.Province()))
	}
	return out
}

// ProvinceReadiness is one province's line in /readyz.
type ProvinceReadiness struct {
	Province civ.ProvinceCode   `json:"province"`
	Status   health.Status      `json:"status"`
	Breaker  guard.BreakerState `json:"breaker"`
	CanServe bool               `json:"canServe"`
	Reason   string             `json:"reason,omitempty"` // why it cannot serve, when LOADING
}

// statusLoading is the readiness status of a province whose first load
// (Jiangsu's bulk site file) is still running.
const statusLoading health.Status = "LOADING"

// firstLoader is a source that must load something before it can serve
// all it serves (Jiangsu: its bulk site file). Loading says what while
// the first load runs, else "".
type firstLoader interface{ Loading() string }

// firstLoaders are the sources among sources that have a first load.
func firstLoaders(sources []connectors.Source) map[civ.ProvinceCode]firstLoader {
	out := map[civ.ProvinceCode]firstLoader{}
	for _, s := range sources {
		if l, ok := s.(firstLoader); ok {
			out[s.Province()] = l
		}
	}
	return out
}

// Readiness is the /readyz answer.
type Readiness struct {
	Status      string              `json:"status"` // ready or unavailable
	Provinces   []ProvinceReadiness `json:"provinces"`
	CannotServe []civ.ProvinceCode  `json:"cannotServe,omitempty"`
}

// Readiness reports whether the gateway can serve: it is ready while at
// least one province can answer, fresh or stale, and says which cannot —
// a province whose first load is still running among them, LOADING with
// the reason.
func (g *Gateway) Readiness(context.Context) (bool, any) {
	r := Readiness{Status: "unavailable", Provinces: []ProvinceReadiness{}}
	if g.health == nil {
		return false, r
	}
	for _, s := range g.health.Snapshots() {
		line := ProvinceReadiness{Province: s.Province, Status: s.Status, Breaker: s.Breaker, CanServe: s.CanServe}
		if reason := g.loading(s.Province); reason != "" {
			line.Status, line.CanServe, line.Reason = statusLoading, false, reason
		}
		r.Provinces = append(r.Provinces, line)
		if line.CanServe {
			r.Status = "ready"
		} else {
			r.CannotServe = append(r.CannotServe, s.Province)
		}
	}
	return r.Status == "ready", r
}

// loading says why province p cannot serve while its first load runs
// (Jiangsu's bulk file), or "" when it is not loading.
func (g *Gateway) loading(p civ.ProvinceCode) string {
	gen := g.current.Load()
	if gen == nil {
		return ""
	}
	if l, ok := gen.loaders[p]; ok {
		return l.Loading()
	}
	return ""
}

// Health returns the per-province health registry.
func (g *Gateway) Health() *health.Registry { return g.health }
