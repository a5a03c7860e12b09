package shanghai

import (
	"fmt"
	"time"

	"github.com/civgraph/civgraph/civ"
)

var chinaTime = time.FixedZone("CST", 8*3600)

// Plausible bounds: an update time before 2000 (epoch 0 among them) or any
// time from 2100 on is a broken value, not data.
var (
	minUpdate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	minDate   = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime   = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
)

// parseUpdateTime reads an epoch-ms update time as UTC; absent is zero.
func parseUpdateTime(ms *int64) (time.Time, error) {
	if ms == nil {
		return time.Time{}, nil
	}
	t := time.UnixMilli(*ms).UTC()
	if t.Before(minUpdate) || !t.Before(maxTime) {
		return time.Time{}, fmt.Errorf("timestamp %d ms is outside 2000–2100", *ms)
	}
	return t, nil
}

// dateFromWire reads a wireDate. A known precision needs a time that is
// 00:00 China time on the first day of its period (the 1st at month
// precision, 1 January at year precision); an unknown or unstated one
// must carry none. The result is the calendar day at UTC midnight.
func dateFromWire(d wireDate) (civ.FuzzyDate, error) {
	p, ok := precisions[d.Precision]
	if !ok {
		return civ.FuzzyDate{}, fmt.Errorf("unknown date precision %d", d.Precision)
	}
	out := civ.FuzzyDate{Precision: p, Text: d.Text}
	if p == civ.PrecisionUnknown || p == "" {
		if d.Time != nil {
			return civ.FuzzyDate{}, fmt.Errorf("date of precision %d has a time %d", d.Precision, *d.Time)
		}
		return out, nil
	}
	if d.Time == nil {
		return civ.FuzzyDate{}, fmt.Errorf("date of precision %d has no time", d.Precision)
	}
	t := time.UnixMilli(*d.Time).In(chinaTime)
	if t.Before(minDate) || !t.Before(maxTime) {
		return civ.FuzzyDate{}, fmt.Errorf("date %d ms is outside 1900–2100", *d.Time)
	}
	y, m, day := t.Date()
	if t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0 {
		return civ.FuzzyDate{}, fmt.Errorf("date %d ms is not midnight China time", *d.Time)
	}
	if (p == civ.PrecisionMonth && day != 1) || (p == civ.PrecisionYear && (m != time.January || day != 1)) {
		return civ.FuzzyDate{}, fmt.Errorf("date %d ms of precision %d does not start its period", *d.Time, d.Precision)
	}
	out.Date = time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
	return out, nil
}

// dayMillis writes a filter day as epoch ms of 00:00 China time on it.
func dayMillis(t time.Time) *int64 {
	if t.IsZero() {
		return nil
	}
	y, m, d := t.Date()
	ms := time.Date(y, m, d, 0, 0, 0, 0, chinaTime).UnixMilli()
	return &ms
}
