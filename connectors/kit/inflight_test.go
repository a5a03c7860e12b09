package kit_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/httpclient"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/panics"
)

// uncached is the policy of a province with cache_ttl 0.
var uncached = cache.Policy{}

// newConn is a connector's Conn; the loads of these tests never dial it.
func newConn(t *testing.T) kit.Conn {
	t.Helper()
	c, err := kit.Connect(civ.Hebei, "http://127.0.0.1:1/hebei", httpclient.Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// blockingLoad answers answer once release is closed, counting its calls.
func blockingLoad(calls *atomic.Int32, release <-chan struct{}, answer func(context.Context) ([]byte, error)) func(context.Context) ([]byte, error) {
	return func(ctx context.Context) ([]byte, error) {
		calls.Add(1)
		<-release
		return answer(ctx)
	}
}

type outcome struct {
	raw kit.Raw
	err error
}

// fetchAll starts one Fetch per key at once (the Conns created outside the
// bubble) and returns their outcomes once release is closed and all ended.
func fetchAll(conns []kit.Conn, keys []string, ctxs []context.Context, load func(i int) func(context.Context) ([]byte, error), release chan struct{}) []outcome {
	out := make([]outcome, len(keys))
	var wg sync.WaitGroup
	for i, key := range keys {
		wg.Go(func() {
			ctx := context.Background()
			if ctxs != nil {
				ctx = ctxs[i]
			}
			out[i].raw, out[i].err = conns[i].Fetch(ctx, key, uncached, load(i))
		})
	}
	synctest.Wait() // every caller is in the upstream call or waiting for it
	close(release)
	wg.Wait()
	return out
}

func TestUncachedReadsInFlightShareOneCall(t *testing.T) {
	conn := newConn(t)
	synctest.Test(t, func(t *testing.T) {
		var calls atomic.Int32
		release := make(chan struct{})
		load := blockingLoad(&calls, release, func(context.Context) ([]byte, error) { return []byte("page 1"), nil })
		out := fetchAll(slices.Repeat([]kit.Conn{conn}, 5), slices.Repeat([]string{"hebei:/sites?page=1"}, 5), nil,
			func(int) func(context.Context) ([]byte, error) { return load }, release)
		if calls.Load() != 1 {
			t.Errorf("5 callers made %d upstream calls, want 1", calls.Load())
		}
		for i, o := range out {
			if o.err != nil || string(o.raw.Result.Value) != "page 1" || !o.raw.Result.Transient {
				t.Errorf("caller %d: %q (transient %v), %v", i, o.raw.Result.Value, o.raw.Result.Transient, o.err)
			}
		}
		// The shared callers show in the cache's coalesced waits, as
		// cached loads shared by the cache do.
		if n := conn.Cache.Stats()["hebei"].Coalesced; n != 5 {
			t.Errorf("coalesced waits %d, want the 5 callers of one shared call", n)
		}
	})
}

func TestOtherRequestsAndOtherConnectorsAreNeverShared(t *testing.T) {
	a, b := newConn(t), newConn(t) // two connectors: two credentials
	synctest.Test(t, func(t *testing.T) {
		var calls atomic.Int32
		release := make(chan struct{})
		conns := []kit.Conn{a, a, b}
		keys := []string{"hebei:/sites?page=1", "hebei:/sites?page=2", "hebei:/sites?page=1"}
		out := fetchAll(conns, keys, nil, func(i int) func(context.Context) ([]byte, error) {
			return blockingLoad(&calls, release, func(context.Context) ([]byte, error) { return []byte("answer " + strconv.Itoa(i)), nil })
		}, release)
		if calls.Load() != 3 {
			t.Errorf("3 different requests made %d upstream calls, want 3", calls.Load())
		}
		for i, o := range out {
			if want := "answer " + strconv.Itoa(i); o.err != nil || string(o.raw.Result.Value) != want {
				t.Errorf("caller %d got %q, %v; want its own %q", i, o.raw.Result.Value, o.err, want)
			}
		}
	})
}

func TestAFailedSharedCallFailsEveryCallerAlike(t *testing.T) {
	conn := newConn(t)
	down := connectors.NewError(civ.Hebei, connectors.CodeUnavailable, "list", "the upstream could not be reached", nil)
	for name, c := range map[string]struct {
		answer func(context.Context) ([]byte, error)
		is     func(error) bool
	}{
		"coded error": {func(context.Context) ([]byte, error) { return nil, down }, func(err error) bool { return errors.Is(err, down) }},
		"panic": {func(context.Context) ([]byte, error) { panic("load broke") }, func(err error) bool {
			var pe *panics.Error
			return errors.As(err, &pe)
		}},
	} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var calls atomic.Int32
				release := make(chan struct{})
				load := blockingLoad(&calls, release, c.answer)
				out := fetchAll(slices.Repeat([]kit.Conn{conn}, 4), slices.Repeat([]string{"hebei:/sites?page=1"}, 4), nil,
					func(int) func(context.Context) ([]byte, error) { return load }, release)
				if calls.Load() != 1 {
					t.Errorf("%d upstream calls, want 1", calls.Load())
				}
				for i, o := range out {
					if o.err == nil || o.err != out[0].err {
						t.Errorf("caller %d: error %v, want the first caller's %v", i, o.err, out[0].err)
					}
				}
				if !c.is(out[0].err) {
					t.Errorf("error %v is not the call's", out[0].err)
				}
			})
		})
	}
}

