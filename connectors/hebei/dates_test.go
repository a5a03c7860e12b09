package hebei_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
)

// TestUnknownDateRoundTrips follows the real seed meeting, reported only
// as 日前 (recently): it must come back with no date, its wording kept, and
// a date range must not claim it.
func TestUnknownDateRoundTrips(t *testing.T) {
	ds, err := dataset.Load(dataset.Options{SampleSitesPerProvince: -1})
	if err != nil {
		t.Fatal(err)
	}
	c := demoClient(t, ds)
	res, err := c.Meetings(ctx, connectors.Query{Filter: civ.Filter{ID: "HEB-MTG-2024-001"}, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Items) != 1 {
		t.Fatalf("got %d meetings, want the seed meeting", len(res.Items))
	}
	want := civ.FuzzyDate{Precision: civ.PrecisionUnknown, Text: "日前"}
	if got := res.Items[0].Date; got != want || got.Known() {
		t.Fatalf("date = %+v, want %+v", got, want)
	}
	ranged, err := c.Meetings(ctx, connectors.Query{Filter: civ.Filter{From: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)}, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ranged.Items {
		if m.ID == "HEB-MTG-2024-001" {
			t.Fatal("a meeting of unknown date matched a date range")
		}
	}
	tasks, err := c.Tasks(ctx, connectors.Query{Filter: civ.Filter{OriginID: "HEB-MTG-2024-001"}, Limit: 100})
	if err != nil || tasks.Total == 0 {
		t.Fatalf("tasks of the seed meeting: total %d, err %v", tasks.Total, err)
	}
}

// TestDateForms serves one meeting per date form in hand-written wire rows
// and checks the FuzzyDate each maps to.
func TestDateForms(t *testing.T) {
	utc := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	cases := []struct {
		name, sj, jqd, ms string
		want              civ.FuzzyDate
	}{
		{"day", "2024-03-15 00:00:00", "D", "3月15日", civ.FuzzyDate{Date: utc(2024, 3, 15), Precision: civ.PrecisionDay, Text: "3月15日"}},
		{"day with a time of day", "2024-03-15 09:00:00", "D", "", civ.FuzzyDate{Date: utc(2024, 3, 15), Precision: civ.PrecisionDay}},
		{"late evening stays on its CST day", "2024-03-15 23:30:00", "D", "", civ.FuzzyDate{Date: utc(2024, 3, 15), Precision: civ.PrecisionDay}},
		{"month", "2024-03-01 00:00:00", "M", "2024年3月", civ.FuzzyDate{Date: utc(2024, 3, 1), Precision: civ.PrecisionMonth, Text: "2024年3月"}},
		{"year", "2025-01-01 00:00:00", "Y", "至2025年年末", civ.FuzzyDate{Date: utc(2025, 1, 1), Precision: civ.PrecisionYear, Text: "至2025年年末"}},
		{"unknown", "", "U", "日前", civ.FuzzyDate{Precision: civ.PrecisionUnknown, Text: "日前"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			row := `{"id":"x","hymc":"t","hylx":"GZHY","hysj":"` + tc.sj + `","hysjjqd":"` + tc.jqd + `","hysjms":"` + tc.ms + `"}`
			got, err := meetingsFrom(t, row)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got[0].Date); diff != "" {
				t.Fatalf("date differs (-want +got):\n%s", diff)
			}
		})
	}
}

// meetingsFrom serves rows as one page of meetings and lists them.
func meetingsFrom(t *testing.T, rows ...string) ([]civ.Meeting, error) {
	t.Helper()
	body := `{"code":0,"msg":"success","success":true,"data":{"list":[` + strings.Join(rows, ",") + `],"total":` + strconv.Itoa(len(rows)) + `}}`
	url := start(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(body)) }))
	res, err := newClient(t, url, "k", cache.Policy{}).Meetings(ctx, connectors.Query{Limit: 10})
	return res.Items, err
}
