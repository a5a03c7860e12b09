package health

import (
	"slices"
	"sync"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/guard"
)

// latencyWindow is how many recent attempt latencies p50/p95 are taken over.
const latencyWindow = 256

// Status is a province's health as operators see it.
type Status string

// Statuses.
const (
	Up       Status = "UP"       // answering
	Degraded Status = "DEGRADED" // probing after an outage, or its last request failed
	Down     Status = "DOWN"     // breaker open or a Retry-After hold in force: no calls made
)

// Recorder collects one province's figures; safe for concurrent use.
type Recorder struct {
	province civ.ProvinceCode
	guard    *guard.Guard  // nil: no breaker, no holds
	horizon  time.Duration // how long a success's data may still be served stale
	now      func() time.Time

	mu          sync.Mutex
	requests    int
	retries     int
	failures    int
	hits        int
	stale       int
	lastSuccess time.Time
	lastFailure time.Time // last failure that says the province is unwell
	lastErrorAt time.Time
	lastError   *connectors.UpstreamError
	latencies   [latencyWindow]time.Duration
	recorded    int // latencies ever recorded; the ring holds the last latencyWindow
}

// NewRecorder returns a recorder for province p. g may be nil; horizon is
// how long the cache may serve data stale after it was fetched (TTL plus
// stale grace), which decides whether a DOWN province can still serve.
func NewRecorder(p civ.ProvinceCode, g *guard.Guard, horizon time.Duration) *Recorder {
	return &Recorder{province: p, guard: g, horizon: horizon, now: time.Now}
}

// Province returns the recorder's province.
func (r *Recorder) Province() civ.ProvinceCode { return r.province }

// Guard returns the province's guard (nil when unguarded).
func (r *Recorder) Guard() *guard.Guard {
	if r == nil {
		return nil
	}
	return r.guard
}

// Request counts one logical upstream request (its retries aside).
func (r *Recorder) Request() { r.with(func() { r.requests++ }) }

// Retry counts one retry of a request.
func (r *Recorder) Retry() { r.with(func() { r.retries++ }) }

// Attempt records how long one attempt that reached the upstream took.
func (r *Recorder) Attempt(latency time.Duration) {
	r.with(func() {
		r.latencies[r.recorded%latencyWindow] = latency
		r.recorded++
	})
}

// Done records how a request ended: nil is a success.
func (r *Recorder) Done(err error) {
	r.with(func() {
		if err == nil {
			r.lastSuccess = r.now()
			return
		}
		r.failures++
		r.lastErrorAt = r.now()
		ue, ok := connectors.AsUpstreamError(err)
		if !ok {
			ue = connectors.NewError(r.province, connectors.CodeUnavailable, "request", "the source failed", err)
		}
		r.lastError = ue
		if unwell[ue.Code] {
			r.lastFailure = r.lastErrorAt
		}
	})
}

// unwell are the codes that say the province itself is failing; a bad
// answer to one request, a business error or rejected credentials do not
// make it DEGRADED.
var unwell = map[connectors.Code]bool{
	connectors.CodeUnavailable: true, connectors.CodeTimeout: true,
	connectors.CodeRateLimited: true, connectors.CodeCircuitOpen: true,
}

// Served counts one answer of the province's source by provenance.
func (r *Recorder) Served(m connectors.Meta) {
	r.with(func() {
		switch {
		case m.Stale:
			r.stale++
		case m.Cached:
			r.hits++
		}
	})
}

func (r *Recorder) with(f func()) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	f()
}

// LastError is a failure as a client may see it: code and safe message,
// never the cause (which may hold URLs or upstream detail).
type LastError struct {
	At      time.Time
	Code    connectors.Code
	Message string
}

// Snapshot is a province's health at one moment.
type Snapshot struct {
	Province    civ.ProvinceCode
	Status      Status
	Breaker     guard.BreakerState
	CanServe    bool          // answers fresh, or has data it may still serve stale
	RetryAfter  time.Duration // remaining Retry-After hold or open-breaker time
	LastSuccess *time.Time
	LastError   *LastError
	LatencyP50  *time.Duration // nil before any attempt
	LatencyP95  *time.Duration
	Requests    int
	Retries     int
	Failures    int
	CacheHits   int
	StaleServed int
}

// Snapshot returns the province's current figures and status.
func (r *Recorder) Snapshot() Snapshot {
	breaker, held := guard.Closed, time.Duration(0)
	if r.guard != nil {
		breaker, held = r.guard.State(), r.guard.HeldFor()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	s := Snapshot{Province: r.province, Breaker: breaker, Requests: r.requests, Retries: r.retries,
		Failures: r.failures, CacheHits: r.hits, StaleServed: r.stale}
	if !r.lastSuccess.IsZero() {
		t := r.lastSuccess.UTC()
		s.LastSuccess = &t
	}
	if r.lastError != nil {
		s.LastError = &LastError{At: r.lastErrorAt.UTC(), Code: r.lastError.Code, Message: r.lastError.Op + ": " + r.lastError.Message}
	}
	switch {
	case breaker == guard.Open || held > 0:
		s.Status = Down
		s.RetryAfter = held
	case breaker == guard.HalfOpen, r.lastFailure.After(r.lastSuccess):
		s.Status = Degraded
	default:
		s.Status = Up
	}
	recentData := !r.lastSuccess.IsZero() && now.Sub(r.lastSuccess) < r.horizon
	s.CanServe = s.Status != Down || recentData
	if n := min(r.recorded, latencyWindow); n > 0 {
		sorted := slices.Clone(r.latencies[:n])
		slices.Sort(sorted)
		p50, p95 := sorted[(n-1)*50/100], sorted[(n-1)*95/100]
		s.LatencyP50, s.LatencyP95 = &p50, &p95
	}
	return s
}

// Registry holds one Recorder per province.
type Registry struct {
	recorders map[civ.ProvinceCode]*Recorder
}

// NewRegistry returns a registry of recs (at most one per province).
func NewRegistry(recs ...*Recorder) *Registry {
	m := map[civ.ProvinceCode]*Recorder{}
	for _, r := range recs {
		m[r.province] = r
	}
	return &Registry{recorders: m}
}

// Recorder returns p's recorder, or nil.
func (g *Registry) Recorder(p civ.ProvinceCode) *Recorder {
	if g == nil {
		return nil
	}
	return g.recorders[p]
}

// Snapshots returns every province's snapshot in canonical order.
func (g *Registry) Snapshots() []Snapshot {
	out := []Snapshot{}
	if g == nil {
		return out
	}
	for _, p := range civ.AllProvinces {
		if r, ok := g.recorders[p]; ok {
			out = append(out, r.Snapshot())
		}
	}
	return out
}

// Breaker returns p's breaker state ("" when p has no guard).
func (g *Registry) Breaker(p civ.ProvinceCode) string {
	if g == nil {
		return ""
	}
	if r := g.recorders[p]; r != nil && r.guard != nil {
		return string(r.guard.State())
	}
	return ""
}
