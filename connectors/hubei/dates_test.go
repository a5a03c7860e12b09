package hubei_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
)

// serveMeeting answers every request with one meeting whose meetingDate and
// updateTime are as given.
func serveMeeting(t *testing.T, date, updated string) (civ.Meeting, error) {
	t.Helper()
	body := `{"code":"0","msg":"成功","data":{"total":1,"rows":[{"meetingId":"m","meetingName":"会议","meetingType":"WORK_CONFERENCE",` +
		`"meetingDate":{"value":"` + date + `","wording":"原文"},"updateTime":"` + updated + `"}]}}`
	url := start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(body)) }))
	res, err := newClient(t, demoConfig(url)).Meetings(context.Background(), connectors.Query{Limit: 1})
	if err != nil {
		return civ.Meeting{}, err
	}
	return res.Items[0], nil
}

func TestDateForms(t *testing.T) {
	utc := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		value string
		want  civ.FuzzyDate // Text is always 原文; zero Precision: malformed
	}{
		{"2024年3月20日", civ.FuzzyDate{Date: utc(2024, 3, 20), Precision: civ.PrecisionDay}},
		{"2024年03月05日", civ.FuzzyDate{Date: utc(2024, 3, 5), Precision: civ.PrecisionDay}},
		{"2024年2月29日", civ.FuzzyDate{Date: utc(2024, 2, 29), Precision: civ.PrecisionDay}},
		{"2024年3月", civ.FuzzyDate{Date: utc(2024, 3, 1), Precision: civ.PrecisionMonth}},
		{"2025年12月", civ.FuzzyDate{Date: utc(2025, 12, 1), Precision: civ.PrecisionMonth}},
		{"2024年", civ.FuzzyDate{Date: utc(2024, 1, 1), Precision: civ.PrecisionYear}},
		{"", civ.FuzzyDate{Precision: civ.PrecisionUnknown}},
		{"2024-03-20", civ.FuzzyDate{}},
		{"20240320", civ.FuzzyDate{}},
		{"2023年2月29日", civ.FuzzyDate{}},
		{"2024年13月", civ.FuzzyDate{}},
		{"2024年0月", civ.FuzzyDate{}},
		{"2024年3月20", civ.FuzzyDate{}},
		{"2024年3月20日 09:00:00", civ.FuzzyDate{}},
		{"二〇二四年三月", civ.FuzzyDate{}},
		{" 2024年", civ.FuzzyDate{}},
	} {
		t.Run("date "+c.value, func(t *testing.T) {
			m, err := serveMeeting(t, c.value, "")
			if c.want.Precision == "" {
				if code(err) != connectors.CodeBadResponse {
					t.Fatalf("err = %v, want %s", err, connectors.CodeBadResponse)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			c.want.Text = "原文"
			if !m.Date.Date.Equal(c.want.Date) || m.Date.Date.Location() != time.UTC || m.Date.Precision != c.want.Precision || m.Date.Text != c.want.Text {
				t.Fatalf("date = %+v, want %+v", m.Date, c.want)
			}
		})
	}
}

func TestTimeForms(t *testing.T) {
	cst := time.FixedZone("UTC+8", 8*3600)
	for _, c := range []struct {
		value string
		want  time.Time
		ok    bool
	}{
		{"2024年3月20日 09:00:00", time.Date(2024, 3, 20, 1, 0, 0, 0, time.UTC), true},
		{"2024年3月31日 00:00:00", time.Date(2024, 3, 31, 0, 0, 0, 0, cst), true},
		{"2024年12月31日 23:59:59", time.Date(2024, 12, 31, 23, 59, 59, 0, cst), true},
		{"", time.Time{}, true},
		{"2024年3月20日", time.Time{}, false},
		{"2024年3月20日 9:00:00", time.Time{}, false},
		{"2024年3月20日 24:00:00", time.Time{}, false},
		{"2024年3月20日 09:60:00", time.Time{}, false},
		{"2024年2月30日 09:00:00", time.Time{}, false},
		{"2024-03-20T09:00:00+08:00", time.Time{}, false},
	} {
		t.Run("time "+c.value, func(t *testing.T) {
			m, err := serveMeeting(t, "", c.value)
			if !c.ok {
				if code(err) != connectors.CodeBadResponse {
					t.Fatalf("err = %v, want %s", err, connectors.CodeBadResponse)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !m.UpdatedAt.Equal(c.want) || m.UpdatedAt.IsZero() != c.want.IsZero() {
				t.Fatalf("updated = %v, want %v", m.UpdatedAt, c.want)
			}
		})
	}
}
