package kit_test

import (
	"bytes"
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
	// Member names match fields regardless of case, as with encoding/json.
	if rows, _, err := decode([]byte(`{"list":[{"id":"a"}],"total":1}`)); err != nil || len(rows) != 1 || rows[0].ID != "a" {
		t.Fatalf("a lower-case member: got %v, %v", rows, err)
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

func TestDecodeRowsKeepsInvalidUTF8AsReplacement(t *testing.T) {
	type row struct{ ID string }
	rows, _, err := kit.DecodeRows[row]("list", "total")([]byte("{\"list\":[{\"ID\":\"a\xffb\"}],\"total\":1}"))
	if err != nil || len(rows) != 1 || rows[0].ID != "a\uFFFDb" {
		t.Fatalf("got %q, %v; want one row a\uFFFDb", rows, err)
	}
}

func TestDecodeEnvelope(t *testing.T) {
	type envelope struct {
		Code *int       `json:"code"`
		Msg  string     `json:"msg"`
		Data kit.Span   `json:"data"`
		Text kit.Quoted `json:"text"`
	}
	body := []byte(` {"code":0,"msg":"ok","data": {"list":[1, 2]} ,"text":"{\"a\":\"\u6c5f\"}"}`)
	var env envelope
	if err := kit.DecodeEnvelope(body, &env); err != nil {
		t.Fatal(err)
	}
	if env.Code == nil || *env.Code != 0 || env.Msg != "ok" || string(env.Data) != `{"list":[1, 2]}` || string(env.Text) != `{"a":"江"}` {
		t.Fatalf("got %+v, data %s, text %s", env, env.Data, env.Text)
	}
	// The span is the body's own bytes, not a copy.
	if &env.Data[0] != &body[bytes.IndexByte(body, '{')+len(`{"code":0,"msg":"ok","data": `)] {
		t.Error("data was copied out of the body")
	}
	var nulls envelope
	if err := kit.DecodeEnvelope([]byte(`{"data":null,"text":null}`), &nulls); err != nil || string(nulls.Data) != "null" || nulls.Text != nil {
		t.Errorf("nulls: %+v, %v", nulls, err)
	}
	for _, bad := range []string{
		`{"code":0,"data":{"list":[}}`, // a syntax error inside the span is still found
		`{"code":0,"data":{}} x`,
		`{"code":"0"}`,
		`{"text":7}`,
		`{"text":"\x"}`,
		`[]`,
		``,
	} {
		var env envelope
		if err := kit.DecodeEnvelope([]byte(bad), &env); err == nil {
			t.Errorf("%s: decoded %+v, want an error", bad, env)
		}
	}
}
