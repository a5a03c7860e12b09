package hebei

import (
	"testing"

	"github.com/civgraph/civgraph/connectors/sourcetest"
)

// FuzzDates fuzzes the time parser and the three-field date reader.
func FuzzDates(f *testing.F) {
	for _, s := range [][3]string{
		{"2024-03-15 09:00:00", "D", ""}, {"2024-03-01 00:00:00", "M", "3月"}, {"2024-01-01 00:00:00", "Y", ""},
		{"", "U", "日前"}, {"2024-03-1", "D", ""}, {"2024-02-30 00:00:00", "D", ""}, {"9999-99-99 99:99:99", "Q", "\xff"},
		{"2024-03-15T09:00:00Z", "D", ""}, {"-0001-01-01 00:00:00", "Y", ""},
	} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, sj, jqd, ms string) {
		if tm, err := parseTime(sj); err == nil && !tm.IsZero() && tm.Location().String() != "UTC" {
			t.Fatalf("parseTime(%q) = %v, not UTC", sj, tm)
		}
		if d, err := dateFromWire(sj, jqd, ms); err == nil {
			sourcetest.CheckDate(t, d)
		}
	})
}
