package federation

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
)

// SourceState says how fresh a province's data in a response is.
type SourceState string

// Source states, from best to worst.
const (
	StateFresh  SourceState = "FRESH"
	StateCached SourceState = "CACHED"
	StateStale  SourceState = "STALE"
	StateFailed SourceState = "FAILED"
)

var stateRank = map[SourceState]int{StateFresh: 0, StateCached: 1, StateStale: 2, StateFailed: 3}

// SourceStatus is one province's provenance in a response
// (extensions.sources).
type SourceStatus struct {
	Province  civ.ProvinceCode `json:"province"`
	State     SourceState      `json:"state"`
	FetchedAt *time.Time       `json:"fetchedAt,omitempty"` // oldest data used
	Code      connectors.Code  `json:"code,omitempty"`      // when failed
	Breaker   string           `json:"breaker,omitempty"`   // the province's circuit breaker, filled in by the gateway
	// NotFound: some of the data rests on a cached "nothing found" answer,
	// fresh for the negative TTL only (not shown to clients).
	NotFound bool `json:"-"`
}

// Report collects per-province provenance over one GraphQL operation.
type Report struct {
	mu      sync.Mutex
	entries map[civ.ProvinceCode]*SourceStatus
}

type reportKey struct{}

// WithReport returns a context that collects provenance into a new Report.
func WithReport(ctx context.Context) (context.Context, *Report) {
	r := &Report{entries: map[civ.ProvinceCode]*SourceStatus{}}
	return context.WithValue(ctx, reportKey{}, r), r
}

func recordSource(ctx context.Context, p civ.ProvinceCode, m connectors.Meta, err *connectors.UpstreamError) {
	r, ok := ctx.Value(reportKey{}).(*Report)
	if !ok {
		return
	}
	s := SourceStatus{Province: p, State: StateFresh}
	switch {
	case err != nil:
		s.State, s.Code = StateFailed, err.Code
	case m.Stale:
		s.State = StateStale
	case m.Cached:
		s.State = StateCached
	}
	s.NotFound = err == nil && m.NotFound
	if err == nil && !m.FetchedAt.IsZero() {
		t := m.FetchedAt.UTC()
		s.FetchedAt = &t
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	old, seen := r.entries[p]
	if !seen {
		r.entries[p] = &s
		return
	}
	// Report the worst state seen and the oldest data used.
	if stateRank[s.State] > stateRank[old.State] {
		old.State, old.Code = s.State, s.Code
	}
	if s.FetchedAt != nil && (old.FetchedAt == nil || s.FetchedAt.Before(*old.FetchedAt)) {
		old.FetchedAt = s.FetchedAt
	}
	old.NotFound = old.NotFound || s.NotFound
}

// Sources returns the collected statuses in canonical province order.
func (r *Report) Sources() []SourceStatus {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]SourceStatus, 0, len(r.entries))
	for _, s := range r.entries {
		out = append(out, *s)
	}
	order := map[civ.ProvinceCode]int{}
	for i, p := range civ.AllProvinces {
		order[p] = i
	}
	sort.Slice(out, func(i, j int) bool { return order[out[i].Province] < order[out[j].Province] })
	return out
}
