package server

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/errcode"
)

// CachePurger drops every cached answer of one province and reports how
// many entries went (gateway.Gateway.PurgeCache).
type CachePurger func(ctx context.Context, p civ.ProvinceCode) (int, error)

// WithCachePurge mounts POST /admin/cache/purge?province=P, which calls
// purge. It exists only when cache.admin_token is set, and answers only
// requests carrying "Authorization: Bearer <admin token>".
func WithCachePurge(purge CachePurger) Option { return func(o *options) { o.purge = purge } }

// adminOnly lets through requests bearing token. Both sides are hashed
// before a constant-time compare, so neither the token's bytes nor its
// length leak through timing.
func adminOnly(token string, next http.Handler) http.Handler {
	want := sha256.Sum256([]byte(token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		sum := sha256.Sum256([]byte(got))
		if !ok || subtle.ConstantTimeCompare(sum[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="civgraph admin"`)
			writeJSONError(w, http.StatusUnauthorized, "a valid admin token is required", errcode.Unauthenticated)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func purgeHandler(purge CachePurger, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := civ.ParseProvinceCode(strings.ToUpper(r.URL.Query().Get("province")))
		if err != nil {
			writeJSONError(w, http.StatusBadRequest, "province must be one of HEBEI, HUBEI, JIANGSU, SHANGHAI", errcode.BadRequest)
			return
		}
		n, err := purge(r.Context(), p)
		if err != nil {
			logger.Error("cache purge failed", "province", p, "err", err)
			writeJSONError(w, http.StatusInternalServerError, "the cache could not be purged", errcode.Internal)
			return
		}
		logger.Info("cache purged", "province", p, "entries", n)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"province": p, "purged": n})
	})
}
