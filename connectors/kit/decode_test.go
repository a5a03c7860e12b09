package kit_test

import (
	"strings"
	"testing"

	"github.com/civgraph/civgraph/connectors/kit"
)

func TestDecodeRows(t *testing.T) {
	type row struct{ ID string }
	decode := kit.DecodeRows[row]("list", "total")
	rows, total, err := decode([]byte(`{"list":[{"ID":"a"},{"ID":"b"}],"total":7}`))
	if err != nil || total != 7 || len(rows) != 2 || rows[1].ID != "b" {
		t.Fatalf("got %v, %d, %v", rows, total, err)
	}
	for body, want := range map[string]string{
		`null`:                                       "{list, total}",
		`[]`:                                         "{list, total}",
		`{"list":[]}`:                                "data.total",
		`{"list":[],"total":"3"}`:                    "data.total",
		`{"list":[],"total":-1}`:                     "negative",
		`{"list":{},"total":1}`:                      "data.list",
		`{"list":[{"ID":7}],"total":1}`:              "wrong shape",
		`{"list":[],"total":1.5}`:                    "data.total",
		`{"list":[],"total":1e400}`:                  "data.total",
		`{"rows":[],"total":0,"list":1}`:             "data.list",
		`{"list":[],"total":1} x`:                    "{list, total}",
		`{"list":[],"total":1`:                       "{list, total}",
		`{"list":[],"other":[1,,2],"total":1}`:       "{list, total}",
		`{"list":[{"ID":"a"}],"total":1,"total":-2}`: "negative",
		`{"list":[{"ID":7}],"total":"x"}`:            "data.total",
	} {
		if _, _, err := decode([]byte(body)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want one saying %q", body, err, want)
		}
	}
}

func TestTopLevelField(t *testing.T) {
	for body, want := range map[string]string{
		`{"code":5003,"data":{"list":[]}}`: "5003",
		`{"msg":"x","code":"100004"}`:      `"100004"`,
		`{"code":0,"data":` + "\x00broken": "0", // read no further than code
	} {
		got, ok := kit.TopLevelField([]byte(body), "code")
		if !ok || string(got) != want {
			t.Errorf("%s: %s, %v; want %s", body, got, ok, want)
		}
	}
	for _, body := range []string{`[]`, `null`, `{"data":1}`, `{"data":[,],"code":1}`, ``} {
		if got, ok := kit.TopLevelField([]byte(body), "code"); ok {
			t.Errorf("%s: found %s", body, got)
		}
	}
}
