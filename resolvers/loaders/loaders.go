package loaders

import (
	"context"
	"errors"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/federation"
)

// DefaultWait is how long a loader collects keys before it fetches them:
// long enough for the sibling fields of one list (which gqlgen resolves
// concurrently) to join one batch, short beside an upstream round trip.
const DefaultWait = 5 * time.Millisecond

// MaxBatch bounds the keys of one batch: federation turns a batch into
// one upstream query per province and kind, which carries at most this many.
const MaxBatch = federation.MaxBatch

// Source is what the loaders ask of the federation layer: batched lookups
// whose results and errors are aligned with their keys.
type Source interface {
	Lookup(ctx context.Context, ids []string) ([]civ.Entity, []error)
	TasksByOrigins(ctx context.Context, refs []federation.OriginRef) ([][]civ.Task, []error)
}

var _ Source = (*federation.Federation)(nil)

// Loaders are one request's loaders.
type Loaders struct {
	nodes *dataloadgen.Loader[string, civ.Entity]
	tasks *dataloadgen.Loader[federation.OriginRef, []civ.Task]
}

// New returns fresh loaders over src, for one request, that wait for keys
// as long as wait (zero: DefaultWait).
func New(src Source, wait time.Duration) *Loaders {
	if wait <= 0 {
		wait = DefaultWait
	}
	opts := []dataloadgen.Option{dataloadgen.WithWait(wait), dataloadgen.WithBatchCapacity(MaxBatch)}
	return &Loaders{
		nodes: dataloadgen.NewLoader(src.Lookup, opts...),
		tasks: dataloadgen.NewLoader(src.TasksByOrigins, opts...),
	}
}

// Node loads the object a global ID names; nil when there is none.
func (l *Loaders) Node(ctx context.Context, id string) (civ.Entity, error) {
	return raised(l.nodes.Load(ctx, id))
}

// Nodes loads the objects global IDs name, in their order: nil where an ID
// names nothing or failed, with errs holding each failure once.
func (l *Loaders) Nodes(ctx context.Context, ids []string) (nodes []civ.Entity, errs []error) {
	nodes, err := l.nodes.LoadAll(ctx, ids)
	var each dataloadgen.ErrorSlice
	if errors.As(err, &each) {
		for _, e := range each {
			if e != nil {
				_, _ = raised[any](nil, e)
				errs = append(errs, e)
			}
		}
	} else if err != nil {
		errs = append(errs, err)
	}
	return nodes, errs
}

// Tasks loads the tasks a meeting or policy document of province p set.
func (l *Loaders) Tasks(ctx context.Context, p civ.ProvinceCode, originID string) ([]civ.Task, error) {
	return raised(l.tasks.Load(ctx, federation.OriginRef{Province: p, ID: originID}))
}

// raised panics again, in the resolver's goroutine, with a panic the
// batch recovered in its own, so that the handler's panic handling (error
// id, log with the stack) sees it as it would without the loader.
func raised[V any](v V, err error) (V, error) {
	var pe *federation.PanicError
	if errors.As(err, &pe) {
		panic(pe)
	}
	return v, err
}

type ctxKey struct{}

// With returns ctx carrying l.
func With(ctx context.Context, l *Loaders) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

// For returns the loaders ctx carries, or nil.
func For(ctx context.Context) *Loaders {
	l, _ := ctx.Value(ctxKey{}).(*Loaders)
	return l
}
