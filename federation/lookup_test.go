package federation_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/federation"
)

// taskSource serves tasks (each origin sets perOrigin of them) and counts
// its calls; it answers with the reference filter semantics.
type taskSource struct {
	memorySource
	tasks []civ.Task
	calls atomic.Int32
}

func (s *taskSource) Tasks(_ context.Context, q connectors.Query) (connectors.Result[civ.Task], error) {
	s.calls.Add(1)
	if s.fail != nil {
		return connectors.Result[civ.Task]{}, s.fail
	}
	if len(q.Filter.OriginIDs) > civ.MaxFilterValues || len(q.Filter.IDs) > civ.MaxFilterValues {
		return connectors.Result[civ.Task]{}, fmt.Errorf("%d origins, %d ids: more than an upstream takes", len(q.Filter.OriginIDs), len(q.Filter.IDs))
	}
	items, total := civ.Select(s.tasks, func(t civ.Task) bool { return q.Filter.MatchTask(t) }, q.Offset, q.Limit)
	return connectors.Result[civ.Task]{Items: items, Total: total}, nil
}

func tasksOf(p civ.ProvinceCode, origins, perOrigin int) []civ.Task {
	var out []civ.Task
	for o := range origins {
		for i := range perOrigin {
			out = append(out, civ.Task{ID: fmt.Sprintf("%s-T%04d-%d", p, o, i), Province: p, OriginID: origin(p, o)})
		}
	}
	return out
}

func origin(p civ.ProvinceCode, o int) string { return fmt.Sprintf("%s-M%04d", p, o) }

func newTaskFederation(t *testing.T, srcs ...*taskSource) *federation.Federation {
	t.Helper()
	var list []connectors.Source
	for _, s := range srcs {
		list = append(list, s)
	}
	return federationOver(t, list)
}

func TestTasksByOriginsBatchesPerProvince(t *testing.T) {
	hebei := &taskSource{memorySource: memorySource{province: civ.Hebei}, tasks: tasksOf(civ.Hebei, 250, 3)}
	hubei := &taskSource{memorySource: memorySource{province: civ.Hubei}, tasks: tasksOf(civ.Hubei, 5, 2)}
	f := newTaskFederation(t, hebei, hubei)

	// 250 Hebei origins (one asked twice) and 5 Hubei ones, interleaved,
	// plus one that sets nothing and one of a province without a source.
	var refs []federation.OriginRef
	for o := range 250 {
		refs = append(refs, federation.OriginRef{Province: civ.Hebei, ID: origin(civ.Hebei, o)})
		if o < 5 {
			refs = append(refs, federation.OriginRef{Province: civ.Hubei, ID: origin(civ.Hubei, o)})
		}
	}
	refs = append(refs, refs[0], federation.OriginRef{Province: civ.Hubei, ID: "none"}, federation.OriginRef{Province: civ.Shanghai, ID: "x"})

	tasks, errs := f.TasksByOrigins(context.Background(), refs)
	for i, r := range refs {
		switch {
		case r.Province == civ.Shanghai:
			if !errors.Is(errs[i], federation.ErrInvalidInput) {
				t.Errorf("unconfigured province: err %v", errs[i])
			}
		case errs[i] != nil:
			t.Errorf("%v: %v", r, errs[i])
		case r.ID == "none":
			if len(tasks[i]) != 0 {
				t.Errorf("origin without tasks got %d", len(tasks[i]))
			}
		default:
			want := 3
			if r.Province == civ.Hubei {
				want = 2
			}
			if len(tasks[i]) != want {
				t.Errorf("%v: %d tasks, want %d", r, len(tasks[i]), want)
			}
			for _, tk := range tasks[i] {
				if tk.OriginID != r.ID || tk.Province != r.Province {
					t.Errorf("%v got task %s of origin %s", r, tk.ID, tk.OriginID)
				}
			}
		}
	}
	// Hebei: 250 origins in batches of 100 → 3 batches; their 300, 300
	// and 150 tasks take 3, 3 and 2 pages of 100. Hubei: one call.
	if got := hebei.calls.Load(); got != 8 {
		t.Errorf("Hebei called %d times, want 8 (3 batches of at most 100 origins, paged by 100 tasks)", got)
	}
	if got := hubei.calls.Load(); got != 1 {
		t.Errorf("Hubei called %d times, want 1", got)
	}
}

func TestLookupFailsOnlyTheFailingProvincesKeys(t *testing.T) {
	hebei := &taskSource{memorySource: memorySource{province: civ.Hebei}, tasks: tasksOf(civ.Hebei, 3, 1)}
	hubei := &taskSource{memorySource: memorySource{province: civ.Hubei, fail: connectors.NewError(civ.Hubei, connectors.CodeUnavailable, "list tasks", "down", nil)}}
	f := newTaskFederation(t, hebei, hubei)
	ids := []string{
		federation.EncodeID(federation.KindTask, civ.Hebei, hebei.tasks[2].ID),
		federation.EncodeID(federation.KindTask, civ.Hubei, "HUBEI-T0000-0"),
		"not-an-id",
		federation.EncodeID(federation.KindTask, civ.Hebei, hebei.tasks[0].ID),
		federation.EncodeID(federation.KindTask, civ.Hebei, "missing"),
	}
	nodes, errs := f.Lookup(context.Background(), ids)
	if got, ok := nodes[0].(civ.Task); !ok || got.ID != hebei.tasks[2].ID || errs[0] != nil {
		t.Errorf("ids[0]: %v, %v", nodes[0], errs[0])
	}
	if got, ok := nodes[3].(civ.Task); !ok || got.ID != hebei.tasks[0].ID || errs[3] != nil {
		t.Errorf("ids[3]: %v, %v", nodes[3], errs[3])
	}
	if nodes[4] != nil || errs[4] != nil {
		t.Errorf("missing id: %v, %v; want nil, nil", nodes[4], errs[4])
	}
	if ue, ok := connectors.AsUpstreamError(errs[1]); !ok || ue.Code != connectors.CodeUnavailable || nodes[1] != nil {
		t.Errorf("failing province: %v, %v; want its coded error", nodes[1], errs[1])
	}
	if !errors.Is(errs[2], federation.ErrInvalidInput) {
		t.Errorf("malformed id: %v", errs[2])
	}
	if got := hebei.calls.Load(); got != 1 {
		t.Errorf("Hebei called %d times for three task IDs, want 1", got)
	}
}

func TestTasksOfOneBatchAreBounded(t *testing.T) {
	hebei := &taskSource{memorySource: memorySource{province: civ.Hebei}, tasks: tasksOf(civ.Hebei, 1, 5100)}
	f := newTaskFederation(t, hebei)
	_, errs := f.TasksByOrigins(context.Background(), []federation.OriginRef{{Province: civ.Hebei, ID: origin(civ.Hebei, 0)}})
	if ue, ok := connectors.AsUpstreamError(errs[0]); !ok || ue.Code != connectors.CodeBadResponse {
		t.Fatalf("err %v; want SOURCE_BAD_RESPONSE for an origin with too many tasks", errs[0])
	}
	if got := hebei.calls.Load(); got > 50 {
		t.Fatalf("%d upstream calls for one batch, want at most 50", got)
	}
}
