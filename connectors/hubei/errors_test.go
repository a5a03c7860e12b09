package hubei_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	samplehubei "github.com/civgraph/civgraph/internal/sampleapi/hubei"
)

// faultsFor injects fault into the first n authenticated requests.
func faultsFor(n int, fault samplehubei.Fault) func(int) samplehubei.Fault {
	return func(i int) samplehubei.Fault {
		if i <= n {
			return fault
		}
		return samplehubei.FaultNone
	}
}

func TestGatewayFaults(t *testing.T) {
	const attempts = 4 // fastRetries: RetryMax 3
	for _, c := range []struct {
		name     string
		fault    samplehubei.Fault
		times    int
		want     connectors.Code
		requests int64
	}{
		{"busy once is retried", samplehubei.FaultBusy, 1, "", 2},
		{"busy throughout", samplehubei.FaultBusy, attempts, connectors.CodeUnavailable, attempts},
		{"503 twice is retried", samplehubei.FaultUnavailable, 2, "", 3},
		{"503 throughout", samplehubei.FaultUnavailable, attempts, connectors.CodeUnavailable, attempts},
		{"429 once is retried", samplehubei.FaultRateLimited, 1, "", 2},
		{"429 throughout", samplehubei.FaultRateLimited, attempts, connectors.CodeRateLimited, attempts},
		{"business error is not retried", samplehubei.FaultError, 1, connectors.CodeBusiness, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			url, requests := gateway(t, fixture(), samplehubei.Options{Fault: faultsFor(c.times, c.fault)})
			res, err := newClient(t, demoConfig(url)).ServiceSites(context.Background(), connectors.Query{Limit: 3})
			if code(err) != c.want {
				t.Fatalf("err = %v, want code %q", err, c.want)
			}
			if err == nil && len(res.Items) != 3 {
				t.Fatalf("%d items after recovery, want 3", len(res.Items))
			}
			if n := requests.Load(); n != c.requests {
				t.Fatalf("%d requests, want %d", n, c.requests)
			}
		})
	}
}

// TestErrorsAreNotCached: a business error reaches the caller but not the
// cache; the next call asks again and its answer is cached.
func TestErrorsAreNotCached(t *testing.T) {
	url, requests := gateway(t, fixture(), samplehubei.Options{Fault: faultsFor(1, samplehubei.FaultError)})
	cfg := demoConfig(url)
	cfg.Cache = cache.Policy{TTL: time.Minute}
	c := newClient(t, cfg)
	ctx := context.Background()
	if _, err := c.Tasks(ctx, connectors.Query{Limit: 3}); code(err) != connectors.CodeBusiness {
		t.Fatalf("first call: err = %v, want %s", err, connectors.CodeBusiness)
	}
	for i := range 2 {
		if res, err := c.Tasks(ctx, connectors.Query{Limit: 3}); err != nil || len(res.Items) != 3 || res.Meta.Cached != (i == 1) {
			t.Fatalf("call %d: %d items, cached %v, err %v", i+2, len(res.Items), res.Meta.Cached, err)
		}
	}
	if n := requests.Load(); n != 2 {
		t.Fatalf("%d requests, want 2: the error must not be cached, the success must", n)
	}
}

func TestMalformedPayloads(t *testing.T) {
	const site = `{"siteId":"s","siteName":"n","siteType":"CEMETERY"`
	page := func(row string) string { return `{"code":"0","msg":"成功","data":{"total":1,"rows":[` + row + `]}}` }
	for _, c := range []struct{ name, body, mention string }{
		{"not json", `<html>维护中</html>`, "envelope"},
		{"truncated", `{"code":"0","data":{"total":1,"ro`, "envelope"},
		{"code missing", `{"msg":"成功","data":{"total":0,"rows":[]}}`, "envelope"},
		{"code is a number", `{"code":0,"data":{"total":0,"rows":[]}}`, "envelope"},
		{"data missing", `{"code":"0","msg":"成功"}`, "{rows, total}"},
		{"total missing", `{"code":"0","data":{"rows":[]}}`, "{rows, total}"},
		{"total is a string", `{"code":"0","data":{"total":"1","rows":[]}}`, "{rows, total}"},
		{"total negative", `{"code":"0","data":{"total":-1,"rows":[]}}`, "negative"},
		{"rows not a list", `{"code":"0","data":{"total":1,"rows":{}}}`, "rows"},
		{"fewer rows than total", `{"code":"0","data":{"total":3,"rows":[` + site + `}]}}`, "should have"},
		{"capacity is text", page(site + `,"capacity":"十"}`), "capacity"},
		{"unknown site type", page(`{"siteId":"s","siteName":"n","siteType":"CASINO"}`), "CASINO"},
		{"latitude out of range", page(site + `,"lat":91,"lng":114}`), "coordinates"},
		{"latitude without longitude", page(site + `,"lat":30.5}`), "coordinates"},
		{"bad region code", page(site + `,"areaCode":"武汉"}`), "areaCode"},
		{"bad update time", page(site + `,"updateTime":"2024-03-20 09:00:00"}`), "updateTime"},
		{"impossible update time", page(site + `,"updateTime":"2024年13月1日 09:00:00"}`), "does not exist"},
		{"row without id", page(`{"siteName":"n","siteType":"CEMETERY"}`), "siteId"},
		{"unknown confidence", page(site + `,"confidence":"SURE"}`), "confidence"},
		{"bad fact date", page(site + `,"factDate":{"value":"2024-03-20"}}`), "factDate"},
		{"negative capacity", page(site + `,"capacity":-1}`), "capacity"},
	} {
		t.Run(c.name, func(t *testing.T) {
			url := start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(c.body)) }))
			_, err := newClient(t, demoConfig(url)).ServiceSites(context.Background(), connectors.Query{Limit: 5})
			ue, ok := connectors.AsUpstreamError(err)
			if !ok || ue.Code != connectors.CodeBadResponse || !strings.Contains(ue.Message, c.mention) {
				t.Fatalf("err = %v, want %s whose message mentions %q", err, connectors.CodeBadResponse, c.mention)
			}
		})
	}
}
