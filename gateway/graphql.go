package gateway

import (
	"context"
	"errors"
	"log/slog"
	"math"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/health"
	"github.com/civgraph/civgraph/federation"
	"github.com/civgraph/civgraph/graph"
	"github.com/civgraph/civgraph/resolvers"
	"github.com/civgraph/civgraph/scalars"
)

// Sizes of the handler's caches.
const (
	defaultQueryCacheSize = 1000
	persistedQueryCache   = 1000
)

// newGraphQLHandler builds the gqlgen server: GET and POST transports, a
// parsed-query LRU (without it every request is parsed and validated
// again), automatic persisted queries, introspection, the error presenter
// and per-province provenance in extensions.sources.
func newGraphQLHandler(r *resolvers.Resolver, queryCacheSize int, logger *slog.Logger, breakers *health.Registry) *handler.Server {
	if queryCacheSize == 0 {
		queryCacheSize = defaultQueryCacheSize
	}
	srv := handler.New(graph.NewExecutableSchema(graph.Config{Resolvers: r}))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	if queryCacheSize > 0 { // negative: no cache, only for measuring what it saves
		srv.SetQueryCache(lru.New[*ast.QueryDocument](queryCacheSize))
	}
	srv.Use(extension.Introspection{})
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](persistedQueryCache)})
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		return next(r.WithLoaders(ctx)) // per request: a loader's cache must not outlive it
	})
	srv.SetErrorPresenter(presentError(logger))
	srv.SetRecoverFunc(func(ctx context.Context, v any) error {
		logger.ErrorContext(ctx, "resolver panic", "panic", v)
		return errInternal
	})
	srv.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		ctx, report := federation.WithReport(ctx)
		resp := next(ctx)
		if resp != nil {
			if sources := report.Sources(); len(sources) > 0 {
				for i := range sources {
					sources[i].Breaker = breakers.Breaker(sources[i].Province)
				}
				if resp.Extensions == nil {
					resp.Extensions = map[string]any{}
				}
				resp.Extensions["sources"] = sources
			}
		}
		return resp
	})
	return srv
}

var errInternal = errors.New("internal server error")

// presentError gives every error a stable extensions.code. Upstream
// errors carry their province; their causes (which may hold URLs or
// upstream detail) go to the log only.
func presentError(logger *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		if gqlErr.Extensions == nil {
			gqlErr.Extensions = map[string]any{}
		}
		var ue *connectors.UpstreamError
		var ge *gqlerror.Error
		switch {
		case errors.As(err, &ue):
			logger.WarnContext(ctx, "source failed", "province", ue.Province, "code", ue.Code, "op", ue.Op, "err", ue.Err)
			gqlErr.Message = string(ue.Province) + ": " + ue.Op + ": " + ue.Message
			gqlErr.Extensions["code"] = string(ue.Code)
			gqlErr.Extensions["province"] = string(ue.Province)
			if ue.RetryAfter > 0 {
				gqlErr.Extensions["retryAfter"] = int(math.Ceil(ue.RetryAfter.Seconds()))
			}
		case errors.Is(err, federation.ErrInvalidInput), errors.Is(err, scalars.ErrInvalid):
			gqlErr.Extensions["code"] = "BAD_USER_INPUT"
		case errors.Is(err, context.DeadlineExceeded):
			gqlErr.Message = "the request's deadline passed"
			gqlErr.Extensions["code"] = string(connectors.CodeTimeout)
		case gqlErr.Extensions["code"] != nil:
			// gqlgen's own parse and validation codes stay as they are.
		case gqlErr.Rule != "":
			gqlErr.Extensions["code"] = "GRAPHQL_VALIDATION_FAILED"
		case errors.As(err, &ge) && ge.Err == nil:
			// Made by gqlgen itself about the request (an undecodable body,
			// a missing query): the client's to fix, and safe to show.
			gqlErr.Extensions["code"] = "BAD_REQUEST"
		default:
			logger.ErrorContext(ctx, "internal error", "err", err)
			gqlErr.Message = errInternal.Error()
			gqlErr.Extensions["code"] = "INTERNAL_SERVER_ERROR"
		}
		return gqlErr
	}
}
