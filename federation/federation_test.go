package federation_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/federation"
)

// memorySource is an in-process Source over fixed rows, applying the
// reference filter semantics; hooks let tests fail or block it.
type memorySource struct {
	province civ.ProvinceCode
	sites    []civ.ServiceSite
	fail     error
	before   func(ctx context.Context) error
}

func (m *memorySource) Province() civ.ProvinceCode            { return m.province }
func (m *memorySource) Capabilities() connectors.Capabilities { return connectors.Capabilities{} }
func (m *memorySource) Meetings(context.Context, connectors.Query) (connectors.Result[civ.Meeting], error) {
	return connectors.Result[civ.Meeting]{}, nil
}
func (m *memorySource) PolicyDocuments(context.Context, connectors.Query) (connectors.Result[civ.PolicyDocument], error) {
	return connectors.Result[civ.PolicyDocument]{}, nil
}
func (m *memorySource) Tasks(context.Context, connectors.Query) (connectors.Result[civ.Task], error) {
	return connectors.Result[civ.Task]{}, nil
}

func (m *memorySource) ServiceSites(ctx context.Context, q connectors.Query) (connectors.Result[civ.ServiceSite], error) {
	if m.before != nil {
		if err := m.before(ctx); err != nil {
			return connectors.Result[civ.ServiceSite]{}, err
		}
	}
	if m.fail != nil {
		return connectors.Result[civ.ServiceSite]{}, m.fail
	}
	var match []civ.ServiceSite
	for _, s := range m.sites {
		if q.Filter.MatchServiceSite(s) {
			match = append(match, s)
		}
	}
	lo := min(q.Offset, len(match))
	hi := min(lo+q.Limit, len(match))
	return connectors.Result[civ.ServiceSite]{Items: match[lo:hi], Total: len(match), Meta: connectors.Meta{FetchedAt: time.Now()}}, nil
}

func sites(p civ.ProvinceCode, n int) []civ.ServiceSite {
	out := make([]civ.ServiceSite, n)
	for i := range out {
		typ := civ.SiteMealPoint
		if i%3 == 0 {
			typ = civ.SiteCommunityCanteen
		}
		out[i] = civ.ServiceSite{ID: fmt.Sprintf("%s-%04d", p, i), Province: p, Type: typ, Name: fmt.Sprintf("site %d", i)}
	}
	return out
}

func newFederation(t *testing.T, srcs ...*memorySource) *federation.Federation {
	t.Helper()
	var list []connectors.Source
	for _, s := range srcs {
		list = append(list, s)
	}
	return federationOver(t, list)
}

