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
		`null`:                           "{list, total}",
		`[]`:                             "{list, total}",
		`{"list":[]}`:                    "data.total",
		`{"list":[],"total":"3"}`:        "data.total",
		`{"list":[],"total":-1}`:         "negative",
		`{"list":{},"total":1}`:          "data.list",
		`{"list":[{"ID":7}],"total":1}`:  "wrong shape",
		`{"list":[],"total":1.5}`:        "data.total",
		`{"list":[],"total":1e400}`:      "data.total",
		`{"rows":[],"total":0,"list":1}`: "data.list",
	} {
		if _, _, err := decode([]byte(body)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want one saying %q", body, err, want)
		}
	}
}
