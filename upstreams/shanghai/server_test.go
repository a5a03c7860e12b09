package shanghai_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"civgraph/upstreams/dataset"
	"civgraph/upstreams/shanghai"
)

func TestValidation(t *testing.T) {
	ds, err := dataset.Load(dataset.Options{SampleSitesPerProvince: 5})
	if err != nil {
		t.Fatal(err)
	}
	h := shanghai.New(ds, shanghai.Options{})
	cases := []struct {
		name, token, body, wantCode string
	}{
		{"ok", shanghai.DemoToken, `{"limit":10,"offset":0}`, shanghai.CodeOK},
		{"default limit", shanghai.DemoToken, `{}`, shanghai.CodeOK},
		{"bad token", "nope", `{"limit":10}`, shanghai.CodeBadToken},
		{"limit over 100", shanghai.DemoToken, `{"limit":101}`, shanghai.CodeBadParams},
		{"negative offset", shanghai.DemoToken, `{"limit":10,"offset":-1}`, shanghai.CodeBadParams},
		{"unknown field", shanghai.DemoToken, `{"limit":10,"colour":"red"}`, shanghai.CodeBadParams},
		{"unknown org type", shanghai.DemoToken, `{"orgType":1234}`, shanghai.CodeBadParams},
		{"not json", shanghai.DemoToken, `limit=10`, shanghai.CodeBadParams},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, shanghai.PathSites, strings.NewReader(c.body))
			req.Header.Set("token", c.token)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			var out struct{ Code, Data string }
			if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
				t.Fatalf("%s: %v", rec.Body, err)
			}
			if out.Code != c.wantCode {
				t.Fatalf("code %s, want %s", out.Code, c.wantCode)
			}
			if c.wantCode == shanghai.CodeOK {
				var inner struct {
					State bool
					Total int
				}
				if err := json.Unmarshal([]byte(out.Data), &inner); err != nil || !inner.State || inner.Total == 0 {
					t.Fatalf("data must be a JSON string of {state,total,data}: %q", out.Data)
				}
			}
		})
	}
}
