package sourcetest

import "testing"

func TestContainsID(t *testing.T) {
	for body, want := range map[string]bool{
		`{"id":"HEB-SITE-0012"}`:          true,
		`{"id":"HEB-SITE-00123"}`:         false,
		`[\"HEB-SITE-0012\"]`:             true,
		"HEB-SITE-0012,助餐点":               true,
		`{"a":"HEB-SITE-0012X","b":"y"}`:  false,
		`x HEB-SITE-0012-2 HEB-SITE-0012`: true,
		``:                                false,
	} {
		if got := containsID([]byte(body), "HEB-SITE-0012"); got != want {
			t.Errorf("containsID(%s) = %v, want %v", body, got, want)
		}
	}
}
