package sourcetest

import (
	"fmt"
	"time"

	"github.com/civgraph/civgraph/civ"
)

// Title puts 社区 in every fifth title of a generated fixture, for keyword
// filters.
func Title(kind string, i int) string {
	if i%5 == 0 {
		return fmt.Sprintf("社区%s%d", kind, i)
	}
	return fmt.Sprintf("%s%d", kind, i)
}

// FuzzyDate cycles a generated fixture's dates through day, month, year
// and unknown precision across 2023–2025, each with its wording.
func FuzzyDate(i int) civ.FuzzyDate {
	y, m, d := 2023+i%3, time.Month(1+i%12), 1+i%28
	switch i % 4 {
	case 0:
		return civ.FuzzyDate{Date: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), Precision: civ.PrecisionDay, Text: fmt.Sprintf("%d月%d日", m, d)}
	case 1:
		return civ.FuzzyDate{Date: time.Date(y, m, 1, 0, 0, 0, 0, time.UTC), Precision: civ.PrecisionMonth, Text: fmt.Sprintf("%d年%d月", y, m)}
	case 2:
		return civ.FuzzyDate{Date: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), Precision: civ.PrecisionYear, Text: "年内"}
	}
	return civ.FuzzyDate{Precision: civ.PrecisionUnknown, Text: "日前"}
}
