package gateway

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// writeResponse writes exactly the bytes json.Marshal would, whether it
// passes the data through as it is or has to escape it.
func TestWriteResponseMatchesJSONMarshal(t *testing.T) {
	yes := true
	errs := gqlerror.List{{Message: "a <b> & c", Path: ast.Path{ast.PathName("x"), ast.PathIndex(1)},
		Extensions: map[string]any{"code": "SOURCE_UNAVAILABLE", "province": "HEBEI"}}}
	ext := map[string]any{"sources": []map[string]any{{"province": "HUBEI", "state": "fresh"}}, "cost": 12}
	for name, resp := range map[string]*graphql.Response{
		"data":                 {Data: json.RawMessage(`{"a":[1,2,{"b":"河北省民政厅"}]}`)},
		"no data":              {Errors: errs},
		"null data":            {Data: json.RawMessage("null"), Errors: errs},
		"data and extensions":  {Data: json.RawMessage(`{"a":"“quoted”"}`), Extensions: ext},
		"everything":           {Data: json.RawMessage(`{"a":1}`), Errors: errs, Extensions: ext},
		"html in data":         {Data: json.RawMessage(`{"url":"https://x.example/?a=1&b=<2>"}`)},
		"line separator":       {Data: json.RawMessage("{\"a\":\"x\u2028y\u2029z\"}")},
		"separator lead alone": {Data: json.RawMessage("{\"a\":\"\u2026\u2030\"}")},
		"incremental":          {Data: json.RawMessage(`{"a":1}`), Label: "l", Path: ast.Path{ast.PathName("a")}, HasNext: &yes},
	} {
		want, err := json.Marshal(resp)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		writeResponse(&got, resp)
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s:\n got %s\nwant %s", name, got.Bytes(), want)
		}
	}
}

// The data passes through unescaped only when encoding/json would leave
// it as it is.
func TestNeedsEscape(t *testing.T) {
	for data, want := range map[string]bool{
		`{"a":"plain 文字"}`: false, `{"a":"“”…"}`: false, `{"a":"<"}`: true, `{"a":">"}`: true, `{"a":"&"}`: true,
		"{\"a\":\"\u2028\"}": true, "{\"a\":\"\u2029\"}": true, "\xe2": false, "\xe2\x80": false,
	} {
		if got := needsEscape([]byte(data)); got != want {
			t.Errorf("needsEscape(%q) = %v, want %v", data, got, want)
		}
	}
}

// BenchmarkWriteResponse writes a page-of-100-sized answer (about 56 KB of
// data) with writeResponse and with json.Marshal, as gqlgen's transport
// does, alternating in the same run, and reports the ratio:
//
//	go test ./gateway -run '^$' -bench WriteResponse -benchmem
func BenchmarkWriteResponse(b *testing.B) {
	row := `{"cursor":"05eyJ2IjoyLCJxIjoiYWJjIiwicyI6WzAsMCwwLDBdLCJlIjoiMDEyMyJ9c2lnbmF0dXJl","node":{"id":"U2VydmljZVNpdGU6SEVCRUk6aGItMDAwMQ","name":"石家庄市长安区社区长者食堂","type":"ELDERLY_CANTEEN","address":"河北省石家庄市长安区建设北大街 12 号","region":{"code":"130102","name":"长安区"},"location":{"lat":38.0501,"lng":114.5202},"capacity":80,"sample":true}}`
	data := `{"serviceSites":{"totalCount":40000,"edges":[` + row
	for range 99 {
		data += "," + row
	}
	data += `],"pageInfo":{"hasNextPage":true,"endCursor":"99x"}}}`
	resp := &graphql.Response{Data: json.RawMessage(data), Extensions: map[string]any{"sources": []string{"HEBEI", "HUBEI"}}}
	var direct, marshalled time.Duration
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		start := time.Now()
		writeResponse(&buf, resp)
		direct += time.Since(start)
		buf.Reset()
		start = time.Now()
		out, _ := json.Marshal(resp)
		buf.Write(out)
		marshalled += time.Since(start)
	}
	b.ReportMetric(float64(direct.Nanoseconds())/float64(b.N), "ns/writeResponse")
	b.ReportMetric(float64(marshalled.Nanoseconds())/float64(b.N), "ns/json.Marshal")
	b.ReportMetric(float64(marshalled)/float64(max(direct, 1)), "x-faster")
}
