package execlimit

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/civgraph/civgraph/errcode"
)

// ErrStopped is what a field that was not started returns; the operation's
// answer is replaced by one coded error, so these never reach the client.
var ErrStopped = errors.New("execution stopped")

// errTooLarge is the cancel cause when the answer passes its byte limit.
var errTooLarge = errors.New("response too large")

// Guard is a gqlgen extension; MaxResponseBytes <= 0 means no size limit.
type Guard struct {
	MaxResponseBytes int64
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
	graphql.FieldInterceptor
} = Guard{}

// ExtensionName names the extension in gqlgen's stats.
func (Guard) ExtensionName() string { return "ExecutionGuard" }

// Validate accepts any schema.
func (Guard) Validate(graphql.ExecutableSchema) error { return nil }

type stateKey struct{}

// state is shared by every field of one operation, across the goroutines
// gqlgen runs them in.
type state struct {
	ctx     context.Context // the operation's: every field's descends from it
	cancel  context.CancelCauseFunc
	size    atomic.Int64
	max     int64
	stopped atomic.Bool
}

// InterceptOperation gives the operation a context it can cancel itself
// (on passing the size limit) and replaces a stopped operation's answer.
func (g Guard) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	ctx, cancel := context.WithCancelCause(ctx)
	st := &state{ctx: ctx, cancel: cancel, max: g.MaxResponseBytes}
	ctx = context.WithValue(ctx, stateKey{}, st)
	handler := next(ctx)
	return func(rctx context.Context) *graphql.Response {
		resp := handler(rctx)
		defer cancel(nil)
		if resp == nil {
			return nil
		}
		if !st.stopped.Load() && (st.max <= 0 || int64(len(resp.Data)) <= st.max) {
			return resp
		}
		cause := context.Cause(ctx)
		if cause == nil { // the estimate missed, the encoded data did not
			cause = errTooLarge
		}
		return &graphql.Response{
			Errors:     gqlerror.List{stopError(cause, st.max)},
			Data:       json.RawMessage("null"),
			Extensions: resp.Extensions,
		}
	}
}

func stopError(cause error, max int64) *gqlerror.Error {
	switch {
	case errors.Is(cause, errTooLarge):
		return &gqlerror.Error{
			Message:    "the response would be larger than the limit; ask for fewer rows or fields",
			Extensions: map[string]any{"code": string(errcode.ResponseTooLarge), "limit": max},
		}
	case errors.Is(cause, context.DeadlineExceeded):
		return &gqlerror.Error{
			Message:    "the request's deadline passed before the query finished; it was stopped",
			Extensions: map[string]any{"code": string(errcode.RequestTimeout)},
		}
	default:
		return &gqlerror.Error{
			Message:    "the request ended before the query finished; it was stopped",
			Extensions: map[string]any{"code": string(errcode.RequestTimeout)},
		}
	}
}

// InterceptField refuses to start a field once the operation is done, and
// adds the field's estimated encoded size to the operation's total. It runs
// for every field of every row, so it asks the operation's own context
// whether it ended (neither gqlgen nor an interceptor of ours derives a
// cancelable context below it, so that is the field's answer too, without
// walking the field's chain of contexts), and looks at the field's
// selection before reflecting on its value: only an object's or a list of
// objects' field has one.
func (g Guard) InterceptField(ctx context.Context, next graphql.Resolver) (any, error) {
	st, _ := ctx.Value(stateKey{}).(*state)
	if st == nil {
		return next(ctx)
	}
	if st.ctx.Err() != nil {
		st.stopped.Store(true)
		return nil, ErrStopped
	}
	res, err := next(ctx)
	if st.max > 0 {
		st.add(ctx, res)
	}
	return res, err
}

// add counts res's estimated encoded size and stops the operation once the
// total passes the limit.
func (st *state) add(ctx context.Context, res any) {
	n := estimate(res)
	if fc := graphql.GetFieldContext(ctx); fc != nil {
		n += int64(len(fc.Field.Alias)) + 4 // "alias":,
		if len(fc.Field.Selections) > 0 {
			if v := reflect.ValueOf(res); v.Kind() == reflect.Slice {
				// Count a list's items as soon as it resolves, each at the
				// least its selected fields will take, so that a list of
				// lists is stopped before its items are built.
				n += int64(v.Len()) * itemSize(fc.Field.Selections)
			}
		}
	}
	if st.size.Add(n) > st.max {
		st.stopped.Store(true)
		st.cancel(errTooLarge)
	}
}

// itemSize is the least one object of a list encodes to: braces and, per
// selected field, its name and a one-byte value.
func itemSize(sel ast.SelectionSet) int64 {
	n := int64(2)
	for _, s := range sel {
		switch f := s.(type) {
		case *ast.Field:
			n += int64(len(f.Alias)) + 5
		case *ast.InlineFragment:
			n += itemSize(f.SelectionSet) - 2
		}
	}
	return n
}

// estimate guesses the encoded size of a field's value; objects and lists
// count their brackets here and their fields as those resolve.
func estimate(v any) int64 {
	switch x := v.(type) {
	case nil:
		return 4
	case string:
		return int64(len(x)) + 2
	case *string:
		if x == nil {
			return 4
		}
		return int64(len(*x)) + 2
	case []string: // scalar lists marshal without passing field middleware
		n := int64(2)
		for _, e := range x {
			n += int64(len(e)) + 3
		}
		return n
	case bool:
		return 5
	case int, int32, int64, float64, *int, *float64:
		return 8
	case time.Time, *time.Time:
		return 27
	default:
		return 2
	}
}
