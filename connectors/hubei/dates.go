package hubei

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/civgraph/civgraph/civ"
)

// chinaTime is China Standard Time, the zone of the gateway's times.
var chinaTime = time.FixedZone("CST", 8*3600)

// dateRE matches 2024年3月20日, 2024年3月 and 2024年 (months and days with
// or without a leading zero).
var dateRE = regexp.MustCompile(`^(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?$`)

// timeRE matches 2024年3月31日 08:00:00.
var timeRE = regexp.MustCompile(`^(\d{4})年(\d{1,2})月(\d{1,2})日 (\d{2}):(\d{2}):(\d{2})$`)

// parseDate reads a Chinese date; its form gives its precision, and an
// empty value means the source gave no date (wording may still say why,
// e.g. 日前). Dates are calendar days, kept at UTC midnight like every
// civ.FuzzyDate.
func parseDate(d fuzzyDate) (civ.FuzzyDate, error) {
	if d.Value == "" {
		return civ.FuzzyDate{Precision: civ.PrecisionUnknown, Text: d.Wording}, nil
	}
	m := dateRE.FindStringSubmatch(d.Value)
	if m == nil {
		return civ.FuzzyDate{}, fmt.Errorf("date %q is not of the form 2024年3月20日, 2024年3月 or 2024年", d.Value)
	}
	y, _ := strconv.Atoi(m[1])
	month, day, precision := 1, 1, civ.PrecisionYear
	if m[2] != "" {
		month, _ = strconv.Atoi(m[2])
		precision = civ.PrecisionMonth
	}
	if m[3] != "" {
		day, _ = strconv.Atoi(m[3])
		precision = civ.PrecisionDay
	}
	t := time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if !sameDay(t, y, month, day) {
		return civ.FuzzyDate{}, fmt.Errorf("date %q does not exist", d.Value)
	}
	return civ.FuzzyDate{Date: t, Precision: precision, Text: d.Wording}, nil
}

// parseTime reads 2024年3月31日 08:00:00 in China Standard Time; empty
// means unknown (the zero time).
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	m := timeRE.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, fmt.Errorf("time %q is not of the form 2024年3月31日 08:00:00", s)
	}
	var n [6]int
	for i := range n {
		n[i], _ = strconv.Atoi(m[i+1])
	}
	t := time.Date(n[0], time.Month(n[1]), n[2], n[3], n[4], n[5], 0, chinaTime)
	// time.Date normalizes 2月30日 or 25:00 into other days; refuse them.
	if !sameDay(t, n[0], n[1], n[2]) || n[3] > 23 || n[4] > 59 || n[5] > 59 {
		return time.Time{}, fmt.Errorf("time %q does not exist", s)
	}
	return t, nil
}

func sameDay(t time.Time, y, m, d int) bool {
	return t.Year() == y && int(t.Month()) == m && t.Day() == d
}
