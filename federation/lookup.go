package federation

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/errcode"
)

// MaxBatch bounds how many keys one upstream query of a batched lookup
// carries (civ.Filter.IDs or OriginIDs), so a batch never becomes an
// unbounded upstream query; more keys make more queries.
const MaxBatch = civ.MaxFilterValues

// batchConcurrency bounds the upstream queries one batched lookup runs at
// once.
const batchConcurrency = 8

// Node fetches the object a global ID names from the source that owns it.
// It returns (nil, nil) when the source has no such object.
func (f *Federation) Node(ctx context.Context, id string) (civ.Entity, error) {
	nodes, errs := f.Lookup(ctx, []string{id})
	return nodes[0], errs[0]
}

// MaxNodes bounds how many IDs one nodes(ids:) call may ask for.
const MaxNodes = 100

// Nodes fetches several objects by global ID. The result has one entry per
// ID, nil where the ID names nothing or its lookup failed; errs holds the
// failures, so one bad ID or province does not hide the rest.
func (f *Federation) Nodes(ctx context.Context, ids []string) (nodes []civ.Entity, errs []error) {
	if len(ids) > MaxNodes {
		return nil, []error{invalidInput("at most %d ids, got %d", MaxNodes, len(ids))}
	}
	nodes, failures := f.Lookup(ctx, ids)
	for _, err := range failures {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return nodes, errs
}

// Lookup fetches the objects global IDs name, grouped by province and
// kind: one upstream query per MaxBatch IDs of a group, so the calls grow
// with the provinces and kinds asked, not with the IDs. Both results are
// aligned with ids: nodes[i] is nil where ids[i] names nothing or failed,
// errs[i] says why it failed (a malformed ID, or its province's coded
// error, which fails only that province's IDs).
func (f *Federation) Lookup(ctx context.Context, ids []string) (nodes []civ.Entity, errs []error) {
	nodes = make([]civ.Entity, len(ids))
	errs = make([]error, len(ids))
	var keys []batchKey
	for i, id := range ids {
		gid, err := DecodeID(id)
		switch {
		case err != nil:
			errs[i] = err
		case gid.Kind == KindProvince:
			if p, ok := civ.ProvinceInfo(gid.Province); ok && string(gid.Province) == gid.LocalID {
				nodes[i] = p
			}
		default:
			keys = append(keys, batchKey{gid.Province, gid.Kind, gid.LocalID, i})
		}
	}
	f.runBatches(ctx, keys, errs, func(ctx context.Context, src connectors.Source, b batch) error {
		found, err := f.fetchByIDs(ctx, src, b)
		spread(b, found, nodes)
		return err
	})
	return nodes, errs
}

// fetchByIDs reads the objects of one batch in one upstream query, keyed
// by their local ID.
func (f *Federation) fetchByIDs(ctx context.Context, src connectors.Source, b batch) (map[string]civ.Entity, error) {
	switch b.kind {
	case KindMeeting:
		return byIDs(ctx, f, src, b, connectors.Source.Meetings, func(m civ.Meeting) string { return m.ID })
	case KindPolicyDocument:
		return byIDs(ctx, f, src, b, connectors.Source.PolicyDocuments, func(d civ.PolicyDocument) string { return d.ID })
	case KindTask:
		return byIDs(ctx, f, src, b, connectors.Source.Tasks, func(t civ.Task) string { return t.ID })
	case KindServiceSite:
		return byIDs(ctx, f, src, b, connectors.Source.ServiceSites, func(s civ.ServiceSite) string { return s.ID })
	}
	return nil, invalidInput("global ID of unknown kind %s", errcode.Echo(string(b.kind)))
}

func byIDs[T civ.Entity](ctx context.Context, f *Federation, src connectors.Source, b batch, fetch fetchFunc[T], id func(T) string) (map[string]civ.Entity, error) {
	res, err := fetch(src, ctx, connectors.Query{Filter: civ.Filter{IDs: b.ids}, Limit: len(b.ids)})
	ue := f.normalize(ctx, b.province, b.kind, err)
	recordSource(ctx, b.province, res.Meta, ue)
	if ue != nil {
		return nil, ue
	}
	age := dataAgeOf(res.Meta, time.Now())
	found := make(map[string]civ.Entity, len(res.Items))
	for _, item := range res.Items {
		// Only what was asked is kept, and the first row of an ID wins, so
		// a misbehaving upstream cannot attach a row to another key.
		if _, asked := b.at[id(item)]; asked {
			if _, dup := found[id(item)]; !dup {
				found[id(item)] = withAge(item, age)
			}
		}
	}
	return found, nil
}

// OriginRef names a meeting or policy document by its province and
// upstream-local ID: the key of the tasks it set.
type OriginRef struct {
	Province civ.ProvinceCode
	ID       string
}

// maxTasksPerBatch bounds how many tasks one batch of up to MaxBatch
// origins may list (50 upstream pages; the data has a handful per
// origin), so a misbehaving upstream cannot make the nested field or its
// upstream calls unbounded.
const maxTasksPerBatch = 50 * MaxPageSize

// TasksByOrigins lists the tasks each meeting or policy document set,
// aligned with refs, in the upstream's order. Each province is asked once
// per MaxBatch origins ("tasks whose origin is any of these"), with more
// pages only when those origins set more than a page of tasks. errs[i] is
// non-nil when refs[i]'s province failed; the other provinces still answer.
func (f *Federation) TasksByOrigins(ctx context.Context, refs []OriginRef) (tasks [][]civ.Task, errs []error) {
	tasks = make([][]civ.Task, len(refs))
	errs = make([]error, len(refs))
	keys := make([]batchKey, len(refs))
	for i, r := range refs {
		keys[i] = batchKey{r.Province, KindTask, r.ID, i}
	}
	f.runBatches(ctx, keys, errs, func(ctx context.Context, src connectors.Source, b batch) error {
		byOrigin, err := f.tasksOf(ctx, src, b)
		spread(b, byOrigin, tasks)
		return err
	})
	return tasks, errs
}

// tasksOf lists the tasks the batch's origins set, grouped by origin.
func (f *Federation) tasksOf(ctx context.Context, src connectors.Source, b batch) (map[string][]civ.Task, error) {
	byOrigin := map[string][]civ.Task{}
	read := 0
	for {
		q := connectors.Query{Filter: civ.Filter{OriginIDs: b.ids}, Offset: read, Limit: MaxPageSize}
		res, err := src.Tasks(ctx, q)
		ue := f.normalize(ctx, b.province, KindTask, err)
		recordSource(ctx, b.province, res.Meta, ue)
		if ue != nil {
			return nil, ue
		}
		age := dataAgeOf(res.Meta, time.Now())
		for _, t := range res.Items {
			if _, asked := b.at[t.OriginID]; asked {
				byOrigin[t.OriginID] = append(byOrigin[t.OriginID], withAge(t, age))
			}
		}
		read += len(res.Items)
		if len(res.Items) == 0 || read >= res.Total {
			return byOrigin, nil
		}
		if read >= maxTasksPerBatch {
			return nil, connectors.NewError(b.province, connectors.CodeBadResponse, "list tasks",
				fmt.Sprintf("more than %d tasks for %d origins", maxTasksPerBatch, len(b.ids)), nil)
		}
	}
}

// batchKey is one key of a batched lookup: a local ID of one kind in one
// province, answering position at of the caller's list.
type batchKey struct {
	province civ.ProvinceCode
	kind     Kind
	id       string
	at       int
}

// batch is at most MaxBatch distinct local IDs of one kind in one
// province, with the positions each answers (a key may repeat).
type batch struct {
	province civ.ProvinceCode
	kind     Kind
	ids      []string
	at       map[string][]int
}

// batchesOf groups keys by province and kind, in first-seen order, and
// splits each group into batches of at most MaxBatch distinct IDs.
func batchesOf(keys []batchKey) []batch {
	type group struct {
		province civ.ProvinceCode
		kind     Kind
	}
	open := map[group]int{} // the group's batch still taking IDs
	var out []batch
	for _, k := range keys {
		g := group{k.province, k.kind}
		i, ok := open[g]
		if ok {
			if _, seen := out[i].at[k.id]; seen {
				out[i].at[k.id] = append(out[i].at[k.id], k.at)
				continue
			}
		}
		if !ok || len(out[i].ids) == MaxBatch {
			out = append(out, batch{province: k.province, kind: k.kind, at: map[string][]int{}})
			i = len(out) - 1
			open[g] = i
		}
		out[i].ids = append(out[i].ids, k.id)
		out[i].at[k.id] = []int{k.at}
	}
	return out
}

// runBatches runs fetch for every batch of keys in parallel, at most
// batchConcurrency at once, each under the source deadline. A batch's
// error goes to every position it answers; so does the error of a
// province this gateway has no source for.
func (f *Federation) runBatches(ctx context.Context, keys []batchKey, errs []error, fetch func(context.Context, connectors.Source, batch) error) {
	sem := make(chan struct{}, batchConcurrency)
	var wg sync.WaitGroup
	for _, b := range batchesOf(keys) {
		src, ok := f.sources[b.province]
		if !ok {
			fail(b, errs, invalidInput("province %s is not configured on this gateway", b.province))
			continue
		}
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			defer func() {
				if v := recover(); v != nil { // a connector bug must not end the process
					fail(b, errs, &PanicError{Value: v, Stack: debug.Stack()})
				}
			}()
			sctx, cancel := f.sourceContext(ctx)
			defer cancel()
			fail(b, errs, fetch(sctx, src, b))
		})
	}
	wg.Wait()
}

// spread copies each key's value to every position b answers.
func spread[V any](b batch, byKey map[string]V, out []V) {
	for id, at := range b.at {
		for _, i := range at {
			out[i] = byKey[id]
		}
	}
}

// PanicError is a panic recovered in a goroutine a batched lookup started
// (a connector bug). It fails that batch's keys and carries the value and
// stack, so that the caller can raise it where its own panic handling
// (the GraphQL handler's) reports it.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v\n%s", e.Value, e.Stack) }

// fail sets err at every position b answers (nothing when err is nil).
func fail(b batch, errs []error, err error) {
	if err == nil {
		return
	}
	for _, at := range b.at {
		for _, i := range at {
			errs[i] = err
		}
	}
}
