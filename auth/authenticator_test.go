package auth_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/civgraph/civgraph/auth"
	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
)

const (
	keyAll   = "k-all-3f9c1e7a5b2d4f6081a2b3c4d5e6f708"
	keyHebei = "k-hebei-9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d"
)

func writeKeys(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "keys.yaml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func testConfig(t *testing.T, required bool) config.AuthConfig {
	keys := writeKeys(t, "keys:\n"+
		"  - name: all\n    sha256: "+auth.HashKey(keyAll)+"\n    rate_limit: 7\n"+
		"  - name: hebei-only\n    sha256: "+strings.ToUpper(auth.HashKey(keyHebei))+"\n    provinces: [HEBEI]\n")
	return config.AuthConfig{
		Required:    required,
		APIKeysFile: keys,
		JWT: config.JWTConfig{
			HS256Secret: testSecret, JWKSFile: writeJWKS(t, testRSAKey, testKID),
			Audience: testAudience, Leeway: time.Second, RateLimit: 3,
		},
	}
}

func TestAuthenticate(t *testing.T) {
	a, err := auth.New(testConfig(t, true))
	if err != nil {
		t.Fatal(err)
	}
	optional, err := auth.New(testConfig(t, false))
	if err != nil {
		t.Fatal(err)
	}
	otherKey, _ := rsaKey(t)
	hour := time.Hour
	cases := []struct {
		name    string
		a       *auth.Authenticator
		headers map[string]string
		want    auth.Identity // zero: anonymous or refused
		problem string        // non-empty: refused with this in the message
	}{
		{"no credentials, required", a, nil, auth.Identity{}, "credentials are required"},
		{"no credentials, optional", optional, nil, auth.Identity{}, ""},
		{"api key", a, map[string]string{"X-API-Key": keyAll}, auth.Identity{Name: "all", Method: auth.MethodAPIKey, RateLimit: 7}, ""},
		{"api key with provinces", a, map[string]string{"X-API-Key": keyHebei},
			auth.Identity{Name: "hebei-only", Method: auth.MethodAPIKey, Provinces: []civ.ProvinceCode{civ.Hebei}}, ""},
		{"wrong api key", a, map[string]string{"X-API-Key": keyAll + "x"}, auth.Identity{}, "invalid API key"},
		{"wrong api key, optional", optional, map[string]string{"X-API-Key": "nope"}, auth.Identity{}, "invalid API key"},
		{"huge api key", a, map[string]string{"X-API-Key": strings.Repeat("k", auth.MaxKeyLength+1)}, auth.Identity{}, "invalid API key"},
		{"key and token", a, map[string]string{"X-API-Key": keyAll, "Authorization": "Bearer " + signHS256(t, claims(nil))}, auth.Identity{}, "not both"},
		{"HS256", a, map[string]string{"Authorization": "Bearer " + signHS256(t, claims(nil))},
			auth.Identity{Name: "jwt:alice", Method: auth.MethodJWT, RateLimit: 3}, ""},
		{"HS256 with provinces", a, map[string]string{"Authorization": "bearer " + signHS256(t, claims(func(c jwt.MapClaims) {
			c["provinces"] = []string{"SHANGHAI", "HUBEI"}
		}))}, auth.Identity{Name: "jwt:alice", Method: auth.MethodJWT, RateLimit: 3, Provinces: []civ.ProvinceCode{civ.Shanghai, civ.Hubei}}, ""},
		{"RS256 via JWKS", a, map[string]string{"Authorization": "Bearer " + signRS256(t, testRSAKey, testKID, claims(nil))},
			auth.Identity{Name: "jwt:alice", Method: auth.MethodJWT, RateLimit: 3}, ""},
		{"RS256 unknown kid", a, map[string]string{"Authorization": "Bearer " + signRS256(t, testRSAKey, "other", claims(nil))}, auth.Identity{}, "unknown key"},
		{"RS256 signed by another key", a, map[string]string{"Authorization": "Bearer " + signRS256(t, otherKey, testKID, claims(nil))}, auth.Identity{}, "bad signature"},
		{"expired", a, map[string]string{"Authorization": "Bearer " + signHS256(t, claims(func(c jwt.MapClaims) {
			c["exp"] = time.Now().Add(-hour).Unix()
		}))}, auth.Identity{}, "expired"},
		{"not valid yet", a, map[string]string{"Authorization": "Bearer " + signHS256(t, claims(func(c jwt.MapClaims) {
			c["nbf"] = time.Now().Add(hour).Unix()
		}))}, auth.Identity{}, "not valid yet"},
		{"wrong audience", a, map[string]string{"Authorization": "Bearer " + signHS256(t, claims(func(c jwt.MapClaims) {
			c["aud"] = "someone-else"
		}))}, auth.Identity{}, "wrong audience"},
		{"no exp", a, map[string]string{"Authorization": "Bearer " + signHS256(t, claims(func(c jwt.MapClaims) {
			delete(c, "exp")
		}))}, auth.Identity{}, "claim is missing"},
		{"no sub", a, map[string]string{"Authorization": "Bearer " + signHS256(t, claims(func(c jwt.MapClaims) {
			delete(c, "sub")
		}))}, auth.Identity{}, "no sub"},
		{"unknown province claim", a, map[string]string{"Authorization": "Bearer " + signHS256(t, claims(func(c jwt.MapClaims) {
			c["provinces"] = []string{"TIBET"}
		}))}, auth.Identity{}, "provinces claim"},
		{"alg none", a, map[string]string{"Authorization": "Bearer " + noneToken(t)}, auth.Identity{}, "invalid bearer token"},
		{"HS256 keyed with the RSA public key", a, map[string]string{"Authorization": "Bearer " + confusedToken(t)}, auth.Identity{}, "invalid bearer token"},
		{"basic auth", a, map[string]string{"Authorization": "Basic YTpi"}, auth.Identity{}, "must be a Bearer token"},
		{"garbage token", a, map[string]string{"Authorization": "Bearer a.b.c"}, auth.Identity{}, "malformed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/graphql", nil)
			for k, v := range tc.headers {
				r.Header.Set(k, v)
			}
			id, ok, err := tc.a.Authenticate(r)
			if tc.problem != "" {
				if !errors.Is(err, auth.ErrUnauthenticated) || !strings.Contains(err.Error(), tc.problem) {
					t.Fatalf("err = %v, want one saying %q", err, tc.problem)
				}
				for _, v := range tc.headers {
					if len(v) > 20 && strings.Contains(err.Error(), v[len(v)-20:]) {
						t.Errorf("error %q echoes the credential", err)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ok != (tc.want.Name != "") || id.Name != tc.want.Name || id.Method != tc.want.Method ||
				id.RateLimit != tc.want.RateLimit || !slices.Equal(id.Provinces, tc.want.Provinces) {
				t.Errorf("got %+v (ok %v), want %+v", id, ok, tc.want)
			}
		})
	}
}

func TestNewRejectsBadKeysFiles(t *testing.T) {
	h := auth.HashKey(keyAll)
	for name, body := range map[string]string{
		"no name":        "keys:\n  - sha256: " + h + "\n",
		"short hash":     "keys:\n  - name: a\n    sha256: abc\n",
		"duplicate name": "keys:\n  - name: a\n    sha256: " + h + "\n  - name: a\n    sha256: " + auth.HashKey("x") + "\n",
		"duplicate key":  "keys:\n  - name: a\n    sha256: " + h + "\n  - name: b\n    sha256: " + h + "\n",
		"bad province":   "keys:\n  - name: a\n    sha256: " + h + "\n    provinces: [MARS]\n",
		"unknown field":  "keys:\n  - name: a\n    sha256: " + h + "\n    key: plain\n",
		"negative rate":  "keys:\n  - name: a\n    sha256: " + h + "\n    rate_limit: -1\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := auth.New(config.AuthConfig{APIKeysFile: writeKeys(t, body)})
			if err == nil || !strings.Contains(err.Error(), "auth.api_keys_file") {
				t.Errorf("err = %v", err)
			}
		})
	}
	if _, err := auth.New(config.AuthConfig{JWT: config.JWTConfig{JWKSFile: writeKeys(t, "{not json"), Audience: "a"}}); err == nil {
		t.Error("a broken JWKS file was accepted")
	}
	if a, err := auth.New(config.AuthConfig{}); a != nil || err != nil {
		t.Errorf("no auth configured: %v, %v", a, err)
	}
}

func TestAllowed(t *testing.T) {
	ctx := context.Background()
	if !auth.Allowed(ctx, civ.Hubei) {
		t.Error("anonymous caller refused")
	}
	ctx = auth.NewContext(ctx, auth.Identity{Name: "k", Provinces: []civ.ProvinceCode{civ.Hebei}})
	if !auth.Allowed(ctx, civ.Hebei) || auth.Allowed(ctx, civ.Hubei) {
		t.Error("province list not applied")
	}
	if id, ok := auth.FromContext(ctx); !ok || id.Name != "k" {
		t.Errorf("FromContext = %+v, %v", id, ok)
	}
}

func noneToken(t *testing.T) string {
	s, err := jwt.NewWithClaims(jwt.SigningMethodNone, claims(nil)).SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// confusedToken is HS256 "signed" with the RSA public key's bytes: the
// classic algorithm-confusion attack on libraries that take the key from
// the token's header.
func confusedToken(t *testing.T) string {
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, claims(nil))
	tok.Header["kid"] = testKID
	s, err := tok.SignedString(testRSAKey.N.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return s
}
