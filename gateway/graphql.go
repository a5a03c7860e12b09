package gateway

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"math"
	"runtime/debug"

	"github.com/99designs/gqlgen/graphql"
	gqlerrcode "github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/health"
	"github.com/civgraph/civgraph/errcode"
	"github.com/civgraph/civgraph/execlimit"
	"github.com/civgraph/civgraph/federation"
	"github.com/civgraph/civgraph/panics"
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
// and per-province provenance in extensions.sources; and the limits: the
// parser's token cap, the query limits checked before execution and the
// guard that stops execution at the deadline or the response size limit.
func newGraphQLHandler(r *resolvers.Resolver, queryCacheSize int, lim config.LimitsConfig, logger *slog.Logger, breakers *health.Registry, acc access) *handler.Server {
	return newGraphQLHandlerWith(transports, r, queryCacheSize, lim, logger, breakers, acc)
}

// transports are the gateway's, in the order they are asked: the last
// takes what no other does.
var transports = []graphql.Transport{transport.Options{}, getTransport{}, strictPOST{}, unsupported{}}

// newGraphQLHandlerWith is newGraphQLHandler with the given transports,
// so that a test can compare the gateway's with gqlgen's.
func newGraphQLHandlerWith(transports []graphql.Transport, r *resolvers.Resolver, queryCacheSize int, lim config.LimitsConfig, logger *slog.Logger, breakers *health.Registry, acc access) *handler.Server {
	if queryCacheSize == 0 {
		queryCacheSize = defaultQueryCacheSize
	}
	srv := handler.New(executableSchema(r, acc.subgraph))
	srv.Use(requestNotes{}) // first, so outermost: it sees every error, the execution guard's too
	for _, t := range transports {
		srv.AddTransport(t)
	}
	if queryCacheSize > 0 { // negative: no cache, only for measuring what it saves
		srv.SetQueryCache(newQueryCache(queryCacheSize))
	}
	acc.use(srv)
	srv.Use(requireQuery{}) // after APQ, which may fill the query in
	srv.SetParserTokenLimit(lim.MaxTokens)
	srv.Use(queryLimits(lim, civ.AllProvinces))
	srv.Use(execlimit.Guard{MaxResponseBytes: lim.MaxResponseBytes})
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		return next(r.WithLoaders(ctx)) // per request: a loader's cache must not outlive it
	})
	srv.SetErrorPresenter(presentError(logger))
	srv.SetRecoverFunc(func(ctx context.Context, v any) error {
		id := newErrorID()
		logger.ErrorContext(ctx, "resolver panic", "errorId", id, "panic", v, "stack", string(debug.Stack()))
		return &internalError{id: id}
	})
	srv.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		ctx, report := federation.WithReport(ctx)
		resp := next(ctx)
		if resp != nil {
			sources := report.Sources()
			noteProvinces(ctx, sources)
			acc.allowHTTPCaching(ctx, resp, sources)
			acc.responses.allow(ctx, resp, sources)
			if len(sources) > 0 {
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

// internalError is a recovered panic: the client sees only its id, which
// finds the panic and its stack in the log.
type internalError struct{ id string }

func (e *internalError) Error() string { return errInternal.Error() }

func newErrorID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// codeBadRequest marks a request that is not a well-formed GraphQL-over-HTTP
// request; the spec answers those 400 whatever the media type.
const codeBadRequest = "BAD_REQUEST"

func init() { gqlerrcode.RegisterErrorType(codeBadRequest, gqlerrcode.KindProtocol) }

// requireQuery refuses a request without a query (and without a persisted
// query that supplied one) as a bad request rather than as a GraphQL
// validation failure.
type requireQuery struct{}

func (requireQuery) ExtensionName() string                   { return "RequireQuery" }
func (requireQuery) Validate(graphql.ExecutableSchema) error { return nil }
func (requireQuery) MutateOperationParameters(_ context.Context, p *graphql.RawParams) *gqlerror.Error {
	if p.Query != "" {
		return nil
	}
	err := gqlerror.Errorf("the request has no query")
	gqlerrcode.Set(err, codeBadRequest)
	return err
}

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
		var ie *internalError
		var pe *panics.Error
		switch {
		case errors.As(err, &ie):
			gqlErr.Message = errInternal.Error()
			gqlErr.Extensions["code"] = "INTERNAL_SERVER_ERROR"
			gqlErr.Extensions["errorId"] = ie.id
		case errors.Is(err, execlimit.ErrStopped):
			// Never shown: the guard replaces the stopped answer.
			gqlErr.Extensions["code"] = string(errcode.RequestTimeout)
		case errors.As(err, &ue) && errors.As(ue.Err, &pe):
			// A connector panicked in a fan-out goroutine and federation
			// recovered it: that province's part fails like a resolver
			// panic, with an id for the logged stack.
			id := newErrorID()
			logger.ErrorContext(ctx, "source panic", "errorId", id, "province", ue.Province, "op", ue.Op, "panic", pe.Value, "stack", string(pe.Stack))
			gqlErr.Message = string(ue.Province) + ": " + ue.Op + ": " + errInternal.Error()
			gqlErr.Extensions["code"] = string(errcode.Internal)
			gqlErr.Extensions["province"] = string(ue.Province)
			gqlErr.Extensions["errorId"] = id
		case errors.As(err, &pe):
			id := newErrorID()
			logger.ErrorContext(ctx, "goroutine panic", "errorId", id, "panic", pe.Value, "stack", string(pe.Stack))
			gqlErr.Message = errInternal.Error()
			gqlErr.Extensions["code"] = string(errcode.Internal)
			gqlErr.Extensions["errorId"] = id
		case errors.As(err, &ue):
			logger.WarnContext(ctx, "source failed", "province", ue.Province, "code", ue.Code, "op", ue.Op, "err", ue.Err)
			gqlErr.Message = string(ue.Province) + ": " + ue.Op + ": " + ue.Message
			gqlErr.Extensions["code"] = string(ue.Code)
			gqlErr.Extensions["province"] = string(ue.Province)
			if ue.RetryAfter > 0 {
				gqlErr.Extensions["retryAfter"] = int(math.Ceil(ue.RetryAfter.Seconds()))
			}
		case errors.Is(err, federation.ErrInvalidInput), errors.Is(err, scalars.ErrInvalid):
			gqlErr.Extensions["code"] = string(errcode.BadUserInput)
		case errors.Is(err, context.DeadlineExceeded):
			gqlErr.Message = "the request's deadline passed"
			gqlErr.Extensions["code"] = string(errcode.SourceTimeout)
		case gqlErr.Extensions["code"] != nil:
			// gqlgen's own parse and validation codes stay as they are.
		case gqlErr.Rule != "":
			gqlErr.Extensions["code"] = string(errcode.ValidationFailed)
		case errors.As(err, &ge) && ge.Err == nil:
			// Made by gqlgen itself about the request (an undecodable body,
			// a missing query): the client's to fix, and safe to show.
			gqlErr.Extensions["code"] = string(errcode.BadRequest)
		default:
			logger.ErrorContext(ctx, "internal error", "err", err)
			gqlErr.Message = errInternal.Error()
			gqlErr.Extensions["code"] = string(errcode.Internal)
		}
		gqlErr.Message = errcode.Clip(gqlErr.Message)
		return gqlErr
	}
}
