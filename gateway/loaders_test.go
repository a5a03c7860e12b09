package gateway_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/federation"
	"github.com/civgraph/civgraph/internal/sampleapi"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
)

// upstreamCalls counts the HTTP requests the sample upstreams receive, per
// province, and fails those refuse picks (a province failing mid-batch).
type upstreamCalls struct {
	mu     sync.Mutex
	calls  map[civ.ProvinceCode]int
	refuse func(*http.Request) bool
}

func (u *upstreamCalls) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for p, prefix := range sampleapi.Prefix {
			if strings.HasPrefix(r.URL.Path, prefix+"/") {
				u.mu.Lock()
				u.calls[p]++
				u.mu.Unlock()
			}
		}
		if u.refuse != nil && u.refuse(r) {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// take returns the calls counted since the last take and resets them.
func (u *upstreamCalls) take() map[civ.ProvinceCode]int {
	u.mu.Lock()
	defer u.mu.Unlock()
	out := u.calls
	u.calls = map[civ.ProvinceCode]int{}
	return out
}

func total(calls map[civ.ProvinceCode]int) (n int) {
	for _, c := range calls {
		n += c
	}
	return n
}

// datasetWithMeetings is the sample data plus extra synthetic meetings per
// province (copies of a real one under new IDs), each with two tasks, so
// that a page of meetings or tasks can be as long as a test needs.
func datasetWithMeetings(t *testing.T, extra int) *dataset.Dataset {
	t.Helper()
	ds, err := dataset.Load(dataset.Options{SampleSitesPerProvince: -1})
	if err != nil {
		t.Fatal(err)
	}
	template := ds.Province(civ.Hebei).Meetings[0]
	for _, p := range civ.AllProvinces {
		pd := ds.Province(p)
		mtg := template
		if len(pd.Meetings) > 0 {
			mtg = pd.Meetings[0]
		}
		info, _ := civ.ProvinceInfo(p)
		mtg.Province, mtg.RegionCode = p, info.AdminCode
		task := pd.Tasks[0]
		for i := range extra {
			m := mtg
			m.ID = fmt.Sprintf("%s-LOAD-M%03d", p, i)
			m.Title = fmt.Sprintf("%s（批量测试 %d）", mtg.Title, i)
			pd.Meetings = append(pd.Meetings, m)
			for j := range 2 {
				tk := task
				tk.ID = fmt.Sprintf("%s-LOAD-T%03d-%d", p, i, j)
				tk.OriginKind, tk.OriginID = civ.OriginMeeting, m.ID
				pd.Tasks = append(pd.Tasks, tk)
			}
		}
	}
	return ds
}

// startCountedGateway runs the gateway over sample upstreams serving ds,
// behind a counting wrapper, over loopback HTTP.
func startCountedGateway(t *testing.T, ds *dataset.Dataset, refuse func(*http.Request) bool) (*httptest.Server, *upstreamCalls) {
	t.Helper()
	counter := &upstreamCalls{calls: map[civ.ProvinceCode]int{}, refuse: refuse}
	up := httptest.NewServer(counter.wrap(sampleapi.NewHandler(ds)))
	t.Cleanup(up.Close)
	gw := startGateway(t, func(c *config.Config) {
		for _, p := range civ.AllProvinces {
			pointAtSamples(t, c, p, up.URL)
		}
		// Generous, so that a loaded machine (the race detector, two
		// cores shared) still gathers a list's keys into one batch: the
		// test is about the bound, not the timing.
		c.GraphQL.BatchWait = 100 * time.Millisecond
		for _, s := range []*config.SourceConfig{&c.Sources.Hebei.SourceConfig, &c.Sources.Hubei.SourceConfig, &c.Sources.Jiangsu.SourceConfig, &c.Sources.Shanghai.SourceConfig} {
			s.RetryMax, s.RetryWaitMin, s.RetryWaitMax = 1, time.Millisecond, time.Millisecond
		}
	})
	counter.take() // start-up checks, if any, are not the query's
	return gw, counter
}

const meetingsWithTasks = `{ meetings(first: 20) { edges { node { id province { code } tasks { id title } } } } }`

const tasksWithOrigins = `{ tasks(first: 50) { edges { node { id province { code }
  origin { __typename ... on Meeting { id title } ... on PolicyDocument { id title } } } } } }`

type meetingTasksAnswer struct {
	Meetings struct {
		Edges []struct {
			Node struct {
				ID       string
				Province struct{ Code civ.ProvinceCode }
				Tasks    []struct{ ID, Title string }
			}
		}
	}
}

type taskOriginsAnswer struct {
	Tasks struct {
		Edges []struct {
			Node struct {
				ID       string
				Province struct{ Code civ.ProvinceCode }
				Origin   *struct {
					Typename  string `json:"__typename"`
					ID, Title string
				}
			}
		}
	}
}

func decode(t *testing.T, r gqlResponse, into any) {
	t.Helper()
	if err := json.Unmarshal(r.Data, into); err != nil {
		t.Fatalf("data %s: %v", r.Data, err)
	}
}

// TestNestedFieldsCallEachProvinceABoundedNumberOfTimes measures, at the
// sample upstreams, the calls a page of meetings with their tasks and a
// page of tasks with their origins make, for a small and a large page:
// the count must not grow with the page. The list itself asks each of the
// four provinces once; tasks by origin add at most one call per province,
// origins at most one per province and kind (meeting, policy document).
func TestNestedFieldsCallEachProvinceABoundedNumberOfTimes(t *testing.T) {
	cases := []struct {
		name, query string
		bound       int
		check       func(*testing.T, gqlResponse, *dataset.Dataset) int // rows seen
	}{
		{"20 meetings with their tasks", meetingsWithTasks, 4 + 4, checkMeetingTasks},
		{"50 tasks with their origins", tasksWithOrigins, 4 + 4*2, checkTaskOrigins},
		{"100 meetings with their tasks", strings.Replace(meetingsWithTasks, "20", "100", 1), 4 + 4, checkMeetingTasks},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// 5 extra meetings a province spread a page over the four
			// provinces; 60 fill it from the first.
			for _, extra := range []int{5, 60} {
				ds := datasetWithMeetings(t, extra)
				gw, counter := startCountedGateway(t, ds, nil)
				resp := post(t, gw.URL, c.query, nil)
				if len(resp.Errors) > 0 {
					t.Fatalf("errors: %v", resp.Errors)
				}
				calls := counter.take()
				rows := c.check(t, resp, ds)
				t.Logf("%d extra meetings a province: %d rows, upstream calls %v (total %d)", extra, rows, calls, total(calls))
				if total(calls) > c.bound {
					t.Errorf("%d upstream calls for %d rows; want at most %d whatever the page size", total(calls), rows, c.bound)
				}
			}
		})
	}
}

