package hebei

import (
	"fmt"
	"time"

	"github.com/civgraph/civgraph/civ"
)

// timeLayout is how the platform writes times, in China Standard Time.
const timeLayout = "2006-01-02 15:04:05"

var chinaTime = time.FixedZone("CST", 8*3600)

// parseTime reads a "2006-01-02 15:04:05" CST time as UTC; empty is zero.
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(timeLayout, s, chinaTime)
	if err != nil {
		return time.Time{}, fmt.Errorf("time %q is not yyyy-MM-dd HH:mm:ss", s)
	}
	return t.UTC(), nil
}

// dateFromWire reads a date's three fields: sj the time, jqd its precision
// and ms the source's wording. A known date must carry a time that starts
// its period (the 1st of the month at M, 1 January at Y); an unknown one
// must carry none. The time of day, if any, is dropped: a FuzzyDate is a
// calendar date.
func dateFromWire(sj, jqd, ms string) (civ.FuzzyDate, error) {
	p, ok := precisions[jqd]
	if !ok {
		return civ.FuzzyDate{}, fmt.Errorf("unknown date precision %q", jqd)
	}
	out := civ.FuzzyDate{Precision: p, Text: ms}
	if p == civ.PrecisionUnknown || p == "" {
		if sj != "" {
			return civ.FuzzyDate{}, fmt.Errorf("date of precision %q has a time %q", jqd, sj)
		}
		return out, nil
	}
	t, err := time.ParseInLocation(timeLayout, sj, chinaTime)
	if err != nil {
		return civ.FuzzyDate{}, fmt.Errorf("date of precision %s needs a yyyy-MM-dd HH:mm:ss time, got %q", jqd, sj)
	}
	y, m, d := t.Date()
	if (p == civ.PrecisionMonth && d != 1) || (p == civ.PrecisionYear && (m != time.January || d != 1)) {
		return civ.FuzzyDate{}, fmt.Errorf("date %q of precision %s does not start its period", sj, jqd)
	}
	out.Date = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return out, nil
}
