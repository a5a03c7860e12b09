package hebei_test

import (
	"testing"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/sourcetest"
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
	cases := []sourcetest.Malformed{
		{Name: "not json", Body: `<html>502 Bad Gateway</html>`, Say: "envelope"},
		{Name: "no code", Body: `{"msg":"ok","data":{}}`, Say: "envelope"},
		{Name: "code 0 without success", Body: `{"code":0,"success":false,"data":{"list":[],"total":0}}`, Say: "success"},
		{Name: "data null", Body: `{"code":0,"success":true,"data":null}`, Say: "{list, total}"},
		{Name: "no total", Body: `{"code":0,"success":true,"data":{"list":[]}}`, Say: "{list, total}"},
		{Name: "negative total", Body: `{"code":0,"success":true,"data":{"list":[],"total":-3}}`, Say: "negative"},
		{Name: "list not a list", Body: `{"code":0,"success":true,"data":{"list":{},"total":1}}`, Say: "data.list"},
		{Name: "wrong field type", Body: page(`{"id":"x","hymc":"t","hylx":"GZHY","hysj":20240320}`), Say: "data.list"},
		{Name: "fewer rows than the total says", Body: `{"code":0,"success":true,"data":{"list":[],"total":5}}`, Say: "should have"},
		{Name: "missing id", Body: page(`{"hymc":"t","hylx":"GZHY","hysjjqd":"U"}`), Say: "without id"},
		{Name: "unknown meeting kind", Body: page(`{"id":"x","hymc":"t","hylx":"PARTY","hysjjqd":"U"}`), Say: "hylx"},
		{Name: "unknown precision", Body: page(`{"id":"x","hymc":"t","hylx":"GZHY","hysjjqd":"Q"}`), Say: "precision"},
		{Name: "slashed date", Body: page(`{"id":"x","hymc":"t","hylx":"GZHY","hysj":"2024/03/20","hysjjqd":"D"}`), Say: "hysj"},
		{Name: "date-only time", Body: page(`{"id":"x","hymc":"t","hylx":"GZHY","hysj":"2024-03-20","hysjjqd":"D"}`), Say: "hysj"},
		{Name: "known precision without a time", Body: page(`{"id":"x","hymc":"t","hylx":"GZHY","hysj":"","hysjjqd":"M"}`), Say: "hysj"},
		{Name: "unknown date with a time", Body: page(`{"id":"x","hymc":"t","hylx":"GZHY","hysj":"2024-03-20 00:00:00","hysjjqd":"U"}`), Say: "hysj"},
		{Name: "month not on its first day", Body: page(`{"id":"x","hymc":"t","hylx":"GZHY","hysj":"2024-03-20 00:00:00","hysjjqd":"M"}`), Say: "period"},
		{Name: "unknown domain code", Body: page(`{"id":"x","hymc":"t","hylx":"GZHY","hysjjqd":"U","ywly":["XYZ"]}`), Say: "ywly"},
		{Name: "bad report date", Body: page(`{"id":"x","hymc":"t","hylx":"GZHY","hysjjqd":"U","bd":[{"fbsj":"x","fbsjjqd":"D"}]}`), Say: "fbsj"},
		{Name: "bad update time", Body: page(`{"id":"x","hymc":"t","hylx":"GZHY","hysjjqd":"U","gxsj":"yesterday"}`), Say: "gxsj"},
		{Name: "bad meeting region", Body: page(`{"id":"x","hymc":"t","hylx":"GZHY","hysjjqd":"U","xzqh":"邯郸"}`), Say: "xzqh"},
		{Name: "unknown site type", Body: page(`{"id":"s1","csmc":"n","cslx":"CANTEEN"}`), Sites: true, Say: "cslx"},
		{Name: "latitude out of range", Body: site(`,"jd":114.5,"wd":95.0`), Sites: true, Say: "coordinates"},
		{Name: "longitude without latitude", Body: site(`,"jd":114.5`), Sites: true, Say: "coordinates"},
		{Name: "coordinate as text", Body: site(`,"jd":"114.5","wd":"38.0"`), Sites: true, Say: "data.list"},
		{Name: "negative capacity", Body: site(`,"gm":-4`), Sites: true, Say: "gm"},
		{Name: "short region code", Body: site(`,"xzqh":"1304"`), Sites: true, Say: "xzqh"},
		{Name: "unknown confidence code", Body: site(`,"kxd":"H"`), Sites: true, Say: "kxd"},
		{Name: "bad fact date", Body: site(`,"ssrq":"2024-03","ssrqjqd":"M"`), Sites: true, Say: "ssrq"},
	}
	sourcetest.CheckMalformed(t, civ.Hebei, func(url string) connectors.Source { return newClient(t, url, "k", cache.Policy{}) }, cases)
}