func TestACallerThatStopsWaitingDoesNotFailTheOthers(t *testing.T) {
	conn := newConn(t)
	synctest.Test(t, func(t *testing.T) {
		var calls atomic.Int32
		release := make(chan struct{})
		first, leave := context.WithCancel(context.Background())
		load := blockingLoad(&calls, release, func(ctx context.Context) ([]byte, error) {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return []byte("page 1"), nil
		})
		out := make([]outcome, 2)
		var wg sync.WaitGroup
		wg.Go(func() { out[0].raw, out[0].err = conn.Fetch(first, "hebei:/sites?page=1", uncached, load) })
		synctest.Wait() // the first caller's call is on its way
		wg.Go(func() {
			out[1].raw, out[1].err = conn.Fetch(context.Background(), "hebei:/sites?page=1", uncached, load)
		})
		synctest.Wait()
		leave()
		synctest.Wait()
		close(release)
		wg.Wait()
		if !errors.Is(out[0].err, context.Canceled) {
			t.Errorf("the caller that left got %v, want its context's error", out[0].err)
		}
		if out[1].err != nil || string(out[1].raw.Result.Value) != "page 1" || calls.Load() != 1 {
			t.Errorf("the caller that waited got %q, %v after %d calls", out[1].raw.Result.Value, out[1].err, calls.Load())
		}
	})
}

func TestASharedUncachedPageIsDecodedOnce(t *testing.T) {
	conn := newConn(t)
	synctest.Test(t, func(t *testing.T) {
		var calls, decodes atomic.Int32
		release := make(chan struct{})
		load := blockingLoad(&calls, release, func(context.Context) ([]byte, error) { return []byte("1,2,3"), nil })
		decode := func(v []byte) ([]int, int, error) {
			decodes.Add(1)
			var rows []int
			for _, f := range []byte(v) {
				if f != ',' {
					rows = append(rows, int(f-'0'))
				}
			}
			return rows, 3, nil
		}
		fetch := func(ctx context.Context, page int) (kit.Raw, error) {
			return conn.Fetch(ctx, fmt.Sprintf("hebei:/sites?page=%d", page), uncached, load)
		}
		results := make([]connectors.Result[int], 4)
		errs := make([]error, 4)
		var wg sync.WaitGroup
		for i := range results {
			wg.Go(func() {
				results[i], errs[i] = kit.PagedRows(context.Background(), civ.Hebei, "list", connectors.Query{Limit: 2}, 3, nil, fetch, decode,
					func(w int) (int, error) { return w * 2, nil })
			})
		}
		synctest.Wait()
		close(release)
		wg.Wait()
		if calls.Load() != 1 || decodes.Load() != 1 {
			t.Errorf("4 callers: %d upstream calls and %d decodings, want 1 and 1", calls.Load(), decodes.Load())
		}
		for i, res := range results {
			if errs[i] != nil || !slices.Equal(res.Items, results[0].Items) || len(res.Items) != 2 || res.Total != 3 {
				t.Errorf("caller %d: %v (total %d), %v", i, res.Items, res.Total, errs[i])
			}
		}
	})
}
