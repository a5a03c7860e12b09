package auth

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"

	"github.com/civgraph/civgraph/config"
)

// Headers that carry credentials.
const (
	HeaderAPIKey = "X-API-Key"
	headerAuthz  = "Authorization"
)

// maxTokenLength bounds a bearer token before it is parsed.
const maxTokenLength = 8 << 10

// maxJWKSBytes bounds the JWKS file read at start-up.
const maxJWKSBytes = 1 << 20

// ErrUnauthenticated is wrapped by every Authenticate failure. The
// wrapping message is safe to show the client: it says what was wrong,
// never the credential.
var ErrUnauthenticated = errors.New("unauthenticated")

func unauthenticated(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrUnauthenticated}, args...)...)
}

// Authenticator checks the credentials of a request.
type Authenticator struct {
	required  bool
	keys      []apiKey
	hs256     []byte
	jwks      keyfunc.Keyfunc // nil: RS256 not accepted
	parser    *jwt.Parser
	rateLimit float64 // for token subjects
}

// New builds an Authenticator from configuration, reading the API keys
// and JWKS files it names. It returns nil, nil when no authentication is
// configured: every request is then anonymous.
func New(cfg config.AuthConfig) (*Authenticator, error) {
	if !cfg.Enabled() {
		if cfg.Required {
			return nil, errors.New("auth.required: no credentials are configured")
		}
		return nil, nil
	}
	a := &Authenticator{required: cfg.Required, rateLimit: float64(cfg.JWT.RateLimit)}
	if cfg.APIKeysFile != "" {
		keys, err := loadKeys(cfg.APIKeysFile)
		if err != nil {
			return nil, err
		}
		a.keys = keys
	}
	j := cfg.JWT
	var methods []string
	if j.HS256Secret != "" {
		a.hs256 = []byte(j.HS256Secret)
		methods = append(methods, jwt.SigningMethodHS256.Alg())
	}
	if j.JWKSFile != "" {
		kf, err := loadJWKS(j.JWKSFile)
		if err != nil {
			return nil, err
		}
		a.jwks = kf
		methods = append(methods, jwt.SigningMethodRS256.Alg())
	}
	if len(methods) > 0 {
		opts := []jwt.ParserOption{
			// Naming the methods stops algorithm confusion: an HS256 token
			// "signed" with the RSA public key, or alg none.
			jwt.WithValidMethods(methods),
			jwt.WithAudience(j.Audience),
			jwt.WithExpirationRequired(),
			jwt.WithLeeway(j.Leeway),
		}
		if j.Issuer != "" {
			opts = append(opts, jwt.WithIssuer(j.Issuer))
		}
		a.parser = jwt.NewParser(opts...)
	}
	return a, nil
}

func loadJWKS(path string) (keyfunc.Keyfunc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("auth.jwt.jwks_file: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxJWKSBytes+1))
	if err != nil {
		return nil, fmt.Errorf("auth.jwt.jwks_file: %w", err)
	}
	if len(data) > maxJWKSBytes {
		return nil, fmt.Errorf("auth.jwt.jwks_file %s: larger than %d bytes", path, maxJWKSBytes)
	}
	kf, err := keyfunc.NewJWKSetJSON(data)
	if err != nil {
		return nil, fmt.Errorf("auth.jwt.jwks_file %s: %w", path, err)
	}
	return kf, nil
}

// Required reports whether anonymous requests are refused.
func (a *Authenticator) Required() bool { return a != nil && a.required }

// Authenticate identifies the caller of r. ok is false for an anonymous
// request that is allowed (authentication optional and no credentials
// sent). Credentials that are sent must be valid, even when
// authentication is optional: a client with a wrong key must learn so.
func (a *Authenticator) Authenticate(r *http.Request) (id Identity, ok bool, err error) {
	if a == nil {
		return Identity{}, false, nil
	}
	key, hasKey := r.Header[http.CanonicalHeaderKey(HeaderAPIKey)]
	authz := r.Header.Get(headerAuthz)
	switch {
	case hasKey && authz != "":
		return Identity{}, false, unauthenticated("send either an API key or a bearer token, not both")
	case hasKey:
		if len(key) != 1 {
			return Identity{}, false, unauthenticated("send one %s header", HeaderAPIKey)
		}
		return a.apiKey(key[0])
	case authz != "":
		return a.bearer(authz)
	case a.required:
		return Identity{}, false, unauthenticated("credentials are required: send an %s header or an Authorization: Bearer token", HeaderAPIKey)
	}
	return Identity{}, false, nil
}

func (a *Authenticator) apiKey(key string) (Identity, bool, error) {
	if len(a.keys) == 0 {
		return Identity{}, false, unauthenticated("API keys are not accepted here")
	}
	if key == "" || len(key) > MaxKeyLength {
		return Identity{}, false, unauthenticated("invalid API key")
	}
	k, ok := matchKey(a.keys, key)
	if !ok {
		return Identity{}, false, unauthenticated("invalid API key")
	}
	return Identity{Name: k.Name, Method: MethodAPIKey, Provinces: k.provinces, RateLimit: k.RateLimit}, true, nil
}

// claims are the token claims civgraph reads.
type claims struct {
	jwt.RegisteredClaims
	Provinces []string `json:"provinces"`
}

func (a *Authenticator) bearer(authz string) (Identity, bool, error) {
	scheme, token, found := strings.Cut(authz, " ")
	if !found || !strings.EqualFold(scheme, "Bearer") {
		return Identity{}, false, unauthenticated("the Authorization header must be a Bearer token")
	}
	if a.parser == nil {
		return Identity{}, false, unauthenticated("bearer tokens are not accepted here")
	}
	token = strings.TrimSpace(token)
	if token == "" || len(token) > maxTokenLength {
		return Identity{}, false, unauthenticated("invalid bearer token")
	}
	var c claims
	if _, err := a.parser.ParseWithClaims(token, &c, a.key); err != nil {
		return Identity{}, false, unauthenticated("invalid bearer token: %s", tokenProblem(err))
	}
	if c.Subject == "" {
		return Identity{}, false, unauthenticated("invalid bearer token: no sub claim")
	}
	provinces, err := parseProvinces(c.Provinces)
	if err != nil {
		return Identity{}, false, unauthenticated("invalid bearer token: provinces claim: %v", err)
	}
	return Identity{Name: "jwt:" + c.Subject, Method: MethodJWT, Provinces: provinces, RateLimit: a.rateLimit}, true, nil
}

// key picks the verification key by the token's algorithm; the parser
// has already refused algorithms not configured.
func (a *Authenticator) key(t *jwt.Token) (any, error) {
	switch t.Method.Alg() {
	case jwt.SigningMethodHS256.Alg():
		return a.hs256, nil
	case jwt.SigningMethodRS256.Alg():
		return a.jwks.Keyfunc(t)
	}
	return nil, fmt.Errorf("unexpected signing method %s", t.Method.Alg())
}

// tokenProblem names what was wrong with a token in words safe for the
// client, without echoing any part of it.
func tokenProblem(err error) string {
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return "expired"
	case errors.Is(err, jwt.ErrTokenNotValidYet), errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return "not valid yet"
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		return "wrong audience"
	case errors.Is(err, jwt.ErrTokenInvalidIssuer):
		return "wrong issuer"
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return "a required claim is missing"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrTokenUnverifiable):
		return "bad signature or unknown key"
	case errors.Is(err, jwt.ErrTokenMalformed):
		return "malformed"
	}
	return "rejected"
}
