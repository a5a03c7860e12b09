package shanghai_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
)

// TestMalformedPayloads serves broken bodies from a tiny handler: each must
// fail the call with SOURCE_BAD_RESPONSE saying what was wrong.
func TestMalformedPayloads(t *testing.T) {
	one := func(row string) string { return page(row, 1) }
	meeting := func(fields string) string {
		return one(`{"id":"m","meetingName":"会议","meetingType":1,"meetingDate":{"precision":9}` + fields + `}`)
	}
	site := func(fields string) string {
		return one(`{"id":"s","orgName":"助餐点","orgType":2014,"areaCode":"310101"` + fields + `}`)
	}
	day := cstMidnight(2024, 3, 20)
	cases := []struct {
		name, body string
		sites      bool
		wantInMsg  string
	}{
		{"not json", `<html>502 Bad Gateway</html>`, false, "envelope"},
		{"no code", `{"message":"ok","data":"{}"}`, false, "envelope"},
		{"no data", `{"code":"000000","message":"成功"}`, false, "no data"},
		{"data not a string", `{"code":"000000","data":{"state":true,"total":0,"data":[]}}`, false, "envelope"},
		{"data string not json", `{"code":"000000","data":"{oops"}`, false, "JSON string"},
		{"no total", `{"code":"000000","data":` + strconv.Quote(`{"state":true,"data":[]}`) + `}`, false, "JSON string"},
		{"negative total", page("", -2), false, "negative"},
		{"rows not a list", `{"code":"000000","data":` + strconv.Quote(`{"state":true,"total":1,"data":{}}`) + `}`, false, "data.data"},
		{"fewer rows than the total says", page("", 5), false, "should have"},
		{"missing id", one(`{"meetingName":"会议","meetingType":1}`), false, "without id"},
		{"unknown meeting type", meeting(`,"meetingType":7`), false, "meetingType"},
		{"unknown business type", meeting(`,"businessTypes":[6,99]`), false, "businessType"},
		{"unknown precision", one(`{"id":"m","meetingName":"会议","meetingType":1,"meetingDate":{"precision":4}}`), false, "precision"},
		{"date as text", one(`{"id":"m","meetingName":"会议","meetingType":1,"meetingDate":{"time":"2024-03-20","precision":3}}`), false, "data.data"},
		{"date in seconds", one(fmt.Sprintf(`{"id":"m","meetingName":"会议","meetingType":1,"meetingDate":{"time":%d,"precision":3}}`, day/1000)), false, "midnight"},
		{"date in the far future", one(`{"id":"m","meetingName":"会议","meetingType":1,"meetingDate":{"time":9000000000000000,"precision":3}}`), false, "1900–2100"},
		{"date not at midnight China time", one(fmt.Sprintf(`{"id":"m","meetingName":"会议","meetingType":1,"meetingDate":{"time":%d,"precision":3}}`, day+3600_000)), false, "midnight"},
		{"month not on its first day", one(fmt.Sprintf(`{"id":"m","meetingName":"会议","meetingType":1,"meetingDate":{"time":%d,"precision":2}}`, day)), false, "period"},
		{"known precision without a time", one(`{"id":"m","meetingName":"会议","meetingType":1,"meetingDate":{"precision":3}}`), false, "no time"},
		{"unknown date with a time", one(fmt.Sprintf(`{"id":"m","meetingName":"会议","meetingType":1,"meetingDate":{"time":%d,"precision":9}}`, day)), false, "has a time"},
		{"bad report date", meeting(`,"reports":[{"source":"x","publishDate":{"precision":3}}]`), false, "publishDate"},
		{"update time as text", meeting(`,"updateTime":"yesterday"`), false, "data.data"},
		{"update time zero", meeting(`,"updateTime":0`), false, "updateTime"},
		{"update time absurd", meeting(`,"updateTime":99999999999999999`), false, "updateTime"},
		{"update time fractional", meeting(`,"updateTime":1.7e12`), false, "data.data"},
		{"bad meeting region", meeting(`,"areaCode":"黄浦"`), false, "areaCode"},
		{"unknown org type", site(`,"orgType":9999`), true, "orgType"},
		{"missing org type", one(`{"id":"s","orgName":"n"}`), true, "orgType 0"},
		{"latitude out of range", site(`,"lng":121.4,"lat":95.0`), true, "coordinates"},
		{"longitude without latitude", site(`,"lng":121.4`), true, "coordinates"},
		{"coordinate as text", site(`,"lng":"121.4","lat":"31.2"`), true, "data.data"},
		{"negative capacity", site(`,"capacity":-4`), true, "capacity"},
		{"short region code", site(`,"areaCode":"3101"`), true, "areaCode"},
		{"unknown credibility", site(`,"credibility":7`), true, "credibility"},
		{"bad fact date", site(`,"factDate":{"precision":3}`), true, "factDate"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			url := start(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(tc.body)) }))
			c := newClient(t, url, "t", cache.Policy{})
			var err error
			if tc.sites {
				_, err = c.ServiceSites(ctx, connectors.Query{Limit: 5})
			} else {
				_, err = c.Meetings(ctx, connectors.Query{Limit: 5})
			}
			ue := wantCode(t, err, connectors.CodeBadResponse)
			if !strings.Contains(ue.Message, tc.wantInMsg) {
				t.Fatalf("message %q does not say %q", ue.Message, tc.wantInMsg)
			}
		})
	}
	t.Run("state false is a business error", func(t *testing.T) {
		body := `{"code":"000000","data":` + strconv.Quote(`{"state":false,"total":0,"data":[],"message":"维护中"}`) + `}`
		url := start(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(body)) }))
		_, err := newClient(t, url, "t", cache.Policy{}).Tasks(ctx, connectors.Query{Limit: 5})
		if ue := wantCode(t, err, connectors.CodeBusiness); !strings.Contains(ue.Message, "维护中") {
			t.Fatalf("message %q does not carry the platform's", ue.Message)
		}
	})
}