func federationOver(t *testing.T, list []connectors.Source) *federation.Federation {
	t.Helper()
	f, err := federation.New(list, []byte("test secret"))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func fourProvinces(sizes [4]int) []*memorySource {
	var out []*memorySource
	for i, p := range civ.AllProvinces {
		out = append(out, &memorySource{province: p, sites: sites(p, sizes[i])})
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// walk pages through a list to the end and returns every row in order.
func walk(t *testing.T, f *federation.Federation, req federation.Request) ([]civ.ServiceSite, int) {
	t.Helper()
	var rows []civ.ServiceSite
	total := -1
	for range 10000 {
		page, err := f.ServiceSites(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Errors) > 0 {
			t.Fatalf("unexpected source errors: %v", page.Errors)
		}
		if total >= 0 && page.TotalCount != total {
			t.Fatalf("totalCount changed between pages: %d then %d", total, page.TotalCount)
		}
		total = page.TotalCount
		for _, e := range page.Edges {
			rows = append(rows, e.Node)
		}
		if !page.HasNextPage {
			return rows, total
		}
		if len(page.Edges) == 0 {
			t.Fatal("hasNextPage with an empty page")
		}
		req.After = page.Edges[len(page.Edges)-1].Cursor
	}
	t.Fatal("walk did not end")
	return nil, 0
}

func TestWalkAcrossProvincesHasNoGapOrDuplicate(t *testing.T) {
	sizes := [4]int{23, 0, 101, 7}
	for _, first := range []int{1, 7, 20, 100} {
		for _, filter := range []civ.Filter{{}, {SiteType: civ.SiteCommunityCanteen}} {
			t.Run(fmt.Sprintf("first=%d/type=%s", first, filter.SiteType), func(t *testing.T) {
				srcs := fourProvinces(sizes)
				f := newFederation(t, srcs...)
				rows, total := walk(t, f, federation.Request{Filter: filter, First: ptr(first)})
				var want []civ.ServiceSite
				for _, s := range srcs {
					for _, site := range s.sites {
						if filter.MatchServiceSite(site) {
							want = append(want, site)
						}
					}
				}
				if total != len(want) || len(rows) != len(want) {
					t.Fatalf("walked %d rows, totalCount %d, want %d", len(rows), total, len(want))
				}
				seen := map[string]bool{}
				for i, r := range rows {
					if seen[r.ID] {
						t.Fatalf("duplicate %s", r.ID)
					}
					seen[r.ID] = true
					if r.ID != want[i].ID {
						t.Fatalf("row %d = %s, want %s (canonical province order)", i, r.ID, want[i].ID)
					}
				}
			})
		}
	}
}

func TestFailedProvinceYieldsPartialPage(t *testing.T) {
	srcs := fourProvinces([4]int{3, 3, 3, 3})
	srcs[1].fail = connectors.NewError(civ.Shanghai, connectors.CodeUnavailable, "list sites", "down", errors.New("dial refused"))
	f := newFederation(t, srcs...)
	page, err := f.ServiceSites(context.Background(), federation.Request{First: ptr(100)})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Edges) != 9 || page.TotalCount != 9 {
		t.Fatalf("got %d edges, totalCount %d; want the 9 rows of the three healthy provinces", len(page.Edges), page.TotalCount)
	}
	if len(page.Errors) != 1 || page.Errors[0].Province != civ.Shanghai || page.Errors[0].Code != connectors.CodeUnavailable {
		t.Fatalf("errors = %v, want one SOURCE_UNAVAILABLE for SHANGHAI", page.Errors)
	}
}

func TestSourcesAreCalledInParallelUnderTheDeadline(t *testing.T) {
	srcs := fourProvinces([4]int{1, 1, 1, 1})
	var arrived sync.WaitGroup
	arrived.Add(3)
	for _, s := range srcs[:3] {
		// Each of three sources waits for the other two: only a parallel
		// fan-out can complete without hitting the deadline.
		s.before = func(ctx context.Context) error {
			arrived.Done()
			done := make(chan struct{})
			go func() { arrived.Wait(); close(done) }()
			select {
			case <-done:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	// The fourth never answers by itself: it must be cut off by the deadline.
	srcs[3].before = func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }
	f := newFederation(t, srcs...)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	page, err := f.ServiceSites(ctx, federation.Request{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Edges) != 3 {
		t.Fatalf("got %d edges, want 3", len(page.Edges))
	}
	if len(page.Errors) != 1 || page.Errors[0].Code != connectors.CodeTimeout || page.Errors[0].Province != civ.AllProvinces[3] {
		t.Fatalf("errors = %v, want one SOURCE_TIMEOUT for %s", page.Errors, civ.AllProvinces[3])
	}
}

func TestCursorsAreTamperChecked(t *testing.T) {
	f := newFederation(t, fourProvinces([4]int{5, 5, 5, 5})...)
	page, err := f.ServiceSites(context.Background(), federation.Request{First: ptr(2)})
	if err != nil {
		t.Fatal(err)
	}
	cursor := page.Edges[1].Cursor
	other, _ := federation.New(nil, []byte("another deployment"))
	tampered := []byte(cursor)
	tampered[3] ^= 1
	cases := map[string]struct {
		f   *federation.Federation
		req federation.Request
	}{
		"altered":         {f, federation.Request{After: string(tampered)}},
		"not base64":      {f, federation.Request{After: "!!!"}},
		"other filter":    {f, federation.Request{After: cursor, Filter: civ.Filter{Keyword: "x"}}},
		"other provinces": {f, federation.Request{After: cursor, Provinces: []civ.ProvinceCode{civ.Hebei}}},
		"other secret":    {other, federation.Request{After: cursor}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := c.f.ServiceSites(context.Background(), c.req)
			if !errors.Is(err, federation.ErrInvalidInput) {
				t.Fatalf("err = %v, want ErrInvalidInput", err)
			}
		})
	}
}

func TestPageSizeBounds(t *testing.T) {
	f := newFederation(t, fourProvinces([4]int{5, 5, 5, 5})...)
	for _, first := range []int{-1, federation.MaxPageSize + 1} {
		if _, err := f.ServiceSites(context.Background(), federation.Request{First: ptr(first)}); !errors.Is(err, federation.ErrInvalidInput) {
			t.Errorf("first=%d: err = %v, want ErrInvalidInput", first, err)
		}
	}
	page, err := f.ServiceSites(context.Background(), federation.Request{First: ptr(0)})
	if err != nil || len(page.Edges) != 0 || page.TotalCount != 20 || !page.HasNextPage {
		t.Fatalf("first=0: %d edges, total %d, next %v, err %v; want 0, 20, true, nil", len(page.Edges), page.TotalCount, page.HasNextPage, err)
	}
}

func TestGlobalIDs(t *testing.T) {
	id := federation.EncodeID(federation.KindServiceSite, civ.Jiangsu, "JS-MAR-001")
	got, err := federation.DecodeID(id)
	if err != nil || got != (federation.GlobalID{Kind: federation.KindServiceSite, Province: civ.Jiangsu, LocalID: "JS-MAR-001"}) {
		t.Fatalf("DecodeID = %+v, %v", got, err)
	}
	for _, bad := range []string{"", "***", federation.EncodeID("Nope", civ.Jiangsu, "x"), federation.EncodeID(federation.KindTask, "MARS", "x"), federation.EncodeID(federation.KindTask, civ.Hubei, "")} {
		if _, err := federation.DecodeID(bad); !errors.Is(err, federation.ErrInvalidInput) {
			t.Errorf("DecodeID(%q) err = %v, want ErrInvalidInput", bad, err)
		}
	}
}

func TestNodeRoutesToOwningSource(t *testing.T) {
	srcs := fourProvinces([4]int{3, 3, 3, 3})
	f := newFederation(t, srcs...)
	want := srcs[2].sites[1]
	got, err := f.Node(context.Background(), federation.EncodeID(federation.KindServiceSite, want.Province, want.ID))
	if err != nil {
		t.Fatal(err)
	}
	if site, ok := got.(civ.ServiceSite); !ok || site.ID != want.ID {
		t.Fatalf("Node = %#v, want %s", got, want.ID)
	}
	missing, err := f.Node(context.Background(), federation.EncodeID(federation.KindServiceSite, want.Province, "nope"))
	if err != nil || missing != nil {
		t.Fatalf("missing node = %v, %v; want nil, nil", missing, err)
	}
}

func TestSlowSourceIsCutOffBySourceDeadline(t *testing.T) {
	srcs := fourProvinces([4]int{2, 2, 2, 2})
	srcs[2].before = func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }
	var list []connectors.Source
	for _, s := range srcs {
		list = append(list, s)
	}
	f, err := federation.New(list, []byte("k"), federation.WithSourceDeadline(50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	// The request may take 5 s; the slow province only 50 ms. Without the
	// source deadline the call would end with the request's deadline.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	page, err := f.ServiceSites(ctx, federation.Request{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Edges) != 6 || len(page.Errors) != 1 || page.Errors[0].Code != connectors.CodeTimeout || page.Errors[0].Province != srcs[2].province {
		t.Fatalf("%d edges, errors %v; want the 6 rows of the others and SOURCE_TIMEOUT for %s", len(page.Edges), page.Errors, srcs[2].province)
	}
	if ctx.Err() != nil {
		t.Fatal("the request's own deadline passed: the source deadline did not apply")
	}
}

func TestNodesKeepsGoodIDsWhenOthersFail(t *testing.T) {
	srcs := fourProvinces([4]int{2, 2, 2, 2})
	srcs[3].fail = connectors.NewError(srcs[3].province, connectors.CodeUnavailable, "list", "down", nil)
	f := newFederation(t, srcs...)
	good := srcs[0].sites[1]
	ids := []string{
		federation.EncodeID(federation.KindServiceSite, good.Province, good.ID),
		"not-an-id",
		federation.EncodeID(federation.KindServiceSite, srcs[3].province, string(srcs[3].province)+"-0000"),
		federation.EncodeID(federation.KindServiceSite, good.Province, "missing"),
	}
	nodes, errs := f.Nodes(context.Background(), ids)
	if len(nodes) != 4 || nodes[0].(civ.ServiceSite).ID != good.ID || nodes[1] != nil || nodes[2] != nil || nodes[3] != nil {
		t.Fatalf("nodes = %v", nodes)
	}
	if len(errs) != 2 {
		t.Fatalf("errs = %v; want the malformed ID and the failed province", errs)
	}
	if _, errs := f.Nodes(context.Background(), make([]string, federation.MaxNodes+1)); len(errs) != 1 || !errors.Is(errs[0], federation.ErrInvalidInput) {
		t.Fatalf("too many ids: %v", errs)
	}
}

// An error about a client-sent ID repeats only its start, however long it is.
func TestDecodeIDErrorEchoesABoundedPrefix(t *testing.T) {
	huge := strings.Repeat("A", 1<<20)
	for _, id := range []string{huge, huge + "!", base64.RawURLEncoding.EncodeToString([]byte("MEETING:" + huge + ":x"))} {
		_, err := federation.DecodeID(id)
		if !errors.Is(err, federation.ErrInvalidInput) {
			t.Fatalf("err = %v, want invalid input", err)
		}
		if len(err.Error()) > 300 {
			t.Errorf("the error repeats %d bytes of the ID: %.120s…", len(err.Error()), err.Error())
		}
	}
}

// Free-text arguments no real search needs are refused before any
// province is asked with them.
func TestOverlongFilterArgumentsAreRefusedBeforeFanOut(t *testing.T) {
	srcs := fourProvinces([4]int{1, 1, 1, 1})
	var asked atomic.Int32
	for _, s := range srcs {
		s.before = func(context.Context) error { asked.Add(1); return nil }
	}
	f := newFederation(t, srcs...)
	for name, filter := range map[string]civ.Filter{
		"keyword":    {Keyword: strings.Repeat("民", federation.MaxKeywordRunes+1)},
		"regionCode": {RegionCode: strings.Repeat("1", 1<<16)},
	} {
		_, err := f.ServiceSites(context.Background(), federation.Request{Filter: filter})
		if !errors.Is(err, federation.ErrInvalidInput) || len(err.Error()) > 200 {
			t.Errorf("%s: err = %.200v, want a short invalid-input error", name, err)
		}
	}
	if _, err := f.ServiceSites(context.Background(), federation.Request{Filter: civ.Filter{Keyword: strings.Repeat("民", federation.MaxKeywordRunes)}}); err != nil {
		t.Errorf("a keyword of exactly %d characters: %v", federation.MaxKeywordRunes, err)
	}
	if n := asked.Load(); n != 4 {
		t.Errorf("%d source calls; want only the 4 of the allowed keyword", n)
	}
	huge := strings.Repeat("A", federation.MaxIDBytes+1)
	if _, err := federation.DecodeID(huge); !errors.Is(err, federation.ErrInvalidInput) {
		t.Errorf("a %d-byte ID: %v", len(huge), err)
	}
}
