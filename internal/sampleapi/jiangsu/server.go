package jiangsu

import (
	"encoding/json"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
)

// DemoToken is the bearer token the sample portal accepts by default; a
// published demo value, not a secret.
const DemoToken = "jiangsu-demo-token"

// Limits of the paged API.
const (
	MaxRows = 100       // largest rows (page size) served
	MaxPage = 1_000_000 // largest page number accepted
)

// Error codes inside HTTP 200 (the portal's published list).
const (
	ErrOK          = 0
	ErrBadToken    = 10002 // token missing or unknown
	ErrRateLimited = 10004 // 访问频率超过限制: retry later
	ErrBadParams   = 10008 // 参数错误
	ErrInternal    = 10009 // 内部错误: retry later
)

// Resource ids of the paged API.
const (
	ResMeetings  = "mz_meeting"
	ResDocuments = "mz_policy"
	ResTasks     = "mz_task"
)

// Paths served, relative to the portal's root.
const (
	APIPath       = "/opendata/api"
	BulkSitesPath = "/opendata/bulk/service_sites.csv"
)

// Options configures the sample portal; the zero value accepts DemoToken
// and injects no faults.
type Options struct {
	Token string           // accepted bearer token; empty: DemoToken
	Now   func() time.Time // clock for the bulk file's Last-Modified; nil: time.Now
	// RateLimitEvery answers every n-th authenticated request with errcode
	// 10004 (0: never).
	RateLimitEvery int
	// Fault, when set, replaces RateLimitEvery: it chooses the answer to
	// the n-th authenticated request (n from 1, API and bulk file alike);
	// FaultNone serves data.
	Fault func(n int) Fault
}

type server struct {
	ds    *dataset.Dataset
	opts  Options
	count atomic.Int64

	bulkOnce sync.Once
	bulk     bulkFile
}

// New returns the Jiangsu sample portal over ds's Jiangsu data. Paths are
// relative to its root: GET /opendata/api and GET /opendata/bulk/service_sites.csv.
func New(ds *dataset.Dataset, opts Options) http.Handler {
	if opts.Token == "" {
		opts.Token = DemoToken
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &server{ds: ds, opts: opts}
	// Encode the bulk file now, in the background, rather than on the
	// first request: a million sites take seconds to encode, longer than a
	// client's attempt may wait.
	go s.bulkOnce.Do(s.buildBulk)
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+APIPath, s.api)
	mux.HandleFunc("GET "+BulkSitesPath, s.bulkSites)
	return mux
}

type envelope struct {
	Errcode      int    `json:"errcode"`
	Result       string `json:"result"`
	Totalrecords int    `json:"totalrecords"`
	Data         string `json:"data"` // JSON, encoded once more as a string
}

// reply writes an envelope in HTTP 200, as the portal does for errors too.
func reply(w http.ResponseWriter, code int, result string, total int, data any) {
	e := envelope{Errcode: code, Result: result, Totalrecords: total}
	if data != nil {
		b, _ := json.Marshal(data) // wire structs of plain fields: cannot fail
		e.Data = string(b)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(e)
}

// admit checks the token and injects faults; it reports whether the
// request may be served (otherwise the answer is written).
func (s *server) admit(w http.ResponseWriter, r *http.Request) bool {
	if r.Header.Get("Authorization") != "Bearer "+s.opts.Token {
		reply(w, ErrBadToken, "token无效", 0, nil)
		return false
	}
	return !inject(w, s.fault(int(s.count.Add(1))))
}

func (s *server) api(w http.ResponseWriter, r *http.Request) {
	if !s.admit(w, r) {
		return
	}
	p, err := readParams(r.URL.Query())
	if err != nil {
		reply(w, ErrBadParams, "参数错误："+err.Error(), 0, nil)
		return
	}
	pd := s.ds.Province(civ.Jiangsu)
	switch p.resid {
	case ResMeetings:
		serve(w, p, pd.Meetings, civ.Filter.MatchMeeting, meetingWire)
	case ResDocuments:
		serve(w, p, pd.PolicyDocuments, civ.Filter.MatchPolicyDocument, documentWire)
	case ResTasks:
		serve(w, p, pd.Tasks, civ.Filter.MatchTask, taskWire)
	}
}

// serve filters rows with the reference semantics and encodes one page.
func serve[T, W any](w http.ResponseWriter, p params, rows []T, match func(civ.Filter, T) bool, wire func(T) W) {
	sel, total := civ.Select(rows, func(t T) bool { return match(p.filter, t) }, (p.page-1)*p.rows, p.rows)
	out := make([]W, len(sel))
	for i, t := range sel {
		out[i] = wire(t)
	}
	reply(w, ErrOK, "success", total, out)
}
