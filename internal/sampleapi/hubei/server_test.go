package hubei_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	"github.com/civgraph/civgraph/internal/sampleapi/hubei"
)

var epoch = time.Unix(1711000000, 0) // 2024-03-21, the server's clock in these tests

var nonceSeq atomic.Int64

// request builds a signed POST; edit may spoil it.
func request(path, body string, at time.Time, edit func(*http.Request)) *http.Request {
	ts := strconv.FormatInt(at.Unix(), 10)
	nonce := "n" + strconv.FormatInt(nonceSeq.Add(1), 10)
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	req.Header.Set("x-tif-paasid", hubei.DemoPaasID)
	req.Header.Set("x-tif-timestamp", ts)
	req.Header.Set("x-tif-nonce", nonce)
	req.Header.Set("x-tif-signature", hubei.Signature(ts, hubei.DemoToken, nonce))
	if edit != nil {
		edit(req)
	}
	return req
}

type answer struct {
	status int
	Code   string
	Msg    string
	Data   *struct {
		Total int
		Rows  []json.RawMessage
	}
}

func serve(t *testing.T, h http.Handler, req *http.Request) answer {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	a := answer{status: rec.Code}
	if rec.Code != http.StatusMethodNotAllowed && rec.Code != http.StatusNotFound {
		if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
			t.Fatalf("HTTP %d body %q is not the envelope: %v", rec.Code, rec.Body, err)
		}
	}
	return a
}

func TestValidation(t *testing.T) {
	ds, err := dataset.Load(dataset.Options{SampleSitesPerProvince: 150})
	if err != nil {
		t.Fatal(err)
	}
	h := hubei.New(ds, hubei.Options{Now: func() time.Time { return epoch }})
	resign := func(token string) func(*http.Request) {
		return func(r *http.Request) {
			r.Header.Set("x-tif-signature", hubei.Signature(r.Header.Get("x-tif-timestamp"), token, r.Header.Get("x-tif-nonce")))
		}
	}
	for _, c := range []struct {
		name, path, body string
		at               time.Time
		edit             func(*http.Request)
		status           int
		code             string
	}{
		{"ok", "/ebus/mz/sites/query", `{"pageNo":1,"pageSize":10}`, epoch, nil, 200, hubei.CodeOK},
		{"filters", "/ebus/mz/tasks/query", `{"pageNo":1,"pageSize":10,"businessField":"FUNERAL_MANAGEMENT","startDate":"2024-01-01","endDate":"2024-12-31","areaCode":"420000","keyword":"清明","sourceId":"HUB-MTG-2024-001","id":"HUB-TASK-005"}`, epoch, nil, 200, hubei.CodeOK},
		{"page size over 100", "/ebus/mz/sites/query", `{"pageNo":1,"pageSize":101}`, epoch, nil, 400, hubei.CodeBadParam},
		{"page size zero", "/ebus/mz/sites/query", `{"pageNo":1,"pageSize":0}`, epoch, nil, 400, hubei.CodeBadParam},
		{"page number zero", "/ebus/mz/sites/query", `{"pageNo":0,"pageSize":10}`, epoch, nil, 400, hubei.CodeBadParam},
		{"page number huge", "/ebus/mz/sites/query", `{"pageNo":9223372036854775807,"pageSize":100}`, epoch, nil, 400, hubei.CodeBadParam},
		{"page number as text", "/ebus/mz/sites/query", `{"pageNo":"1","pageSize":10}`, epoch, nil, 400, hubei.CodeBadParam},
		{"unknown field", "/ebus/mz/sites/query", `{"pageNo":1,"pageSize":10,"x":1}`, epoch, nil, 400, hubei.CodeBadParam},
		{"trailing content", "/ebus/mz/sites/query", `{"pageNo":1,"pageSize":10}{}`, epoch, nil, 400, hubei.CodeBadParam},
		{"not json", "/ebus/mz/sites/query", `pageNo=1`, epoch, nil, 400, hubei.CodeBadParam},
		{"bad date", "/ebus/mz/sites/query", `{"pageNo":1,"pageSize":10,"startDate":"2024年3月1日"}`, epoch, nil, 400, hubei.CodeBadParam},
		{"unknown business field", "/ebus/mz/tasks/query", `{"pageNo":1,"pageSize":10,"businessField":"GAMBLING"}`, epoch, nil, 400, hubei.CodeBadParam},
		{"unknown site type", "/ebus/mz/sites/query", `{"pageNo":1,"pageSize":10,"siteType":"CASINO"}`, epoch, nil, 400, hubei.CodeBadParam},
		{"missing signature", "/ebus/mz/sites/query", `{"pageNo":1,"pageSize":10}`, epoch, func(r *http.Request) { r.Header.Del("x-tif-signature") }, 401, hubei.CodeBadSignature},
		{"unknown paas id", "/ebus/mz/sites/query", `{"pageNo":1,"pageSize":10}`, epoch, func(r *http.Request) { r.Header.Set("x-tif-paasid", "other") }, 401, hubei.CodeBadSignature},
		{"wrong token", "/ebus/mz/sites/query", `{"pageNo":1,"pageSize":10}`, epoch, resign("guess"), 401, hubei.CodeBadSignature},
		{"lower-case signature", "/ebus/mz/sites/query", `{"pageNo":1,"pageSize":10}`, epoch, func(r *http.Request) {
			r.Header.Set("x-tif-signature", strings.ToLower(r.Header.Get("x-tif-signature")))
		}, 401, hubei.CodeBadSignature},
		{"timestamp too old", "/ebus/mz/sites/query", `{"pageNo":1,"pageSize":10}`, epoch.Add(-301 * time.Second), nil, 401, hubei.CodeClockSkew},
		{"timestamp ahead", "/ebus/mz/sites/query", `{"pageNo":1,"pageSize":10}`, epoch.Add(6 * time.Minute), nil, 401, hubei.CodeClockSkew},
		{"timestamp at the limit", "/ebus/mz/sites/query", `{"pageNo":1,"pageSize":10}`, epoch.Add(-300 * time.Second), nil, 200, hubei.CodeOK},
		{"timestamp in ms", "/ebus/mz/sites/query", `{"pageNo":1,"pageSize":10}`, epoch, func(r *http.Request) {
			r.Header.Set("x-tif-timestamp", strconv.FormatInt(epoch.UnixMilli(), 10))
			resign(hubei.DemoToken)(r)
		}, 401, hubei.CodeClockSkew},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := serve(t, h, request(c.path, c.body, c.at, c.edit))
			if a.status != c.status || a.Code != c.code || a.Msg == "" {
				t.Fatalf("HTTP %d code %q msg %q; want %d %q", a.status, a.Code, a.Msg, c.status, c.code)
			}
			if c.status == 200 && (a.Data == nil || a.Data.Total == 0 || len(a.Data.Rows) == 0) {
				t.Fatalf("no rows in a successful answer: %+v", a.Data)
			}
		})
	}
	t.Run("GET is not allowed", func(t *testing.T) {
		req := request("/ebus/mz/sites/query", "", epoch, nil)
		req.Method = http.MethodGet
		if a := serve(t, h, req); a.status != http.StatusMethodNotAllowed {
			t.Fatalf("HTTP %d", a.status)
		}
	})
	t.Run("past the last page", func(t *testing.T) {
		a := serve(t, h, request("/ebus/mz/sites/query", `{"pageNo":99,"pageSize":100}`, epoch, nil))
		if a.status != 200 || a.Data == nil || a.Data.Total == 0 || len(a.Data.Rows) != 0 {
			t.Fatalf("HTTP %d data %+v; want the total and no rows", a.status, a.Data)
		}
	})
}

