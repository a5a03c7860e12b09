package jiangsu_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
)

// TestDateForms feeds one meeting with each wire date and time form
// through a tiny portal stand-in.
func TestDateForms(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	for _, c := range []struct {
		name, value, updated string
		want                 civ.FuzzyDate
		wantUpdated          time.Time
		ok                   bool
	}{
		{"day", "20240321", "20240321093000", civ.FuzzyDate{Date: time.Date(2024, 3, 21, 0, 0, 0, 0, time.UTC), Precision: civ.PrecisionDay, Text: "w"},
			time.Date(2024, 3, 21, 9, 30, 0, 0, cst), true},
		{"month", "202403", "", civ.FuzzyDate{Date: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), Precision: civ.PrecisionMonth, Text: "w"}, time.Time{}, true},
		{"year", "2024", "", civ.FuzzyDate{Date: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Precision: civ.PrecisionYear, Text: "w"}, time.Time{}, true},
		{"unknown", "", "", civ.FuzzyDate{Precision: civ.PrecisionUnknown, Text: "w"}, time.Time{}, true},
		{"fractional time", "20240321", "20240321093000.25", civ.FuzzyDate{Date: time.Date(2024, 3, 21, 0, 0, 0, 0, time.UTC), Precision: civ.PrecisionDay, Text: "w"},
			time.Date(2024, 3, 21, 9, 30, 0, 250e6, cst), true},
		{"iso date", "2024-03-21", "", civ.FuzzyDate{}, time.Time{}, false},
		{"no such day", "20240231", "", civ.FuzzyDate{}, time.Time{}, false},
		{"seven digits", "2024032", "", civ.FuzzyDate{}, time.Time{}, false},
		{"year zero", "0000", "", civ.FuzzyDate{}, time.Time{}, false},
		{"signed", "+2024", "", civ.FuzzyDate{}, time.Time{}, false},
		{"iso time", "20240321", "2024-03-21 09:30:00", civ.FuzzyDate{}, time.Time{}, false},
		{"short time", "20240321", "202403210930", civ.FuzzyDate{}, time.Time{}, false},
		{"hour 25", "20240321", "20240321250000", civ.FuzzyDate{}, time.Time{}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := `[{"meeting_id":"m","meeting_name":"n","meeting_type":"WORK_CONFERENCE","meeting_date":{"value":"` + c.value +
				`","wording":"w"},"update_time":"` + c.updated + `"}]`
			body := `{"errcode":0,"result":"success","totalrecords":1,"data":` + strconv.Quote(data) + `}`
			url := start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(body)) }))
			res, err := newClient(t, demoConfig(url)).Meetings(context.Background(), connectors.Query{Limit: 1})
			if !c.ok {
				if code(err) != connectors.CodeBadResponse {
					t.Fatalf("err = %v, want SOURCE_BAD_RESPONSE", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := res.Items[0]
			if got.Date != c.want {
				t.Errorf("date = %+v, want %+v", got.Date, c.want)
			}
			if !got.UpdatedAt.Equal(c.wantUpdated) {
				t.Errorf("updated = %v, want %v", got.UpdatedAt, c.wantUpdated)
			}
		})
	}
}
