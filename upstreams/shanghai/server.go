package shanghai

import (
	"encoding/json"
	"net/http"
	"sync/atomic"
	"time"

	"civgraph/civ"
	"civgraph/upstreams/dataset"
)

// DemoToken is the app token the sample platform accepts by default; a
// published demo value, not a secret.
const DemoToken = "0123456789abcdef0123456789abcdef"

// MaxLimit is the largest page the platform serves.
const MaxLimit = 100

// Platform codes.
const (
	CodeOK        = "000000"
	CodeBadToken  = "100001"
	CodeBadParams = "100002"
)

// Interface paths, one per resource.
const (
	PathMeetings  = "/interface/SHMZ0001/10001"
	PathDocuments = "/interface/SHMZ0002/10002"
	PathTasks     = "/interface/SHMZ0003/10003"
	PathSites     = "/interface/AG9102015009/14661"
)

// Options configures the sample platform; the zero value accepts DemoToken.
type Options struct {
	Token string
	// RateLimitEvery answers every n-th request with HTTP 429 (0: never).
	RateLimitEvery int
	// RetryAfter is the Retry-After the 429 carries (default 1 s).
	RetryAfter time.Duration
}

type server struct {
	ds    *dataset.Dataset
	opts  Options
	count atomic.Int64
}

// New returns the Shanghai sample platform over ds.
func New(ds *dataset.Dataset, opts Options) http.Handler {
	if opts.Token == "" {
		opts.Token = DemoToken
	}
	if opts.RetryAfter <= 0 {
		opts.RetryAfter = time.Second
	}
	s := &server{ds: ds, opts: opts}
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+PathMeetings, list(s, func(p *dataset.Province) []civ.Meeting { return p.Meetings }, civ.Filter.MatchMeeting, meetingWire))
	mux.HandleFunc("POST "+PathDocuments, list(s, func(p *dataset.Province) []civ.PolicyDocument { return p.PolicyDocuments }, civ.Filter.MatchPolicyDocument, documentWire))
	mux.HandleFunc("POST "+PathTasks, list(s, func(p *dataset.Province) []civ.Task { return p.Tasks }, civ.Filter.MatchTask, taskWire))
	mux.HandleFunc("POST "+PathSites, list(s, func(p *dataset.Province) []civ.ServiceSite { return p.ServiceSites }, civ.Filter.MatchServiceSite, siteWire))
	return mux
}

type outer struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Data    string `json:"data"` // JSON of inner, as a string
}

type inner struct {
	State   bool   `json:"state"`
	Total   int    `json:"total"`
	Data    any    `json:"data"`
	Message string `json:"message"`
}

func reply(w http.ResponseWriter, code, msg string, data *inner) {
	o := outer{Code: code, Message: msg}
	if data != nil {
		b, _ := json.Marshal(data) // wire structs of plain fields: cannot fail
		o.Data = string(b)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(o)
}

func list[T, W any](s *server, rows func(*dataset.Province) []T, match func(civ.Filter, T) bool, wire func(T) W) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("token") != s.opts.Token {
			reply(w, CodeBadToken, "token无效", nil)
			return
		}
		if n := s.count.Add(1); s.opts.RateLimitEvery > 0 && n%int64(s.opts.RateLimitEvery) == 0 {
			w.Header().Set("Retry-After", itoa(int(s.opts.RetryAfter/time.Second)))
			http.Error(w, "访问过于频繁", http.StatusTooManyRequests)
			return
		}
		var req request
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			reply(w, CodeBadParams, "请求参数格式错误", nil)
			return
		}
		limit := 20
		if req.Limit != nil {
			limit = *req.Limit
		}
		if limit < 1 || limit > MaxLimit || req.Offset < 0 {
			reply(w, CodeBadParams, "limit 应在 1–100 之间，offset 不小于 0", nil)
			return
		}
		f, ok := filterOf(req)
		if !ok {
			reply(w, CodeBadParams, "筛选参数错误", nil)
			return
		}
		sel, total := civ.Select(rows(s.ds.Province(civ.Shanghai)), func(t T) bool { return match(f, t) }, req.Offset, limit)
		out := make([]W, len(sel))
		for i, t := range sel {
			out[i] = wire(t)
		}
		reply(w, CodeOK, "成功", &inner{State: true, Total: total, Data: out, Message: "查询成功"})
	}
}

func filterOf(req request) (civ.Filter, bool) {
	f := civ.Filter{ID: req.ID, Domain: civ.Domain(req.Domain), RegionCode: req.AreaCode, Keyword: req.Keyword,
		OriginID: req.OriginID, SiteType: civ.SiteType(req.SiteKind)}
	if req.OrgType != 0 {
		typ, ok := siteTypeOf(req.OrgType)
		if !ok {
			return f, false
		}
		f.SiteType = typ
	}
	for _, d := range []struct {
		s   string
		dst *time.Time
	}{{req.StartDate, &f.From}, {req.EndDate, &f.To}} {
		if d.s == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, d.s)
		if err != nil {
			return f, false
		}
		*d.dst = t
	}
	return f, true
}

func siteTypeOf(code int) (civ.SiteType, bool) {
	for name, c := range orgTypes {
		if c == code {
			return civ.SiteType(name), true
		}
	}
	return "", false
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
