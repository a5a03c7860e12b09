package loaders_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/federation"
	"github.com/civgraph/civgraph/resolvers/loaders"
)

// recordingSource answers every key and records the batches it was given.
type recordingSource struct {
	mu      sync.Mutex
	batches [][]string
	fail    civ.ProvinceCode // keys of this province fail
}

func (s *recordingSource) record(keys []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.batches = append(s.batches, keys)
}

func (s *recordingSource) Lookup(_ context.Context, ids []string) ([]civ.Entity, []error) {
	s.record(ids)
	out := make([]civ.Entity, len(ids))
	for i, id := range ids {
		out[i] = civ.Task{ID: id}
	}
	return out, make([]error, len(ids))
}

func (s *recordingSource) TasksByOrigins(_ context.Context, refs []federation.OriginRef) ([][]civ.Task, []error) {
	keys := make([]string, len(refs))
	tasks := make([][]civ.Task, len(refs))
	errs := make([]error, len(refs))
	for i, r := range refs {
		keys[i] = r.ID
		if r.Province == s.fail {
			errs[i] = fmt.Errorf("%s failed", r.Province)
			continue
		}
		tasks[i] = []civ.Task{{ID: r.ID + "-task", OriginID: r.ID, Province: r.Province}}
	}
	s.record(keys)
	return tasks, errs
}

// TestSiblingLoadsShareOneBatch loads from many goroutines at once, as
// gqlgen resolves the items of a list: one batch, each key its own answer,
// and a failing province fails only its keys.
func TestSiblingLoadsShareOneBatch(t *testing.T) {
	src := &recordingSource{fail: civ.Hubei}
	l := loaders.New(src, 50*time.Millisecond) // generous: a loaded machine still batches
	start := make(chan struct{})               // all goroutines load at once, like gqlgen's
	var wg sync.WaitGroup
	for i := range 50 {
		p := civ.Hebei
		if i%5 == 0 {
			p = civ.Hubei
		}
		id := fmt.Sprintf("M%02d", i)
		wg.Go(func() {
			<-start
			tasks, err := l.Tasks(context.Background(), p, id)
			switch {
			case p == civ.Hubei && err == nil:
				t.Errorf("%s %s: no error from the failing province", p, id)
			case p != civ.Hubei && (err != nil || len(tasks) != 1 || tasks[0].OriginID != id):
				t.Errorf("%s %s: %v, %v", p, id, tasks, err)
			}
		})
	}
	close(start)
	wg.Wait()
	if len(src.batches) != 1 || len(src.batches[0]) != 50 {
		t.Fatalf("batches %v; want one of 50 keys", src.batches)
	}
}

func TestBatchesAreBounded(t *testing.T) {
	src := &recordingSource{}
	l := loaders.New(src, 0)
	ids := make([]string, 250)
	for i := range ids {
		ids[i] = fmt.Sprintf("id-%03d", i)
	}
	nodes, errs := l.Nodes(context.Background(), ids)
	if len(errs) > 0 {
		t.Fatal(errors.Join(errs...))
	}
	for i, n := range nodes {
		if n.(civ.Task).ID != ids[i] {
			t.Fatalf("nodes[%d] = %v, want %s", i, n, ids[i])
		}
	}
	if len(src.batches) != 3 {
		t.Fatalf("%d batches for 250 keys, want 3", len(src.batches))
	}
	for _, b := range src.batches {
		if len(b) > loaders.MaxBatch {
			t.Fatalf("a batch of %d keys, over %d", len(b), loaders.MaxBatch)
		}
	}
}

func TestForReturnsTheRequestsLoaders(t *testing.T) {
	l := loaders.New(&recordingSource{}, 0)
	if loaders.For(context.Background()) != nil {
		t.Fatal("a context without loaders has some")
	}
	if loaders.For(loaders.With(context.Background(), l)) != l {
		t.Fatal("For does not return the loaders With stored")
	}
}
