package shanghai

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	"github.com/civgraph/civgraph/internal/sampleapi/sortrows"
)

// DemoToken is the app token the sample platform accepts by default: a
// published demo value, not a secret.
const DemoToken = "0123456789abcdef0123456789abcdef"

// Paging limits of the platform.
const (
	DefaultLimit = 20
	MaxLimit     = 100
)

// Platform codes of the outer envelope.
const (
	CodeOK          = "000000"
	CodeBadToken    = "100001" // token missing or invalid
	CodeBadParams   = "100002" // a body field is malformed
	CodeNoInterface = "100003" // no such resourceNo/interfaceNo
	CodeBusy        = "100004" // 系统繁忙，请稍后重试 (HTTP 200): retry later
	CodeRateLimited = "100005" // 访问过于频繁 (HTTP 429 with Retry-After)
	CodeInternal    = "999999" // 系统异常: not worth retrying
)

// Interface paths, one resourceNo/interfaceNo pair per resource, relative
// to the handler's root. All four are this project's sample choices:
// AG9102015009/14661 is borrowed, for its form, from an example path in
// public client code of data.sh.gov.cn (what that real interface serves is
// not recorded); the SHMZ numbers are made up.
const (
	PathMeetings        = "/interface/SHMZ0001/10001"
	PathPolicyDocuments = "/interface/SHMZ0002/10002"
	PathTasks           = "/interface/SHMZ0003/10003"
	PathServiceSites    = "/interface/AG9102015009/14661"
)

// Fault is an answer the platform gives instead of data, to exercise
// clients' retries.
type Fault int

// Faults.
const (
	NoFault          Fault = iota
	FaultRateLimited       // HTTP 429, Retry-After, code 100005
	FaultBusy              // HTTP 200, code 100004
	FaultInternal          // HTTP 200, code 999999
	FaultUnavailable       // HTTP 503, code 999999
)

// FaultEvery answers every n-th request with f (n ≤ 0: never).
func FaultEvery(n int, f Fault) func(int) Fault {
	return func(i int) Fault {
		if n > 0 && i%n == 0 {
			return f
		}
		return NoFault
	}
}

// Options configures the sample platform. The zero value accepts DemoToken
// without limits or faults.
type Options struct {
	Token string           // accepted token; empty means DemoToken
	Now   func() time.Time // clock of the rate limiter; nil means time.Now
	// RateLimit is how many requests a token may make in one clock second
	// (0: unlimited); the rest are answered HTTP 429.
	RateLimit int
	// RetryAfter is what a 429 asks clients to wait, in whole seconds
	// (rounded up; default 1 s).
	RetryAfter time.Duration
	// Faults, when set, chooses the answer to the n-th authenticated
	// request (from 1); NoFault serves data.
	Faults func(n int) Fault
}

type server struct {
	ds     *dataset.Dataset
	opts   Options
	count  atomic.Int64
	sorted sortrows.Index

	mu     sync.Mutex
	second int64          // the clock second the counts are for
	counts map[string]int // requests per token in that second
}

// New returns the Shanghai sample platform over ds's Shanghai data.
func New(ds *dataset.Dataset, opts Options) http.Handler {
	if opts.Token == "" {
		opts.Token = DemoToken
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.RetryAfter <= 0 {
		opts.RetryAfter = time.Second
	}
	s := &server{ds: ds, opts: opts, counts: map[string]int{}}
	rows := func() *dataset.Province { return s.ds.Province(civ.Shanghai) }
	mux := http.NewServeMux()
	mux.Handle(PathMeetings, list(s, func() []civ.Meeting { return rows().Meetings }, civ.Filter.MatchMeeting, sortrows.Meetings, meetingSorts, meetingWire))
	mux.Handle(PathPolicyDocuments, list(s, func() []civ.PolicyDocument { return rows().PolicyDocuments }, civ.Filter.MatchPolicyDocument, sortrows.PolicyDocuments, documentSorts, documentWire))
	mux.Handle(PathTasks, list(s, func() []civ.Task { return rows().Tasks }, civ.Filter.MatchTask, sortrows.Tasks, taskSorts, taskWire))
	mux.Handle(PathServiceSites, list(s, func() []civ.ServiceSite { return rows().ServiceSites }, civ.Filter.MatchServiceSite, sortrows.Sites, siteSorts, siteWire))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		reply(w, http.StatusOK, CodeNoInterface, "接口不存在："+r.URL.Path, nil)
	})
	return mux
}

