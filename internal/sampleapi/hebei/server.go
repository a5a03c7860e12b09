package hebei

import (
	"encoding/json"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	"github.com/civgraph/civgraph/internal/sampleapi/sortrows"
)

// DemoAppKey is the key the sample upstream accepts by default. It is a
// published demo value, not a secret.
const DemoAppKey = "hebei-demo-appkey"

// Paging limits of the API.
const (
	DefaultPageSize = 10
	MaxPageSize     = 100
)

// Business codes inside HTTP 200 answers.
const (
	CodeOK         = 0
	CodeBadAppKey  = 1001 // appKey missing or unknown
	CodeBadParam   = 1002 // a parameter is malformed
	CodeInternal   = 5001 // 系统内部错误: a failure not worth retrying
	CodeSystemBusy = 5003 // 系统繁忙，请稍后重试: retry later
)

// Paths of the list endpoints, relative to the handler's root.
const (
	PathMeetings        = "/api/v1/hy/list"   // 会议
	PathPolicyDocuments = "/api/v1/zcwj/list" // 政策文件
	PathTasks           = "/api/v1/rw/list"   // 任务
	PathServiceSites    = "/api/v1/fwcs/list" // 服务场所
)

// Options configures the sample server. The zero value serves the demo key
// with no faults.
type Options struct {
	AppKey string           // accepted key; empty means DemoAppKey
	Now    func() time.Time // clock for the envelope's timestamp; nil means time.Now
	// BusyEvery makes every n-th authenticated request answer
	// CodeSystemBusy (0: never), to exercise clients' retries.
	BusyEvery int
	// Fault, when set, replaces BusyEvery: it returns the business code
	// the n-th authenticated request (from 1) is answered with instead of
	// data, CodeOK for none.
	Fault func(n int) int
}

type server struct {
	ds     *dataset.Dataset
	opts   Options
	count  atomic.Int64
	sorted sortrows.Index
}

// New returns the Hebei sample API over ds's Hebei data.
func New(ds *dataset.Dataset, opts Options) http.Handler {
	if opts.AppKey == "" {
		opts.AppKey = DemoAppKey
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &server{ds: ds, opts: opts}
	rows := func() *dataset.Province { return s.ds.Province(civ.Hebei) }
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+PathMeetings, list(s, func() []civ.Meeting { return rows().Meetings }, civ.Filter.MatchMeeting, sortrows.Meetings, meetingColumns, meetingWire))
	mux.HandleFunc("GET "+PathPolicyDocuments, list(s, func() []civ.PolicyDocument { return rows().PolicyDocuments }, civ.Filter.MatchPolicyDocument, sortrows.PolicyDocuments, documentColumns, documentWire))
	mux.HandleFunc("GET "+PathTasks, list(s, func() []civ.Task { return rows().Tasks }, civ.Filter.MatchTask, sortrows.Tasks, taskColumns, taskWire))
	mux.HandleFunc("GET "+PathServiceSites, list(s, func() []civ.ServiceSite { return rows().ServiceSites }, civ.Filter.MatchServiceSite, sortrows.Sites, siteColumns, siteWire))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		// The platform answers unknown interfaces inside HTTP 200 too.
		s.reply(w, CodeBadParam, "接口不存在："+r.Method+" "+r.URL.Path, nil)
	})
	return mux
}

type envelope struct {
	Code      int    `json:"code"`
	Msg       string `json:"msg"`
	Success   bool   `json:"success"`
	Data      any    `json:"data"`
	Timestamp int64  `json:"timestamp"` // server time, epoch milliseconds
}

type listData struct {
	List  any `json:"list"`
	Total int `json:"total"`
}

// messages are the platform's texts for the codes it injects.
var messages = map[int]string{
	CodeBadAppKey:  "appKey无效",
	CodeBadParam:   "参数错误",
	CodeInternal:   "系统内部错误",
	CodeSystemBusy: "系统繁忙，请稍后重试",
}

func (s *server) reply(w http.ResponseWriter, code int, msg string, data any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(envelope{Code: code, Msg: msg, Success: code == CodeOK, Data: data, Timestamp: s.opts.Now().UnixMilli()})
}

// fault returns the code the n-th authenticated request is answered with.
func (s *server) fault(n int) int {
	if s.opts.Fault != nil {
		return s.opts.Fault(n)
	}
	if s.opts.BusyEvery > 0 && n%s.opts.BusyEvery == 0 {
		return CodeSystemBusy
	}
	return CodeOK
}

// list serves one entity's list endpoint: auth, faults, parameters,
// filter, page. Only the page's rows are encoded.
func list[T, W any](s *server, rows func() []T, match func(civ.Filter, T) bool, order sortrows.Order[T], columns map[string]string, wire func(T) W) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("appKey") != s.opts.AppKey {
			s.reply(w, CodeBadAppKey, messages[CodeBadAppKey], nil)
			return
		}
		if code := s.fault(int(s.count.Add(1))); code != CodeOK {
			msg, ok := messages[code]
			if !ok {
				msg = "业务处理异常"
			}
			s.reply(w, code, msg, nil)
			return
		}
		p, err := parseParams(r.URL.Query(), columns)
		if err != nil {
			s.reply(w, CodeBadParam, "参数错误："+err.Error(), nil)
			return
		}
		page, total, err := sortrows.Select(&s.sorted, rows(), order, p.sort, sortrows.Matcher(p.filter, match), (p.pageNum-1)*p.pageSize, p.pageSize)
		if err != nil {
			s.reply(w, CodeBadParam, "参数错误："+err.Error(), nil)
			return
		}
		out := make([]W, len(page))
		for i, t := range page {
			out[i] = wire(t)
		}
		s.reply(w, CodeOK, "success", listData{List: out, Total: total})
	}
}