// checkMeetingTasks compares each meeting's tasks with the dataset's: the
// same tasks, in the upstream's order, none lost or under another meeting.
func checkMeetingTasks(t *testing.T, resp gqlResponse, ds *dataset.Dataset) int {
	t.Helper()
	var a meetingTasksAnswer
	decode(t, resp, &a)
	for _, e := range a.Meetings.Edges {
		n := e.Node
		var want []string
		for _, tk := range ds.Province(n.Province.Code).Tasks {
			if globalLocalID(t, n.ID) == tk.OriginID {
				want = append(want, tk.Title+"|"+tk.ID)
			}
		}
		var got []string
		for _, tk := range n.Tasks {
			got = append(got, tk.Title+"|"+globalLocalID(t, tk.ID))
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("meeting %s: tasks\n%s\nwant\n%s", n.ID, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	if len(a.Meetings.Edges) < 20 {
		t.Errorf("%d meetings, want a full page of at least 20", len(a.Meetings.Edges))
	}
	return len(a.Meetings.Edges)
}

// checkTaskOrigins compares each task's origin with the dataset's.
func checkTaskOrigins(t *testing.T, resp gqlResponse, ds *dataset.Dataset) int {
	t.Helper()
	var a taskOriginsAnswer
	decode(t, resp, &a)
	for _, e := range a.Tasks.Edges {
		n := e.Node
		id := globalLocalID(t, n.ID)
		for _, tk := range ds.Province(n.Province.Code).Tasks {
			if tk.ID != id {
				continue
			}
			if n.Origin == nil || globalLocalID(t, n.Origin.ID) != tk.OriginID || n.Origin.Typename != typename(tk.OriginKind) {
				t.Errorf("task %s: origin %+v, want %s %s", id, n.Origin, tk.OriginKind, tk.OriginID)
			}
		}
	}
	if len(a.Tasks.Edges) != 50 {
		t.Errorf("%d tasks, want a full page of 50", len(a.Tasks.Edges))
	}
	return len(a.Tasks.Edges)
}

func typename(k civ.OriginKind) string {
	if k == civ.OriginPolicyDocument {
		return "PolicyDocument"
	}
	return "Meeting"
}

func globalLocalID(t *testing.T, id string) string {
	t.Helper()
	gid, err := federation.DecodeID(id)
	if err != nil {
		t.Fatalf("global ID %q: %v", id, err)
	}
	return gid.LocalID
}

// TestProvinceFailingMidBatchFailsOnlyItsKeys refuses Hubei's meeting
// lookups: the batch of origins that includes Hubei's still answers the
// other provinces' tasks, and each Hubei task's origin is null with the
// province's coded error at its own path.
func TestProvinceFailingMidBatchFailsOnlyItsKeys(t *testing.T) {
	ds := datasetWithMeetings(t, 5)
	gw, _ := startCountedGateway(t, ds, func(r *http.Request) bool {
		return r.URL.Path == sampleapi.Prefix[civ.Hubei]+"/ebus/mz/meetings/query"
	})
	resp := post(t, gw.URL, tasksWithOrigins, nil)
	var a taskOriginsAnswer
	decode(t, resp, &a)
	failed := map[string]bool{} // paths of the errors
	for _, e := range resp.Errors {
		ext, _ := e["extensions"].(map[string]any)
		if ext["code"] != "SOURCE_UNAVAILABLE" || ext["province"] != "HUBEI" {
			t.Errorf("error %v; want SOURCE_UNAVAILABLE from HUBEI", e)
		}
		failed[fmt.Sprint(e["path"])] = true
	}
	hubei := 0
	for i, e := range a.Tasks.Edges {
		n := e.Node
		path := fmt.Sprint([]any{"tasks", "edges", i, "node", "origin"})
		switch {
		case n.Province.Code == civ.Hubei:
			hubei++
			if n.Origin != nil || !failed[path] {
				t.Errorf("Hubei task %s: origin %+v, error at its path %v; want null and an error", n.ID, n.Origin, failed[path])
			}
		case n.Origin == nil || failed[path]:
			t.Errorf("%s task %s lost its origin to Hubei's failure", n.Province.Code, n.ID)
		}
	}
	if hubei == 0 || len(resp.Errors) != hubei {
		t.Fatalf("%d Hubei tasks on the page, %d errors; want one error each", hubei, len(resp.Errors))
	}
	checkTaskOrigins(t, gqlResponse{Data: resp.Data}, datasetWithoutOrigins(ds, civ.Hubei))
}

// datasetWithoutOrigins is ds without province p's tasks, whose origins a
// test made fail.
func datasetWithoutOrigins(ds *dataset.Dataset, p civ.ProvinceCode) *dataset.Dataset {
	data := map[civ.ProvinceCode]*dataset.Province{}
	for _, q := range civ.AllProvinces {
		if q != p {
			data[q] = ds.Province(q)
		}
	}
	return dataset.New(data)
}

// TestRegionsNeedNoUpstreamCall: a site's region comes from the gateway's
// own division index, so asking for it adds no upstream call.
func TestRegionsNeedNoUpstreamCall(t *testing.T) {
	ds := datasetWithMeetings(t, 0)
	calls := map[bool]int{}
	for _, withRegion := range []bool{false, true} {
		gw, counter := startCountedGateway(t, ds, nil)
		fields := "id"
		if withRegion {
			fields = "id region { code name }"
		}
		resp := post(t, gw.URL, `{ serviceSites(first: 100) { edges { node { `+fields+` } } } }`, nil)
		if len(resp.Errors) > 0 || !strings.Contains(string(resp.Data), "id") {
			t.Fatalf("answer %s, errors %v", resp.Data, resp.Errors)
		}
		if withRegion && !strings.Contains(string(resp.Data), `"region":{"code"`) {
			t.Fatalf("no region in %s", resp.Data)
		}
		calls[withRegion] = total(counter.take())
	}
	if calls[true] != calls[false] {
		t.Fatalf("%d upstream calls with regions, %d without; want the same", calls[true], calls[false])
	}
}