// outer is the platform's envelope; Data is the JSON of inner, as a string.
type outer struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Data    string `json:"data,omitempty"`
}

type inner struct {
	State   bool   `json:"state"`
	Total   int    `json:"total"`
	Data    any    `json:"data"`
	Message string `json:"message"`
}

func reply(w http.ResponseWriter, status int, code, msg string, data *inner) {
	o := outer{Code: code, Message: msg}
	if data != nil {
		if b, err := json.Marshal(data); err == nil {
			o.Data = string(b)
		} else {
			o = outer{Code: CodeInternal, Message: "系统异常"}
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(o)
}

// limited reports whether token has used up this second's requests.
func (s *server) limited(token string) bool {
	if s.opts.RateLimit <= 0 {
		return false
	}
	now := s.opts.Now().Unix()
	s.mu.Lock()
	defer s.mu.Unlock()
	if now != s.second {
		s.second = now
		clear(s.counts)
	}
	s.counts[token]++
	return s.counts[token] > s.opts.RateLimit
}

func (s *server) tooMany(w http.ResponseWriter) {
	secs := int((s.opts.RetryAfter + time.Second - 1) / time.Second)
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	reply(w, http.StatusTooManyRequests, CodeRateLimited, "访问过于频繁，请稍后再试", nil)
}

// fault answers with the fault chosen for this request, if any.
func (s *server) fault(w http.ResponseWriter) bool {
	n := int(s.count.Add(1))
	if s.opts.Faults == nil {
		return false
	}
	switch s.opts.Faults(n) {
	case FaultRateLimited:
		s.tooMany(w)
	case FaultBusy:
		reply(w, http.StatusOK, CodeBusy, "系统繁忙，请稍后重试", nil)
	case FaultInternal:
		reply(w, http.StatusOK, CodeInternal, "系统异常", nil)
	case FaultUnavailable:
		reply(w, http.StatusServiceUnavailable, CodeInternal, "服务暂不可用", nil)
	default:
		return false
	}
	return true
}

// list serves one interface: method, token, rate limit, faults, body,
// filter, page. Only the page's rows are encoded.
func list[T, W any](s *server, rows func() []T, match func(civ.Filter, T) bool, order sortrows.Order[T], sorts map[string]string, wire func(T) (W, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			reply(w, http.StatusMethodNotAllowed, CodeBadParams, "请使用POST方法", nil)
			return
		}
		token := r.Header.Get("token")
		if token != s.opts.Token {
			reply(w, http.StatusOK, CodeBadToken, "token无效", nil)
			return
		}
		if s.limited(token) {
			s.tooMany(w)
			return
		}
		if s.fault(w) {
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		if err != nil {
			reply(w, http.StatusOK, CodeBadParams, "请求体过大或不可读", nil)
			return
		}
		q, err := parseRequest(body, sorts)
		if err != nil {
			reply(w, http.StatusOK, CodeBadParams, "参数错误："+err.Error(), nil)
			return
		}
		page, total, err := sortrows.Select(&s.sorted, rows(), order, q.sort, sortrows.Matcher(q.filter, match), q.offset, q.limit)
		if err != nil {
			reply(w, http.StatusOK, CodeBadParams, "参数错误："+err.Error(), nil)
			return
		}
		out := make([]W, len(page))
		for i, t := range page {
			if out[i], err = wire(t); err != nil {
				reply(w, http.StatusOK, CodeInternal, fmt.Sprintf("系统异常：%v", err), nil)
				return
			}
		}
		reply(w, http.StatusOK, CodeOK, "成功", &inner{State: true, Total: total, Data: out, Message: "查询成功"})
	})
}