func TestReplayAndNonceStore(t *testing.T) {
	now := epoch
	h := hubei.New(dataset.New(nil), hubei.Options{Now: func() time.Time { return now }, MaxNonces: 3, Skew: time.Minute})
	body := `{"pageNo":1,"pageSize":1}`
	first := request("/ebus/mz/meetings/query", body, now, nil)
	replay := func() *http.Request {
		return request("/ebus/mz/meetings/query", body, now, func(r *http.Request) { r.Header = first.Header.Clone() })
	}
	if a := serve(t, h, first); a.Code != hubei.CodeOK {
		t.Fatalf("first request: %+v", a)
	}
	if a := serve(t, h, replay()); a.status != 401 || a.Code != hubei.CodeReplay {
		t.Fatalf("replay: HTTP %d code %s, want 401 %s", a.status, a.Code, hubei.CodeReplay)
	}
	for range 2 {
		if a := serve(t, h, request("/ebus/mz/meetings/query", body, now, nil)); a.Code != hubei.CodeOK {
			t.Fatalf("filling the store: %+v", a)
		}
	}
	// Three live nonces fill the store: the gateway refuses new requests
	// rather than forget a nonce that could still be replayed.
	if a := serve(t, h, request("/ebus/mz/meetings/query", body, now, nil)); a.status != 429 || a.Code != hubei.CodeRateLimited {
		t.Fatalf("full store: HTTP %d code %s, want 429 %s", a.status, a.Code, hubei.CodeRateLimited)
	}
	// Two skews later the nonces have expired and room is made; the old
	// request now fails on its timestamp instead.
	now = now.Add(2*time.Minute + time.Second)
	if a := serve(t, h, request("/ebus/mz/meetings/query", body, now, nil)); a.Code != hubei.CodeOK {
		t.Fatalf("after expiry: %+v", a)
	}
	if a := serve(t, h, replay()); a.Code != hubei.CodeClockSkew {
		t.Fatalf("stale replay: code %s, want %s", a.Code, hubei.CodeClockSkew)
	}
}

// onSecond injects f into the second request only.
func onSecond(f hubei.Fault) func(int) hubei.Fault {
	return func(n int) hubei.Fault {
		if n == 2 {
			return f
		}
		return hubei.FaultNone
	}
}

func TestFaults(t *testing.T) {
	for _, c := range []struct {
		name   string
		opts   hubei.Options
		status []int // answers to three requests
		code   string
	}{
		{"every second request 503", hubei.Options{FailEvery: 2}, []int{200, 503, 200}, hubei.CodeUnavailable},
		{"rate limited", hubei.Options{Fault: onSecond(hubei.FaultRateLimited)}, []int{200, 429, 200}, hubei.CodeRateLimited},
		{"busy in 200", hubei.Options{Fault: onSecond(hubei.FaultBusy)}, []int{200, 200, 200}, hubei.CodeBusy},
		{"business error in 200", hubei.Options{Fault: onSecond(hubei.FaultError)}, []int{200, 200, 200}, hubei.CodeFailure},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.opts.Now = func() time.Time { return epoch }
			h := hubei.New(dataset.New(nil), c.opts)
			for i, status := range c.status {
				a := serve(t, h, request("/ebus/mz/documents/query", `{"pageNo":1,"pageSize":10}`, epoch, nil))
				want := hubei.CodeOK
				if i == 1 {
					want = c.code
				}
				if a.status != status || a.Code != want {
					t.Fatalf("request %d: HTTP %d code %s, want %d %s", i+1, a.status, a.Code, status, want)
				}
			}
		})
	}
}
