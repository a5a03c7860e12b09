package gateway

import (
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/federation"
)

func TestFreshness(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	at := func(ago time.Duration) *time.Time { t := now.Add(-ago); return &t }
	a := access{maxAge: 10 * time.Minute, now: func() time.Time { return now },
		ttl: map[civ.ProvinceCode]time.Duration{civ.Hebei: 5 * time.Minute, civ.Hubei: time.Hour, civ.Jiangsu: 0}}
	for _, tc := range []struct {
		name    string
		sources []federation.SourceStatus
		want    time.Duration
	}{
		{"nothing touched: the cap", nil, 10 * time.Minute},
		{"least remaining freshness wins", []federation.SourceStatus{
			{Province: civ.Hebei, State: federation.StateCached, FetchedAt: at(2 * time.Minute)},
			{Province: civ.Hubei, State: federation.StateFresh, FetchedAt: at(0)},
		}, 3 * time.Minute},
		{"capped", []federation.SourceStatus{{Province: civ.Hubei, State: federation.StateFresh, FetchedAt: at(0)}}, 10 * time.Minute},
		{"past its TTL", []federation.SourceStatus{{Province: civ.Hebei, State: federation.StateCached, FetchedAt: at(time.Hour)}}, 0},
		{"not cached", []federation.SourceStatus{{Province: civ.Jiangsu, State: federation.StateFresh, FetchedAt: at(0)}}, 0},
		{"stale", []federation.SourceStatus{{Province: civ.Hubei, State: federation.StateStale, FetchedAt: at(0)}}, 0},
		{"unknown age", []federation.SourceStatus{{Province: civ.Hubei, State: federation.StateFresh}}, 0},
	} {
		if got := a.freshness(tc.sources); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}
