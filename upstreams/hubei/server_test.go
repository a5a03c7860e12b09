package hubei_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"civgraph/upstreams/dataset"
	"civgraph/upstreams/hubei"
)

func TestValidation(t *testing.T) {
	ds, err := dataset.Load(dataset.Options{SampleSitesPerProvince: 5})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1711000000, 0)
	h := hubei.New(ds, hubei.Options{Now: func() time.Time { return now }})
	cases := []struct {
		name, body string
		skew       time.Duration
		paas       string
		wantStatus int
		wantCode   string
	}{
		{"ok", `{"pageNo":1,"pageSize":10}`, 0, hubei.DemoPaasID, http.StatusOK, `"code":"0"`},
		{"page size over 100", `{"pageNo":1,"pageSize":101}`, 0, hubei.DemoPaasID, http.StatusBadRequest, hubei.CodeBadParam},
		{"unknown field", `{"pageNo":1,"pageSize":10,"x":1}`, 0, hubei.DemoPaasID, http.StatusBadRequest, hubei.CodeBadParam},
		{"bad date", `{"pageNo":1,"pageSize":10,"startDate":"20240301"}`, 0, hubei.DemoPaasID, http.StatusBadRequest, hubei.CodeBadParam},
		{"unknown paas id", `{"pageNo":1,"pageSize":10}`, 0, "someone", http.StatusUnauthorized, hubei.CodeBadSignature},
		{"timestamp too old", `{"pageNo":1,"pageSize":10}`, -6 * time.Minute, hubei.DemoPaasID, http.StatusUnauthorized, hubei.CodeClockSkew},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ts := strconv.FormatInt(now.Add(c.skew).Unix(), 10)
			nonce := "nonce-" + strconv.Itoa(i)
			req := httptest.NewRequest(http.MethodPost, "/ebus/mz/sites/query", strings.NewReader(c.body))
			req.Header.Set("x-tif-paasid", c.paas)
			req.Header.Set("x-tif-timestamp", ts)
			req.Header.Set("x-tif-nonce", nonce)
			req.Header.Set("x-tif-signature", hubei.Signature(ts, hubei.DemoToken, nonce))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != c.wantStatus || !strings.Contains(rec.Body.String(), c.wantCode) {
				t.Fatalf("HTTP %d %s; want %d with %s", rec.Code, rec.Body, c.wantStatus, c.wantCode)
			}
		})
	}
}
