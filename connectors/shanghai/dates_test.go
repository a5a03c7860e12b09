package shanghai_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
)

var cst = time.FixedZone("CST", 8*3600)

// cstMidnight is the epoch ms of 00:00 China time on a day.
func cstMidnight(y int, m time.Month, d int) int64 {
	return time.Date(y, m, d, 0, 0, 0, 0, cst).UnixMilli()
}

func utcDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// page wraps rows in the platform's two layers.
func page(rows string, total int) string {
	in := fmt.Sprintf(`{"state":true,"total":%d,"data":[%s],"message":"查询成功"}`, total, rows)
	return `{"code":"000000","message":"成功","data":` + strconv.Quote(in) + `}`
}

// TestDateForms reads each form of the platform's dates: epoch ms of
// midnight China time (the previous day in UTC) with a precision code and
// the source's wording.
func TestDateForms(t *testing.T) {
	cases := []struct {
		name, date string
		want       civ.FuzzyDate
	}{
		{"day", fmt.Sprintf(`{"time":%d,"precision":3,"text":"至2025年年末"}`, cstMidnight(2025, 12, 31)),
			civ.FuzzyDate{Date: utcDay(2025, 12, 31), Precision: civ.PrecisionDay, Text: "至2025年年末"}},
		{"first of a month is not the last day of the previous one", fmt.Sprintf(`{"time":%d,"precision":3}`, cstMidnight(2024, 3, 1)),
			civ.FuzzyDate{Date: utcDay(2024, 3, 1), Precision: civ.PrecisionDay}},
		{"month", fmt.Sprintf(`{"time":%d,"precision":2,"text":"2024年3月"}`, cstMidnight(2024, 3, 1)),
			civ.FuzzyDate{Date: utcDay(2024, 3, 1), Precision: civ.PrecisionMonth, Text: "2024年3月"}},
		{"year", fmt.Sprintf(`{"time":%d,"precision":1,"text":"2024年"}`, cstMidnight(2024, 1, 1)),
			civ.FuzzyDate{Date: utcDay(2024, 1, 1), Precision: civ.PrecisionYear, Text: "2024年"}},
		{"unknown with wording", `{"precision":9,"text":"日前"}`, civ.FuzzyDate{Precision: civ.PrecisionUnknown, Text: "日前"}},
		{"not stated", `{"precision":0}`, civ.FuzzyDate{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			updated := time.Date(2024, 3, 20, 1, 2, 3, 456e6, time.UTC)
			row := fmt.Sprintf(`{"id":"m","meetingName":"会议","meetingType":1,"meetingDate":%s,"updateTime":%d}`, tc.date, updated.UnixMilli())
			url := start(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, page(row, 1)) }))
			res, err := newClient(t, url, "t", cache.Policy{}).Meetings(ctx, connectors.Query{Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			m := res.Items[0]
			if diff := cmp.Diff(tc.want, m.Date); diff != "" {
				t.Fatalf("date (-want +got):\n%s", diff)
			}
			if !m.UpdatedAt.Equal(updated) || m.UpdatedAt.Location() != time.UTC {
				t.Fatalf("updateTime %v, want %v in UTC", m.UpdatedAt, updated)
			}
		})
	}
}

// TestFilterDatesOnTheWire checks that a date range is sent as epoch ms
// of midnight China time on its days, whatever zone the caller used.
func TestFilterDatesOnTheWire(t *testing.T) {
	var mu sync.Mutex
	var got map[string]any
	url := start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		_ = json.NewDecoder(r.Body).Decode(&got)
		_, _ = io.WriteString(w, page("", 0))
	}))
	f := civ.Filter{From: time.Date(2024, 3, 1, 23, 0, 0, 0, time.UTC), To: utcDay(2024, 6, 30)}
	if _, err := newClient(t, url, "t", cache.Policy{}).Tasks(ctx, connectors.Query{Filter: f, Limit: 5}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if got["startTime"] != float64(cstMidnight(2024, 3, 1)) || got["endTime"] != float64(cstMidnight(2024, 6, 30)) {
		t.Fatalf("startTime %v endTime %v; want %d and %d", got["startTime"], got["endTime"], cstMidnight(2024, 3, 1), cstMidnight(2024, 6, 30))
	}
	// Uncached (cache.Policy{}): the page is sized to the window.
	if got["limit"] != float64(5) || got["offset"] != float64(0) {
		t.Fatalf("limit %v offset %v; want a page of 5 from 0", got["limit"], got["offset"])
	}
}
