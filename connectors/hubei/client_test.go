package hubei_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"civgraph/connectors"
	"civgraph/connectors/cache"
	"civgraph/connectors/hubei"
	"civgraph/connectors/sourcetest"
	"civgraph/connectors/upstream"
	"civgraph/upstreams/dataset"
	upstreamhubei "civgraph/upstreams/hubei"
)

var fastRetries = upstream.Config{RetryMax: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond}

func start(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func newClient(t *testing.T, url string, opts ...connectors.Option) *hubei.Client {
	t.Helper()
	c, err := hubei.New(hubei.Config{BaseURL: url, PaasID: upstreamhubei.DemoPaasID, Token: upstreamhubei.DemoToken, HTTP: fastRetries}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func fixture(t *testing.T) *dataset.Dataset {
	t.Helper()
	ds, err := dataset.Load(dataset.Options{SampleSitesPerProvince: 20})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func TestConformance(t *testing.T) {
	sourcetest.Run(t, func(t *testing.T, ds *dataset.Dataset) connectors.Source {
		return newClient(t, start(t, upstreamhubei.New(ds, upstreamhubei.Options{})))
	})
}

func code(err error) connectors.Code {
	if ue, ok := connectors.AsUpstreamError(err); ok {
		return ue.Code
	}
	return ""
}

func TestRetryIsSignedAfresh(t *testing.T) {
	var mu sync.Mutex
	var nonces []string
	h := upstreamhubei.New(fixture(t), upstreamhubei.Options{FailEvery: 2, OnNonce: func(n string) {
		mu.Lock()
		defer mu.Unlock()
		nonces = append(nonces, n)
	}})
	c := newClient(t, start(t, h))
	// The first request succeeds; the second answers 503 and is retried.
	for range 2 {
		if _, err := c.Meetings(context.Background(), connectors.Query{Limit: 5}); err != nil {
			t.Fatalf("a retry after 503 must be accepted, not rejected as a replay: %v", err)
		}
	}
	if len(nonces) != 3 || nonces[1] == nonces[2] {
		t.Fatalf("nonces = %v; want three accepted requests, the retry with a new nonce", nonces)
	}
}

func TestClockSkewIsRejected(t *testing.T) {
	url := start(t, upstreamhubei.New(fixture(t), upstreamhubei.Options{}))
	skewed := newClient(t, url, connectors.WithClock(func() time.Time { return time.Now().Add(10 * time.Minute) }))
	if _, err := skewed.Tasks(context.Background(), connectors.Query{Limit: 1}); code(err) != connectors.CodeAuth {
		t.Fatalf("err = %v, want SOURCE_AUTH_FAILED for a skewed clock", err)
	}
}

func TestWrongTokenIsRejected(t *testing.T) {
	url := start(t, upstreamhubei.New(fixture(t), upstreamhubei.Options{}))
	c, _ := hubei.New(hubei.Config{BaseURL: url, PaasID: upstreamhubei.DemoPaasID, Token: "wrong", HTTP: fastRetries})
	if _, err := c.Tasks(context.Background(), connectors.Query{Limit: 1}); code(err) != connectors.CodeAuth {
		t.Fatalf("err = %v, want SOURCE_AUTH_FAILED", err)
	}
}

func TestReplayIsRejected(t *testing.T) {
	url := start(t, upstreamhubei.New(fixture(t), upstreamhubei.Options{}))
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	send := func() int {
		req, _ := http.NewRequest(http.MethodPost, url+"/ebus/mz/tasks/query", bytes.NewReader([]byte(`{"pageNo":1,"pageSize":5}`)))
		req.Header.Set("x-tif-paasid", upstreamhubei.DemoPaasID)
		req.Header.Set("x-tif-timestamp", ts)
		req.Header.Set("x-tif-nonce", "fixed-nonce")
		req.Header.Set("x-tif-signature", upstreamhubei.Signature(ts, upstreamhubei.DemoToken, "fixed-nonce"))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if first := send(); first != http.StatusOK {
		t.Fatalf("first request: HTTP %d", first)
	}
	if second := send(); second != http.StatusUnauthorized {
		t.Fatalf("replayed request: HTTP %d, want 401", second)
	}
}

func TestDateForms(t *testing.T) {
	meeting := func(date string) string {
		return `{"code":"0","msg":"成功","data":{"total":1,"rows":[{"meetingId":"m","meetingName":"t","meetingType":"WORK_CONFERENCE","meetingDate":{"value":"` + date + `","wording":"w"}}]}}`
	}
	cases := []struct {
		value, want string
		precision   string
		ok          bool
	}{
		{"2024年3月20日", "2024-03-20", "DAY", true},
		{"2024年3月", "2024-03-01", "MONTH", true},
		{"2024年", "2024-01-01", "YEAR", true},
		{"", "0001-01-01", "UNKNOWN", true},
		{"2024-03-20", "", "", false},
		{"2024年2月30日", "", "", false},
		{"二〇二四年三月", "", "", false},
	}
	for _, c := range cases {
		t.Run(c.value, func(t *testing.T) {
			url := start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(meeting(c.value))) }))
			res, err := newClient(t, url).Meetings(context.Background(), connectors.Query{Limit: 1})
			if !c.ok {
				if code(err) != connectors.CodeBadResponse {
					t.Fatalf("err = %v, want SOURCE_BAD_RESPONSE", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			d := res.Items[0].Date
			if d.Date.Format(time.DateOnly) != c.want || string(d.Precision) != c.precision || d.Text != "w" {
				t.Fatalf("date = %+v, want %s at %s", d, c.want, c.precision)
			}
		})
	}
}

func TestMalformedPayloads(t *testing.T) {
	for name, body := range map[string]string{
		"not json":      `oops`,
		"no total":      `{"code":"0","data":{"rows":[]}}`,
		"rows not list": `{"code":"0","data":{"total":1,"rows":{}}}`,
		"bad site type": `{"code":"0","data":{"total":1,"rows":[{"siteId":"s","siteName":"n","siteType":"CASINO"}]}}`,
		"bad coords":    `{"code":"0","data":{"total":1,"rows":[{"siteId":"s","siteName":"n","siteType":"CEMETERY","lat":91,"lng":114}]}}`,
	} {
		t.Run(name, func(t *testing.T) {
			url := start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(body)) }))
			if _, err := newClient(t, url).ServiceSites(context.Background(), connectors.Query{Limit: 1}); code(err) != connectors.CodeBadResponse {
				t.Fatalf("err = %v, want SOURCE_BAD_RESPONSE", err)
			}
		})
	}
}

func TestCacheHit(t *testing.T) {
	url := start(t, upstreamhubei.New(fixture(t), upstreamhubei.Options{}))
	c, _ := hubei.New(hubei.Config{BaseURL: url, PaasID: upstreamhubei.DemoPaasID, Token: upstreamhubei.DemoToken, HTTP: fastRetries, Cache: cache.Policy{TTL: time.Minute}})
	first, err1 := c.Tasks(context.Background(), connectors.Query{Limit: 3})
	second, err2 := c.Tasks(context.Background(), connectors.Query{Limit: 3})
	if err1 != nil || err2 != nil || first.Meta.Cached || !second.Meta.Cached {
		t.Fatalf("cached %v/%v, errs %v %v; want a miss then a hit", first.Meta.Cached, second.Meta.Cached, err1, err2)
	}
}
