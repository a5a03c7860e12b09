package hubei

import (
	"testing"

	"github.com/civgraph/civgraph/connectors/sourcetest"
)

// FuzzDates fuzzes the Chinese-numeral date reader and the time parser.
func FuzzDates(f *testing.F) {
	for _, s := range []string{"2024年3月20日", "2024年3月", "2024年", "", "2024年13月", "2024年2月30日", "２０２４年３月", "2024年3月20", "年月日", "2024-03-20 09:00:00", "\xe5\xb9"} {
		f.Add(s, "日前")
	}
	f.Fuzz(func(t *testing.T, value, wording string) {
		if d, err := parseDate(fuzzyDate{Value: value, Wording: wording}); err == nil {
			sourcetest.CheckDate(t, d)
		}
		if tm, err := parseTime(value); err == nil && !tm.IsZero() && tm.Location().String() != "UTC" {
			t.Fatalf("parseTime(%q) = %v, not UTC", value, tm)
		}
	})
}
