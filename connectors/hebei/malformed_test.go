package hebei_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
)

// TestMalformedPayloads serves broken bodies from a tiny handler: each must
// fail the call with SOURCE_BAD_RESPONSE saying what was wrong.
func TestMalformedPayloads(t *testing.T) {
	page := func(rows string) string {
		return `{"code":0,"msg":"success","success":true,"data":{"list":[` + rows + `],"total":1}}`
	}
	site := func(fields string) string {
		return page(`{"id":"s1","csmc":"助餐点","cslx":"ZCD","xzqh":"130408"` + fields + `}`)
	}
	cases := []struct {
		name, body string
		sites      bool
		wantInMsg  string
	}{
		{"not json", `<html>502 Bad Gateway</html>`, false, "envelope"},
		{"no code", `{"msg":"ok","data":{}}`, false, "envelope"},
		{"code 0 without success", `{"code":0,"success":false,"data":{"list":[],"total":0}}`, false, "success"},
		{"data null", `{"code":0,"success":true,"data":null}`, false, "{list, total}"},
		{"no total", `{"code":0,"success":true,"data":{"list":[]}}`, false, "{list, total}"},
		{"negative total", `{"code":0,"success":true,"data":{"list":[],"total":-3}}`, false, "negative"},
		{"list not a list", `{"code":0,"success":true,"data":{"list":{},"total":1}}`, false, "data.list"},
		{"wrong field type", page(`{"id":"x","hymc":"t","hylx":"GZHY","hysj":20240320}`), false, "data.list"},
		{"fewer rows than the total says", `{"code":0,"success":true,"data":{"list":[],"total":5}}`, false, "should have"},
		{"missing id", page(`{"hymc":"t","hylx":"GZHY","hysjjqd":"U"}`), false, "without id"},
		{"unknown meeting kind", page(`{"id":"x","hymc":"t","hylx":"PARTY","hysjjqd":"U"}`), false, "hylx"},
		{"unknown precision", page(`{"id":"x","hymc":"t","hylx":"GZHY","hysjjqd":"Q"}`), false, "precision"},
		{"slashed date", page(`{"id":"x","hymc":"t","hylx":"GZHY","hysj":"2024/03/20","hysjjqd":"D"}`), false, "hysj"},
		{"date-only time", page(`{"id":"x","hymc":"t","hylx":"GZHY","hysj":"2024-03-20","hysjjqd":"D"}`), false, "hysj"},
		{"known precision without a time", page(`{"id":"x","hymc":"t","hylx":"GZHY","hysj":"","hysjjqd":"M"}`), false, "hysj"},
		{"unknown date with a time", page(`{"id":"x","hymc":"t","hylx":"GZHY","hysj":"2024-03-20 00:00:00","hysjjqd":"U"}`), false, "hysj"},
		{"month not on its first day", page(`{"id":"x","hymc":"t","hylx":"GZHY","hysj":"2024-03-20 00:00:00","hysjjqd":"M"}`), false, "period"},
		{"unknown domain code", page(`{"id":"x","hymc":"t","hylx":"GZHY","hysjjqd":"U","ywly":["XYZ"]}`), false, "ywly"},
		{"bad report date", page(`{"id":"x","hymc":"t","hylx":"GZHY","hysjjqd":"U","bd":[{"fbsj":"x","fbsjjqd":"D"}]}`), false, "fbsj"},
		{"bad update time", page(`{"id":"x","hymc":"t","hylx":"GZHY","hysjjqd":"U","gxsj":"yesterday"}`), false, "gxsj"},
		{"bad meeting region", page(`{"id":"x","hymc":"t","hylx":"GZHY","hysjjqd":"U","xzqh":"邯郸"}`), false, "xzqh"},
		{"unknown site type", page(`{"id":"s1","csmc":"n","cslx":"CANTEEN"}`), true, "cslx"},
		{"latitude out of range", site(`,"jd":114.5,"wd":95.0`), true, "coordinates"},
		{"longitude without latitude", site(`,"jd":114.5`), true, "coordinates"},
		{"coordinate as text", site(`,"jd":"114.5","wd":"38.0"`), true, "data.list"},
		{"negative capacity", site(`,"gm":-4`), true, "gm"},
		{"short region code", site(`,"xzqh":"1304"`), true, "xzqh"},
		{"unknown confidence code", site(`,"kxd":"H"`), true, "kxd"},
		{"bad fact date", site(`,"ssrq":"2024-03","ssrqjqd":"M"`), true, "ssrq"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			url := start(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(tc.body)) }))
			c := newClient(t, url, "k", cache.Policy{})
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
}
