package hebei

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"civgraph/civ"
	"civgraph/upstreams/dataset"
)

// DemoAppKey is the key the sample upstream accepts by default. It is a
// published demo value, not a secret.
const DemoAppKey = "hebei-demo-appkey"

// MaxPageSize is the largest pageSize the API accepts.
const MaxPageSize = 100

// Business codes inside HTTP 200 answers.
const (
	CodeOK         = 0
	CodeBadAppKey  = 1001 // appKey missing or unknown
	CodeBadParam   = 1002 // a parameter is malformed
	CodeSystemBusy = 5003 // 系统繁忙，请稍后重试: retry later
)

// Options configures the sample server. The zero value serves the demo key.
type Options struct {
	AppKey string // accepted key; empty means DemoAppKey
	// BusyEvery makes every n-th request answer CodeSystemBusy (0: never),
	// to exercise clients' retries.
	BusyEvery int
}

type server struct {
	ds    *dataset.Dataset
	opts  Options
	count atomic.Int64
}

// New returns the Hebei sample API over ds.
func New(ds *dataset.Dataset, opts Options) http.Handler {
	if opts.AppKey == "" {
		opts.AppKey = DemoAppKey
	}
	s := &server{ds: ds, opts: opts}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/hy/list", list(s, func(p *dataset.Province) []civ.Meeting { return p.Meetings }, civ.Filter.MatchMeeting, meetingWire))
	mux.HandleFunc("GET /api/v1/zcwj/list", list(s, func(p *dataset.Province) []civ.PolicyDocument { return p.PolicyDocuments }, civ.Filter.MatchPolicyDocument, documentWire))
	mux.HandleFunc("GET /api/v1/rw/list", list(s, func(p *dataset.Province) []civ.Task { return p.Tasks }, civ.Filter.MatchTask, taskWire))
	mux.HandleFunc("GET /api/v1/fwcs/list", list(s, func(p *dataset.Province) []civ.ServiceSite { return p.ServiceSites }, civ.Filter.MatchServiceSite, siteWire))
	return mux
}

type envelope struct {
	Code    int    `json:"code"`
	Msg     string `json:"msg"`
	Success bool   `json:"success"`
	Data    any    `json:"data"`
}

type listData struct {
	List  any `json:"list"`
	Total int `json:"total"`
}

func reply(w http.ResponseWriter, code int, msg string, data any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(envelope{Code: code, Msg: msg, Success: code == CodeOK, Data: data})
}

// list serves one entity's list endpoint: auth, parameters, filter, page.
func list[T, W any](s *server, rows func(*dataset.Province) []T, match func(civ.Filter, T) bool, wire func(T) W) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("appKey") != s.opts.AppKey {
			reply(w, CodeBadAppKey, "appKey无效", nil)
			return
		}
		if n := s.count.Add(1); s.opts.BusyEvery > 0 && n%int64(s.opts.BusyEvery) == 0 {
			reply(w, CodeSystemBusy, "系统繁忙，请稍后重试", nil)
			return
		}
		q := r.URL.Query()
		pageNum, err1 := intParam(q.Get("pageNum"), 1)
		pageSize, err2 := intParam(q.Get("pageSize"), 10)
		if err1 != nil || err2 != nil || pageNum < 1 || pageSize < 1 || pageSize > MaxPageSize {
			reply(w, CodeBadParam, "分页参数错误：pageNum≥1，1≤pageSize≤100", nil)
			return
		}
		f, err := filterParams(q)
		if err != nil {
			reply(w, CodeBadParam, "参数错误："+err.Error(), nil)
			return
		}
		page, total := civ.Select(rows(s.ds.Province(civ.Hebei)), func(t T) bool { return match(f, t) }, (pageNum-1)*pageSize, pageSize)
		out := make([]W, len(page))
		for i, t := range page {
			out[i] = wire(t)
		}
		reply(w, CodeOK, "success", listData{List: out, Total: total})
	}
}

func intParam(s string, def int) (int, error) {
	if s == "" {
		return def, nil
	}
	return strconv.Atoi(s)
}

// filterParams reads the filter parameters: id, kssj/jssj (开始/结束时间,
// YYYY-MM-DD), ywly (业务领域), cslx (场所类型), xzqh (行政区划), gjz (关键词),
// lyid (来源ID).
func filterParams(q map[string][]string) (civ.Filter, error) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	f := civ.Filter{ID: get("id"), Domain: civ.Domain(get("ywly")), SiteType: civ.SiteType(get("cslx")),
		RegionCode: get("xzqh"), Keyword: get("gjz"), OriginID: get("lyid")}
	var err error
	if v := get("kssj"); v != "" {
		if f.From, err = time.Parse(time.DateOnly, v); err != nil {
			return f, errBadDate("kssj", v)
		}
	}
	if v := get("jssj"); v != "" {
		if f.To, err = time.Parse(time.DateOnly, v); err != nil {
			return f, errBadDate("jssj", v)
		}
	}
	return f, nil
}

type badDate struct{ name, value string }

func (e badDate) Error() string { return e.name + " 应为 YYYY-MM-DD：" + e.value }

func errBadDate(name, value string) error { return badDate{name, value} }
