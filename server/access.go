package server

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/civgraph/civgraph/auth"
	"github.com/civgraph/civgraph/errcode"
	"github.com/civgraph/civgraph/httpcache"
	"github.com/civgraph/civgraph/persisted"
)

// WithAuthenticator checks every /graphql request's credentials and puts
// the caller's identity in its context (auth.FromContext) for the
// province guard and the rate limiter. nil: every caller is anonymous.
func WithAuthenticator(a *auth.Authenticator) Option { return func(o *options) { o.auth = a } }

// accessChain puts authentication, documentId handling and HTTP caching
// in front of the GraphQL handler.
// accessChain authenticates first, so that limit (the per-client rate
// limit and the execution bound) counts requests by the caller's identity.
func accessChain(o options, logger *slog.Logger, limit func(http.Handler) http.Handler, gql http.Handler) http.Handler {
	cached := httpcache.Handler(gql, httpcache.Options{
		Cacheable: persistedGET,
		Private: func(r *http.Request) bool {
			_, ok := auth.FromContext(r.Context())
			return ok || o.auth.Required()
		},
	})
	return authenticate(o.auth, logger, limit(persisted.DocumentID(cached)))
}

// persistedGET selects GET requests that name a document by hash or id:
// only those have a stable URL worth caching.
func persistedGET(r *http.Request) bool {
	return strings.Contains(r.URL.Query().Get("extensions"), "persistedQuery")
}

// authenticate refuses requests with bad credentials (or none, when
// required) with 401 UNAUTHENTICATED, and passes the others on with the
// caller's identity. The log names the reason, never the credential.
func authenticate(a *auth.Authenticator, logger *slog.Logger, next http.Handler) http.Handler {
	if a == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions { // CORS preflights carry no credentials
			next.ServeHTTP(w, r)
			return
		}
		id, ok, err := a.Authenticate(r)
		if err != nil {
			logger.InfoContext(r.Context(), "authentication failed", "reason", err.Error())
			w.Header().Set("WWW-Authenticate", `Bearer realm="civgraph"`)
			refuse(w, r, http.StatusUnauthorized, err.Error(), errcode.Unauthenticated)
			return
		}
		if ok {
			r = r.WithContext(auth.NewContext(r.Context(), id))
		}
		next.ServeHTTP(w, r)
	})
}
