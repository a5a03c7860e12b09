package jiangsu_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	samplejiangsu "github.com/civgraph/civgraph/internal/sampleapi/jiangsu"
)

// TestFaultsAreRetried: the portal's retryable answers (10004, 10009, a
// 502 from its proxy) are retried, for the API and the bulk file alike,
// and surface with the right code once retries are spent.
func TestFaultsAreRetried(t *testing.T) {
	const attempts = 4 // fastRetries.RetryMax + 1
	calls := map[string]func(*testing.T, string) error{
		"api": func(t *testing.T, url string) error {
			_, err := newClient(t, demoConfig(url)).Tasks(context.Background(), connectors.Query{Limit: 3})
			return err
		},
		"bulk": func(t *testing.T, url string) error {
			_, err := newClient(t, demoConfig(url)).ServiceSites(context.Background(), connectors.Query{Limit: 3})
			return err
		},
	}
	for _, c := range []struct {
		name  string
		fault samplejiangsu.Fault
		want  connectors.Code
	}{
		{"rate limited", samplejiangsu.FaultRateLimited, connectors.CodeRateLimited},
		{"internal", samplejiangsu.FaultInternal, connectors.CodeUnavailable},
		{"bad gateway", samplejiangsu.FaultBadGateway, connectors.CodeUnavailable},
	} {
		for what, call := range calls {
			t.Run(c.name+" once "+what, func(t *testing.T) {
				url, n := portal(t, fixture(), samplejiangsu.Options{Fault: func(i int) samplejiangsu.Fault {
					return map[bool]samplejiangsu.Fault{true: c.fault}[i == 1]
				}})
				if err := call(t, url); err != nil {
					t.Fatalf("one %s answer must be retried: %v", c.name, err)
				}
				if got := n.all.Load(); got != 2 {
					t.Fatalf("%d requests, want 2 (one retry)", got)
				}
			})
			t.Run(c.name+" always "+what, func(t *testing.T) {
				url, n := portal(t, fixture(), samplejiangsu.Options{Fault: func(int) samplejiangsu.Fault { return c.fault }})
				if err := call(t, url); code(err) != c.want {
					t.Fatalf("err = %v, want %s", err, c.want)
				}
				if got := n.all.Load(); got != attempts {
					t.Fatalf("%d requests, want %d", got, attempts)
				}
			})
		}
	}
}

// TestBusinessErrors: envelopes that are not worth retrying surface at
// once with their code, and are not cached.
func TestBusinessErrors(t *testing.T) {
	for _, c := range []struct {
		errcode int
		want    connectors.Code
	}{
		{10001, connectors.CodeAuth},
		{10002, connectors.CodeAuth},
		{10003, connectors.CodeAuth},
		{10006, connectors.CodeUnavailable},
		{10007, connectors.CodeBusiness},
		{10008, connectors.CodeInvalidQuery},
		{10042, connectors.CodeBusiness},
	} {
		t.Run(strconv.Itoa(c.errcode), func(t *testing.T) {
			body := `{"errcode":` + strconv.Itoa(c.errcode) + `,"result":"出错了","totalrecords":0,"data":""}`
			url, n := counted(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(body))
			}))
			cl := newClient(t, withPolicy(demoConfig(url), cache.Policy{TTL: time.Minute}))
			for i := range 2 {
				if _, err := cl.Meetings(context.Background(), connectors.Query{Limit: 1}); code(err) != c.want {
					t.Fatalf("api call %d: err = %v, want %s", i+1, err, c.want)
				}
			}
			if got := n.all.Load(); got != 2 {
				t.Fatalf("%d requests for 2 calls, want 2: no retry, and the error is not cached", got)
			}
			if _, err := cl.ServiceSites(context.Background(), connectors.Query{Limit: 1}); code(err) != c.want {
				t.Fatalf("bulk file: err = %v, want %s", err, c.want)
			}
		})
	}
}

// TestBadQuery: filters the portal would refuse are refused without a request.
func TestBadQuery(t *testing.T) {
	url, n := portal(t, fixture(), samplejiangsu.Options{})
	cl := newClient(t, demoConfig(url))
	for name, q := range map[string]connectors.Query{
		"letters in region": {Filter: civ.Filter{RegionCode: "32ab00"}, Limit: 1},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := cl.Tasks(context.Background(), q); code(err) != connectors.CodeInvalidQuery {
				t.Fatalf("tasks: err = %v, want BAD_USER_INPUT", err)
			}
			if _, err := cl.ServiceSites(context.Background(), q); code(err) != connectors.CodeInvalidQuery {
				t.Fatalf("sites: err = %v, want BAD_USER_INPUT", err)
			}
		})
	}
	if got := n.all.Load(); got != 0 {
		t.Fatalf("%d requests for refused queries, want 0", got)
	}
}

