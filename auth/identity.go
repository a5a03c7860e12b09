package auth

import (
	"context"
	"slices"

	"github.com/civgraph/civgraph/civ"
)

// Method says how a caller proved who it is.
type Method string

// Authentication methods.
const (
	MethodAPIKey Method = "api_key"
	MethodJWT    Method = "jwt"
)

// Identity is an authenticated caller.
type Identity struct {
	// Name identifies the caller in logs and rate limiting: an API key's
	// configured name, or "jwt:" and the token's subject. Never the
	// credential itself.
	Name   string
	Method Method
	// Provinces the caller may see; nil means every province.
	Provinces []civ.ProvinceCode
	// RateLimit in requests per second; 0 leaves the limiter's default.
	RateLimit float64
}

// CanSee reports whether the caller may see province p's data.
func (id Identity) CanSee(p civ.ProvinceCode) bool {
	return id.Provinces == nil || slices.Contains(id.Provinces, p)
}

type identityKey struct{}

// NewContext returns ctx carrying id.
func NewContext(ctx context.Context, id Identity) context.Context {
	return context.WithValue(ctx, identityKey{}, id)
}

// FromContext returns the caller's identity; ok is false for an anonymous
// request.
func FromContext(ctx context.Context) (id Identity, ok bool) {
	id, ok = ctx.Value(identityKey{}).(Identity)
	return id, ok
}

// Allowed reports whether the caller of ctx may see province p: anonymous
// callers (allowed only when authentication is optional) see everything.
func Allowed(ctx context.Context, p civ.ProvinceCode) bool {
	id, ok := FromContext(ctx)
	return !ok || id.CanSee(p)
}
