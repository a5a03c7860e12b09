package hubei

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"civgraph/civ"
	"civgraph/upstreams/dataset"
)

// Demo credentials the sample gateway accepts by default. They are
// published demo values, not secrets.
const (
	DemoPaasID = "hubei-demo-paas"
	DemoToken  = "hubei-demo-token"
)

// MaxPageSize is the largest pageSize the gateway accepts.
const MaxPageSize = 100

// DefaultSkew is how far a request's timestamp may be from the server's clock.
const DefaultSkew = 300 * time.Second

// Gateway error codes, sent with HTTP 401 (auth) or 400 (parameters).
const (
	CodeOK           = "0"
	CodeBadSignature = "40101" // unknown paas id or signature mismatch
	CodeClockSkew    = "40102" // timestamp outside the allowed skew
	CodeReplay       = "40103" // nonce already used
	CodeBadParam     = "40001"
)

// Options configures the sample gateway; the zero value accepts the demo
// credentials with the default skew.
type Options struct {
	PaasID, Token string
	Skew          time.Duration
	Now           func() time.Time
	// FailEvery makes every n-th request answer HTTP 503 (0: never).
	FailEvery int
	// OnNonce, when set, sees every accepted nonce (tests count them).
	OnNonce func(string)
}

type server struct {
	ds    *dataset.Dataset
	opts  Options
	count atomic.Int64

	mu     sync.Mutex
	nonces map[string]time.Time // nonce → when it may be forgotten
}

// New returns the Hubei sample gateway over ds.
func New(ds *dataset.Dataset, opts Options) http.Handler {
	if opts.PaasID == "" {
		opts.PaasID, opts.Token = DemoPaasID, DemoToken
	}
	if opts.Skew <= 0 {
		opts.Skew = DefaultSkew
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &server{ds: ds, opts: opts, nonces: map[string]time.Time{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /ebus/mz/meetings/query", list(s, func(p *dataset.Province) []civ.Meeting { return p.Meetings }, civ.Filter.MatchMeeting, meetingWire))
	mux.HandleFunc("POST /ebus/mz/documents/query", list(s, func(p *dataset.Province) []civ.PolicyDocument { return p.PolicyDocuments }, civ.Filter.MatchPolicyDocument, documentWire))
	mux.HandleFunc("POST /ebus/mz/tasks/query", list(s, func(p *dataset.Province) []civ.Task { return p.Tasks }, civ.Filter.MatchTask, taskWire))
	mux.HandleFunc("POST /ebus/mz/sites/query", list(s, func(p *dataset.Province) []civ.ServiceSite { return p.ServiceSites }, civ.Filter.MatchServiceSite, siteWire))
	return mux
}

type response struct {
	Code string `json:"code"`
	Msg  string `json:"msg"`
	Data any    `json:"data,omitempty"`
}

type page struct {
	Total int `json:"total"`
	Rows  any `json:"rows"`
}

func reply(w http.ResponseWriter, status int, code, msg string, data any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(response{Code: code, Msg: msg, Data: data})
}

// Signature computes x-tif-signature for a timestamp, token and nonce.
func Signature(timestamp, token, nonce string) string {
	sum := sha256.Sum256([]byte(timestamp + token + nonce + timestamp))
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// authenticate checks the signature, the clock skew and the nonce.
func (s *server) authenticate(r *http.Request) (status int, code, msg string) {
	ts, nonce := r.Header.Get("x-tif-timestamp"), r.Header.Get("x-tif-nonce")
	want := Signature(ts, s.opts.Token, nonce)
	if r.Header.Get("x-tif-paasid") != s.opts.PaasID || nonce == "" ||
		subtle.ConstantTimeCompare([]byte(r.Header.Get("x-tif-signature")), []byte(want)) != 1 {
		return http.StatusUnauthorized, CodeBadSignature, "签名校验失败"
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	now := s.opts.Now()
	if err != nil || now.Sub(time.Unix(sec, 0)).Abs() > s.opts.Skew {
		return http.StatusUnauthorized, CodeClockSkew, "时间戳超出允许范围"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for n, until := range s.nonces {
		if now.After(until) {
			delete(s.nonces, n) // outside the skew window a replay fails the timestamp check anyway
		}
	}
	if _, seen := s.nonces[nonce]; seen {
		return http.StatusUnauthorized, CodeReplay, "请求重放：nonce 已使用"
	}
	s.nonces[nonce] = now.Add(2 * s.opts.Skew)
	if s.opts.OnNonce != nil {
		s.opts.OnNonce(nonce)
	}
	return 0, "", ""
}

func list[T, W any](s *server, rows func(*dataset.Province) []T, match func(civ.Filter, T) bool, wire func(T) W) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if status, code, msg := s.authenticate(r); status != 0 {
			reply(w, status, code, msg, nil)
			return
		}
		if n := s.count.Add(1); s.opts.FailEvery > 0 && n%int64(s.opts.FailEvery) == 0 {
			reply(w, http.StatusServiceUnavailable, "50300", "服务暂不可用", nil)
			return
		}
		var q query
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&q); err != nil {
			reply(w, http.StatusBadRequest, CodeBadParam, "请求体格式错误", nil)
			return
		}
		if q.PageNo < 1 || q.PageSize < 1 || q.PageSize > MaxPageSize {
			reply(w, http.StatusBadRequest, CodeBadParam, "分页参数错误：pageNo≥1，1≤pageSize≤100", nil)
			return
		}
		f := civ.Filter{ID: q.ID, Domain: civ.Domain(q.Domain), SiteType: civ.SiteType(q.SiteType),
			RegionCode: q.RegionCode, Keyword: q.Keyword, OriginID: q.SourceID}
		var err error
		if q.StartDate != "" {
			if f.From, err = time.Parse(time.DateOnly, q.StartDate); err != nil {
				reply(w, http.StatusBadRequest, CodeBadParam, "startDate 应为 YYYY-MM-DD", nil)
				return
			}
		}
		if q.EndDate != "" {
			if f.To, err = time.Parse(time.DateOnly, q.EndDate); err != nil {
				reply(w, http.StatusBadRequest, CodeBadParam, "endDate 应为 YYYY-MM-DD", nil)
				return
			}
		}
		sel, total := civ.Select(rows(s.ds.Province(civ.Hubei)), func(t T) bool { return match(f, t) }, (q.PageNo-1)*q.PageSize, q.PageSize)
		out := make([]W, len(sel))
		for i, t := range sel {
			out[i] = wire(t)
		}
		reply(w, http.StatusOK, CodeOK, "成功", page{Total: total, Rows: out})
	}
}
