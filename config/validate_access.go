package config

import (
	"fmt"
	"time"
)

// minHS256Secret is the shortest HS256 secret accepted: RFC 7518 asks for
// a key at least as long as the hash output.
const minHS256Secret = 32

// maxJWTLeeway bounds the clock skew forgiven, so an expired token cannot
// live on for long.
const maxJWTLeeway = 5 * time.Minute

// validateAccess checks the auth.* keys and the graphql.* keys of trusted
// documents and HTTP caching.
func (c Config) validateAccess() []error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{key}, args...)...))
	}
	if c.GraphQL.TrustedDocumentsOnly && c.GraphQL.TrustedDocumentsFile == "" {
		bad("graphql.trusted_documents_only", "needs graphql.trusted_documents_file")
	}
	if c.GraphQL.HTTPCacheMaxAge < 0 {
		bad("graphql.http_cache_max_age", "must not be negative, got %s", c.GraphQL.HTTPCacheMaxAge)
	}
	a := c.Auth
	if a.Required && !a.Enabled() {
		bad("auth.required", "needs auth.api_keys_file, auth.jwt.hs256_secret or auth.jwt.jwks_file")
	}
	j := a.JWT
	if j.HS256Secret != "" && len(j.HS256Secret) < minHS256Secret {
		bad("auth.jwt.hs256_secret", "must be at least %d bytes, got %d", minHS256Secret, len(j.HS256Secret))
	}
	if j.Enabled() && j.Audience == "" {
		bad("auth.jwt.audience", "must be set when tokens are accepted")
	}
	if j.Leeway < 0 || j.Leeway > maxJWTLeeway {
		bad("auth.jwt.leeway", "must be between 0 and %s, got %s", maxJWTLeeway, j.Leeway)
	}
	if j.RateLimit < 0 {
		bad("auth.jwt.rate_limit", "must not be negative, got %d", j.RateLimit)
	}
	return errs
}
