package jiangsu

import (
	"testing"

	"github.com/civgraph/civgraph/connectors/sourcetest"
)

// FuzzDates fuzzes the compact date reader and the time parser.
func FuzzDates(f *testing.F) {
	for _, s := range []string{"20240321", "202403", "2024", "", "20241321", "20240230", "2024032", "-2024", "２０２４", "20240321093000", "2024-03-21 09:30:00"} {
		f.Add(s, "日前")
	}
	f.Fuzz(func(t *testing.T, value, wording string) {
		if d, err := parseDate(wdate{Value: value, Wording: wording}); err == nil {
			sourcetest.CheckDate(t, d)
		}
		// A time read must be the one written: its digits, in China time.
		if tm, err := parseTime(value); err == nil && value != "" && tm.In(chinaTime).Format(timeLayout) != value[:len(timeLayout)] {
			t.Fatalf("parseTime(%q) = %v", value, tm)
		}
	})
}
