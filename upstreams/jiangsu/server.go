package jiangsu

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"civgraph/civ"
	"civgraph/upstreams/dataset"
)

// DemoToken is the bearer token the sample portal accepts by default; a
// published demo value, not a secret.
const DemoToken = "jiangsu-demo-token"

// MaxRows is the largest page the portal serves.
const MaxRows = 100

// Error codes inside HTTP 200 (the portal's published list).
const (
	ErrOK          = 0
	ErrBadToken    = 10002
	ErrRateLimited = 10004
	ErrBadParams   = 10008
	ErrInternal    = 10009
)

// Resource ids of the paged API.
const (
	ResMeetings  = "mz_meeting"
	ResDocuments = "mz_policy"
	ResTasks     = "mz_task"
)

// BulkSitesPath is where the GB18030 bulk file of service sites lives.
const BulkSitesPath = "/opendata/bulk/service_sites.csv"

// Options configures the sample portal; the zero value accepts DemoToken.
type Options struct {
	Token string
	// RateLimitEvery answers every n-th API request with errcode 10004 (0: never).
	RateLimitEvery int
}

type server struct {
	ds    *dataset.Dataset
	opts  Options
	count atomic.Int64

	bulkOnce sync.Once
	bulk     []byte
	etag     string
}

// New returns the Jiangsu sample portal over ds.
func New(ds *dataset.Dataset, opts Options) http.Handler {
	if opts.Token == "" {
		opts.Token = DemoToken
	}
	s := &server{ds: ds, opts: opts}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /opendata/api", s.api)
	mux.HandleFunc("GET "+BulkSitesPath, s.bulkSites)
	return mux
}

type envelope struct {
	Errcode      int    `json:"errcode"`
	Result       string `json:"result"`
	Totalrecords int    `json:"totalrecords"`
	Data         string `json:"data"` // JSON, encoded once more as a string
}

func reply(w http.ResponseWriter, code int, result string, total int, data any) {
	e := envelope{Errcode: code, Result: result, Totalrecords: total}
	if data != nil {
		b, _ := json.Marshal(data) // wire structs of plain fields: cannot fail
		e.Data = string(b)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(e)
}

func (s *server) authorized(r *http.Request) bool {
	return r.Header.Get("Authorization") == "Bearer "+s.opts.Token
}

func (s *server) api(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(r) {
		reply(w, ErrBadToken, "token无效", 0, nil)
		return
	}
	if n := s.count.Add(1); s.opts.RateLimitEvery > 0 && n%int64(s.opts.RateLimitEvery) == 0 {
		reply(w, ErrRateLimited, "访问频率超过限制", 0, nil)
		return
	}
	q := r.URL.Query()
	page, err1 := strconv.Atoi(q.Get("page"))
	rows, err2 := strconv.Atoi(q.Get("rows"))
	if err1 != nil || err2 != nil || page < 1 || rows < 1 || rows > MaxRows {
		reply(w, ErrBadParams, "参数错误：page≥1，1≤rows≤100", 0, nil)
		return
	}
	f := civ.Filter{ID: q.Get("id"), Domain: civ.Domain(q.Get("field")), SiteType: civ.SiteType(q.Get("site_type")), RegionCode: q.Get("region_code"),
		Keyword: q.Get("keyword"), OriginID: q.Get("origin_id")}
	for name, dst := range map[string]*time.Time{"start_date": &f.From, "end_date": &f.To} {
		if v := q.Get(name); v != "" {
			t, err := time.Parse("20060102", v)
			if err != nil {
				reply(w, ErrBadParams, "参数错误："+name+" 应为 yyyyMMdd", 0, nil)
				return
			}
			*dst = t
		}
	}
	pd := s.ds.Province(civ.Jiangsu)
	offset := (page - 1) * rows
	switch q.Get("resid") {
	case ResMeetings:
		serve(w, pd.Meetings, func(m civ.Meeting) bool { return f.MatchMeeting(m) }, offset, rows, meetingWire)
	case ResDocuments:
		serve(w, pd.PolicyDocuments, func(d civ.PolicyDocument) bool { return f.MatchPolicyDocument(d) }, offset, rows, documentWire)
	case ResTasks:
		serve(w, pd.Tasks, func(t civ.Task) bool { return f.MatchTask(t) }, offset, rows, taskWire)
	default:
		reply(w, ErrBadParams, "参数错误：未知资源 "+q.Get("resid"), 0, nil)
	}
}

func serve[T, W any](w http.ResponseWriter, rows []T, match func(T) bool, offset, limit int, wire func(T) W) {
	sel, total := civ.Select(rows, match, offset, limit)
	out := make([]W, len(sel))
	for i, t := range sel {
		out[i] = wire(t)
	}
	reply(w, ErrOK, "success", total, out)
}

// bulkSites serves the whole site register as GB18030 CSV, honouring
// If-None-Match.
func (s *server) bulkSites(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(r) {
		http.Error(w, "token无效", http.StatusUnauthorized)
		return
	}
	s.bulkOnce.Do(s.buildBulk)
	w.Header().Set("ETag", s.etag)
	if r.Header.Get("If-None-Match") == s.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=GB18030")
	w.Header().Set("Content-Length", strconv.Itoa(len(s.bulk)))
	_, _ = w.Write(s.bulk)
}

func (s *server) buildBulk() {
	var buf bytes.Buffer
	cw := csv.NewWriter(simplifiedchinese.GB18030.NewEncoder().Writer(&buf))
	_ = cw.Write(siteColumns)
	for _, site := range s.ds.Province(civ.Jiangsu).ServiceSites {
		_ = cw.Write(siteRecord(site))
	}
	cw.Flush()
	s.bulk = buf.Bytes()
	sum := sha256.Sum256(s.bulk)
	s.etag = `"` + hex.EncodeToString(sum[:16]) + `"`
}
