package shanghai

import (
	"math"
	"testing"

	"github.com/civgraph/civgraph/connectors/sourcetest"
)

// FuzzDates fuzzes the epoch-millisecond date and update-time readers.
func FuzzDates(f *testing.F) {
	for _, s := range []struct {
		ms        int64
		hasTime   bool
		precision int
	}{
		{1710864000000, true, 3}, {1709222400000, true, 2}, {1704038400000, true, 1}, {0, false, 9}, {0, false, 0},
		{1710864000001, true, 3}, {-1, true, 3}, {math.MaxInt64, true, 1}, {math.MinInt64, true, 2}, {1710864000000, true, 7},
	} {
		f.Add(s.ms, s.hasTime, s.precision, "至2025年年末")
	}
	f.Fuzz(func(t *testing.T, ms int64, hasTime bool, precision int, text string) {
		var p *int64
		if hasTime {
			p = &ms
		}
		if d, err := dateFromWire(wireDate{Time: p, Precision: precision, Text: text}); err == nil {
			sourcetest.CheckDate(t, d)
		}
		if tm, err := parseUpdateTime(p); err == nil && !tm.IsZero() && tm.Location().String() != "UTC" {
			t.Fatalf("parseUpdateTime(%d) = %v, not UTC", ms, tm)
		}
	})
}