// TestMalformed: broken answers become SOURCE_BAD_RESPONSE saying what
// was wrong.
func TestMalformed(t *testing.T) {
	gb := func(s string) string { out, _ := simplifiedchinese.GB18030.NewEncoder().String(s); return out }
	header := "site_id,site_type,name,address,region_code,lng,lat,capacity,phone,opening_hours,update_time,sample,source\n"
	good := "a,CEMETERY,名,址,320412,119.9,31.7,10,,,20240321093000,0,s\n"
	api := func(data string) string {
		return `{"errcode":0,"result":"success","totalrecords":1,"data":` + strconv.Quote(data) + `}`
	}
	for _, c := range []struct {
		name, body, want string
		bulk             bool
	}{
		{"not json", "<html>维护中</html>", "envelope", false},
		{"no errcode", `{"data":"[]","totalrecords":0}`, "envelope", false},
		{"data not a string", `{"errcode":0,"totalrecords":1,"data":[1]}`, "envelope", false},
		{"data string not array", `{"errcode":0,"totalrecords":1,"data":"{}"}`, "JSON array", false},
		{"data string null", `{"errcode":0,"totalrecords":1,"data":"null"}`, "JSON array", false},
		{"no totalrecords", `{"errcode":0,"data":"[]"}`, "totalrecords", false},
		{"negative total", `{"errcode":0,"totalrecords":-1,"data":"[]"}`, "totalrecords", false},
		{"short page", `{"errcode":0,"totalrecords":5,"data":"[]"}`, "should have 5", false},
		{"wrong type", api(`[{"task_id":7}]`), "wrong shape", false},
		{"unknown domain", api(`[{"task_id":"t","task_name":"n","field":"GAMBLING","origin_type":"MEETING"}]`), "GAMBLING", false},
		{"unknown origin", api(`[{"task_id":"t","task_name":"n","field":"ELDERLY_MEALS","origin_type":"RUMOUR"}]`), "RUMOUR", false},
		{"no id", api(`[{"task_name":"n"}]`), "task_id", false},
		{"bad target date", api(`[{"task_id":"t","task_name":"n","field":"ELDERLY_MEALS","origin_type":"MEETING","targets":[{"due_date":{"value":"2025-12"}}]}]`), "target 1", false},
		{"bad region", api(`[{"meeting_id":"m","meeting_name":"n","meeting_type":"WORK_CONFERENCE","region_code":"3211"}]`), "region_code", false},
		{"csv not gb18030 csv", "\x00\x01", "header", true},
		{"csv header lacks column", gb("site_id,name\n1,x\n"), "lacks column", true},
		{"csv bad type", gb(header + good + "b,CASINO,名,址,320000,,,,,,,0,s\n"), "line 3", true},
		{"csv bad sample flag", gb(header + "a,CEMETERY,名,址,320000,,,,,,,yes,s\n"), "sample", true},
		{"csv short row", gb(header + good + "b,CEMETERY\n"), "line 3", true},
		{"csv one coordinate", gb(header + "a,CEMETERY,名,址,320000,119.9,,,,,,0,s\n"), "coordinates", true},
		{"csv coordinate out of range", gb(header + "a,CEMETERY,名,址,320000,119.9,95,,,,,0,s\n"), "coordinates", true},
		{"csv bad capacity", gb(header + "a,CEMETERY,名,址,320000,,,-3,,,,0,s\n"), "capacity", true},
		{"csv bad time", gb(header + "a,CEMETERY,名,址,320000,,,,,,2024-03-21,0,s\n"), "update_time", true},
		{"csv duplicate id", gb(header + good + good), "on data rows 1 and 2", true},
		{"csv bad confidence", gb("site_id,site_type,name,address,region_code,lng,lat,capacity,phone,opening_hours,update_time,sample,source,confidence\n" +
			"a,CEMETERY,名,址,320412,,,,,,,0,s,SURE\n"), "confidence", true},
		{"csv bad capacity_approx", gb("site_id,site_type,name,address,region_code,lng,lat,capacity,phone,opening_hours,update_time,sample,source,capacity_approx\n" +
			"a,CEMETERY,名,址,320412,,,10,,,,0,s,yes\n"), "capacity_approx", true},
		{"csv bad fact date", gb("site_id,site_type,name,address,region_code,lng,lat,capacity,phone,opening_hours,update_time,sample,source,fact_date\n" +
			"a,CEMETERY,名,址,320412,,,,,,,0,s,2024-03\n"), "fact_date", true},
		{"csv unterminated quote", gb(header + good + "b,CEMETERY,\"名,址\n"), "line 3", true},
		{"csv row after a multi-line name", gb(header + "a,CEMETERY,\"名\n二期\",址,320000,,,,,,,0,s\n" + "b,CASINO,名,址,320000,,,,,,,0,s\n"), "line 4", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			url := start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(c.body)) }))
			cl := newClient(t, demoConfig(url))
			var err error
			if c.bulk {
				_, err = cl.ServiceSites(context.Background(), connectors.Query{Limit: 1})
			} else {
				_, err = cl.Tasks(context.Background(), connectors.Query{Limit: 10})
				if strings.Contains(c.body, "meeting_id") {
					_, err = cl.Meetings(context.Background(), connectors.Query{Limit: 10})
				}
			}
			ue, ok := connectors.AsUpstreamError(err)
			if !ok || ue.Code != connectors.CodeBadResponse {
				t.Fatalf("err = %v, want SOURCE_BAD_RESPONSE", err)
			}
			if !strings.Contains(ue.Message, c.want) {
				t.Fatalf("message %q does not say %q", ue.Message, c.want)
			}
		})
	}
}
