package shanghai_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/sourcetest"
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
	cases := []sourcetest.Malformed{
		{Name: "not json", Body: `<html>502 Bad Gateway</html>`, Say: "envelope"},
		{Name: "no code", Body: `{"message":"ok","data":"{}"}`, Say: "envelope"},
		{Name: "no data", Body: `{"code":"000000","message":"成功"}`, Say: "no data"},
		{Name: "data not a string", Body: `{"code":"000000","data":{"state":true,"total":0,"data":[]}}`, Say: "envelope"},
		{Name: "data string not json", Body: `{"code":"000000","data":"{oops"}`, Say: "JSON string"},
		{Name: "no total", Body: `{"code":"000000","data":` + strconv.Quote(`{"state":true,"data":[]}`) + `}`, Say: "JSON string"},
		{Name: "negative total", Body: page("", -2), Say: "negative"},
		{Name: "rows not a list", Body: `{"code":"000000","data":` + strconv.Quote(`{"state":true,"total":1,"data":{}}`) + `}`, Say: "data.data"},
		{Name: "fewer rows than the total says", Body: page("", 5), Say: "should have"},
		{Name: "missing id", Body: one(`{"meetingName":"会议","meetingType":1}`), Say: "without id"},
		{Name: "unknown meeting type", Body: meeting(`,"meetingType":7`), Say: "meetingType"},
		{Name: "unknown business type", Body: meeting(`,"businessTypes":[6,99]`), Say: "businessType"},
		{Name: "unknown precision", Body: one(`{"id":"m","meetingName":"会议","meetingType":1,"meetingDate":{"precision":4}}`), Say: "precision"},
		{Name: "date as text", Body: one(`{"id":"m","meetingName":"会议","meetingType":1,"meetingDate":{"time":"2024-03-20","precision":3}}`), Say: "data.data"},
		{Name: "date in seconds", Body: one(fmt.Sprintf(`{"id":"m","meetingName":"会议","meetingType":1,"meetingDate":{"time":%d,"precision":3}}`, day/1000)), Say: "midnight"},
		{Name: "date in the far future", Body: one(`{"id":"m","meetingName":"会议","meetingType":1,"meetingDate":{"time":9000000000000000,"precision":3}}`), Say: "1900–2100"},
		{Name: "date not at midnight China time", Body: one(fmt.Sprintf(`{"id":"m","meetingName":"会议","meetingType":1,"meetingDate":{"time":%d,"precision":3}}`, day+3600_000)), Say: "midnight"},
		{Name: "month not on its first day", Body: one(fmt.Sprintf(`{"id":"m","meetingName":"会议","meetingType":1,"meetingDate":{"time":%d,"precision":2}}`, day)), Say: "period"},
		{Name: "known precision without a time", Body: one(`{"id":"m","meetingName":"会议","meetingType":1,"meetingDate":{"precision":3}}`), Say: "no time"},
		{Name: "unknown date with a time", Body: one(fmt.Sprintf(`{"id":"m","meetingName":"会议","meetingType":1,"meetingDate":{"time":%d,"precision":9}}`, day)), Say: "has a time"},
		{Name: "bad report date", Body: meeting(`,"reports":[{"source":"x","publishDate":{"precision":3}}]`), Say: "publishDate"},
		{Name: "update time as text", Body: meeting(`,"updateTime":"yesterday"`), Say: "data.data"},
		{Name: "update time zero", Body: meeting(`,"updateTime":0`), Say: "updateTime"},
		{Name: "update time absurd", Body: meeting(`,"updateTime":99999999999999999`), Say: "updateTime"},
		{Name: "update time fractional", Body: meeting(`,"updateTime":1.7e12`), Say: "data.data"},
		{Name: "bad meeting region", Body: meeting(`,"areaCode":"黄浦"`), Say: "areaCode"},
		{Name: "unknown org type", Body: site(`,"orgType":9999`), Sites: true, Say: "orgType"},
		{Name: "missing org type", Body: one(`{"id":"s","orgName":"n"}`), Sites: true, Say: "orgType 0"},
		{Name: "latitude out of range", Body: site(`,"lng":121.4,"lat":95.0`), Sites: true, Say: "coordinates"},
		{Name: "longitude without latitude", Body: site(`,"lng":121.4`), Sites: true, Say: "coordinates"},
		{Name: "coordinate as text", Body: site(`,"lng":"121.4","lat":"31.2"`), Sites: true, Say: "data.data"},
		{Name: "negative capacity", Body: site(`,"capacity":-4`), Sites: true, Say: "capacity"},
		{Name: "short region code", Body: site(`,"areaCode":"3101"`), Sites: true, Say: "areaCode"},
		{Name: "unknown credibility", Body: site(`,"credibility":7`), Sites: true, Say: "credibility"},
		{Name: "bad fact date", Body: site(`,"factDate":{"precision":3}`), Sites: true, Say: "factDate"},
	}
	sourcetest.CheckMalformed(t, civ.Shanghai, func(url string) connectors.Source { return newClient(t, url, "t", cache.Policy{}) }, cases)
	t.Run("state false is a business error", func(t *testing.T) {
		body := `{"code":"000000","data":` + strconv.Quote(`{"state":false,"total":0,"data":[],"message":"维护中"}`) + `}`
		url := start(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(body)) }))
		_, err := newClient(t, url, "t", cache.Policy{}).Tasks(ctx, connectors.Query{Limit: 5})
		if ue := wantCode(t, err, connectors.CodeBusiness); !strings.Contains(ue.Message, "维护中") {
			t.Fatalf("message %q does not carry the platform's", ue.Message)
		}
	})
}
