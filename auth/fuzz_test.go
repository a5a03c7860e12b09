package auth_test

import (
	"net/http/httptest"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"github.com/civgraph/civgraph/auth"
	"github.com/civgraph/civgraph/config"
)

// FuzzAuthenticate: any header value is either the identity of a valid
// credential or an UNAUTHENTICATED error; never a panic, never an
// identity for a forged token.
func FuzzAuthenticate(f *testing.F) {
	f.Add("Bearer " + signHS256(f, claims(nil)))
	f.Add("Bearer " + signHS256(f, claims(func(c jwt.MapClaims) { c["provinces"] = "HEBEI" })))
	f.Add("Bearer " + signRS256(f, testRSAKey, testKID, claims(nil)))
	f.Add("Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")
	f.Add("Bearer ")
	f.Add("Basic Zm9vOmJhcg==")
	f.Add("bearer a.b")
	a, err := auth.New(config.AuthConfig{Required: true, JWT: config.JWTConfig{
		HS256Secret: testSecret, JWKSFile: writeJWKS(f, testRSAKey, testKID), Audience: testAudience,
	}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, authz string) {
		r := httptest.NewRequest("GET", "/graphql", nil)
		r.Header.Set("Authorization", authz)
		id, ok, err := a.Authenticate(r)
		if err == nil && (!ok || id.Name != "jwt:alice") {
			t.Fatalf("%q gave %+v, %v", authz, id, ok)
		}
	})
}
