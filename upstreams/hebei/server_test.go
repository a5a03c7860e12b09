package hebei_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"civgraph/upstreams/dataset"
	"civgraph/upstreams/hebei"
)

func TestValidation(t *testing.T) {
	ds, err := dataset.Load(dataset.Options{SampleSitesPerProvince: 5})
	if err != nil {
		t.Fatal(err)
	}
	h := hebei.New(ds, hebei.Options{})
	cases := []struct {
		name, key, query string
		wantCode         int
	}{
		{"ok", hebei.DemoAppKey, "pageNum=1&pageSize=10", hebei.CodeOK},
		{"no key", "", "pageNum=1&pageSize=10", hebei.CodeBadAppKey},
		{"page size too large", hebei.DemoAppKey, "pageNum=1&pageSize=101", hebei.CodeBadParam},
		{"page zero", hebei.DemoAppKey, "pageNum=0&pageSize=10", hebei.CodeBadParam},
		{"page not a number", hebei.DemoAppKey, "pageNum=x", hebei.CodeBadParam},
		{"bad date", hebei.DemoAppKey, "kssj=2024/03/01", hebei.CodeBadParam},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/api/v1/fwcs/list?"+c.query, nil)
			if c.key != "" {
				req.Header.Set("appKey", c.key)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			var env struct {
				Code    int
				Success bool
				Data    *struct{ Total int }
			}
			if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &env) != nil {
				t.Fatalf("HTTP %d %s: business errors must come inside HTTP 200 envelopes", rec.Code, rec.Body)
			}
			if env.Code != c.wantCode || env.Success != (c.wantCode == hebei.CodeOK) {
				t.Fatalf("code %d success %v, want %d", env.Code, env.Success, c.wantCode)
			}
			if c.wantCode == hebei.CodeOK && (env.Data == nil || env.Data.Total == 0) {
				t.Fatalf("no data in a successful answer: %s", rec.Body)
			}
		})
	}
}
