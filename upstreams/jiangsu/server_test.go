package jiangsu_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"civgraph/upstreams/dataset"
	"civgraph/upstreams/jiangsu"
)

func TestValidation(t *testing.T) {
	ds, err := dataset.Load(dataset.Options{SampleSitesPerProvince: 5})
	if err != nil {
		t.Fatal(err)
	}
	h := jiangsu.New(ds, jiangsu.Options{})
	cases := []struct {
		name, token, query string
		want               int
	}{
		{"ok", jiangsu.DemoToken, "resid=mz_task&page=1&rows=10", jiangsu.ErrOK},
		{"bad token", "x", "resid=mz_task&page=1&rows=10", jiangsu.ErrBadToken},
		{"rows over 100", jiangsu.DemoToken, "resid=mz_task&page=1&rows=101", jiangsu.ErrBadParams},
		{"no page", jiangsu.DemoToken, "resid=mz_task&rows=10", jiangsu.ErrBadParams},
		{"unknown resource", jiangsu.DemoToken, "resid=nope&page=1&rows=10", jiangsu.ErrBadParams},
		{"bad date", jiangsu.DemoToken, "resid=mz_task&page=1&rows=10&start_date=2024-03-01", jiangsu.ErrBadParams},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/opendata/api?"+c.query, nil)
			req.Header.Set("Authorization", "Bearer "+c.token)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			var env struct {
				Errcode      int
				Totalrecords int
				Data         string
			}
			if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &env) != nil {
				t.Fatalf("HTTP %d %s: errors must come inside HTTP 200 envelopes", rec.Code, rec.Body)
			}
			if env.Errcode != c.want {
				t.Fatalf("errcode %d, want %d", env.Errcode, c.want)
			}
			if c.want == jiangsu.ErrOK {
				var rows []json.RawMessage
				if json.Unmarshal([]byte(env.Data), &rows) != nil || len(rows) == 0 || env.Totalrecords == 0 {
					t.Fatalf("data must be a JSON array inside a string: %q", env.Data)
				}
			}
		})
	}
}
