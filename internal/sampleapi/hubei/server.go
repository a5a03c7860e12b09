package hubei

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	"github.com/civgraph/civgraph/internal/sampleapi/sortrows"
	"github.com/civgraph/civgraph/ordering"
)

// Demo credentials the sample gateway accepts by default. They are
// published demo values, not secrets.
const (
	DemoPaasID = "hubei-demo-paas"
	DemoToken  = "hubei-demo-token"
)

// Limits and defaults of the gateway.
const (
	MaxPageSize      = 100               // largest pageSize accepted
	MaxPageNo        = 1_000_000         // largest pageNo accepted
	DefaultSkew      = 300 * time.Second // allowed distance between x-tif-timestamp and the server clock
	DefaultMaxNonces = 100_000           // nonces remembered at once
	maxBodyBytes     = 64 << 10
)

// Envelope codes. Gateway errors come with the HTTP status in brackets;
// business answers come with HTTP 200.
const (
	CodeOK           = "0"
	CodeBadParam     = "40001" // [400] malformed body or parameter
	CodeBadSignature = "40101" // [401] missing headers, unknown paasid or signature mismatch
	CodeClockSkew    = "40102" // [401] timestamp outside the allowed skew
	CodeReplay       = "40103" // [401] nonce already used within the skew window
	CodeRateLimited  = "42901" // [429] too many requests (also: nonce store full)
	CodeUnavailable  = "50301" // [503] backend unavailable
	CodeBusy         = "10001" // [200] 系统繁忙: retry later
	CodeFailure      = "10002" // [200] 业务处理异常: not retryable
)

// Options configures the sample gateway; the zero value accepts the demo
// credentials with the default skew.
type Options struct {
	PaasID, Token string        // accepted credentials; empty: DemoPaasID, DemoToken
	Skew          time.Duration // 0: DefaultSkew
	MaxNonces     int           // 0: DefaultMaxNonces
	Now           func() time.Time
	// FailEvery makes every n-th authenticated request answer HTTP 503
	// (0: never).
	FailEvery int
	// Fault, when set, replaces FailEvery: it chooses the answer to the
	// n-th authenticated request (n from 1); FaultNone serves data.
	Fault func(n int) Fault
	// OnNonce, when set, sees every accepted nonce (tests count them).
	OnNonce func(string)
}

type server struct {
	ds     *dataset.Dataset
	opts   Options
	count  atomic.Int64
	nonces *nonceStore
	sorted sortrows.Index
}

// New returns the Hubei sample gateway over ds's Hubei data. Paths are
// relative to its root: POST /ebus/mz/{meetings,documents,tasks,sites}/query.
func New(ds *dataset.Dataset, opts Options) http.Handler {
	if opts.PaasID == "" {
		opts.PaasID, opts.Token = DemoPaasID, DemoToken
	}
	if opts.Skew <= 0 {
		opts.Skew = DefaultSkew
	}
	if opts.MaxNonces <= 0 {
		opts.MaxNonces = DefaultMaxNonces
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &server{ds: ds, opts: opts, nonces: newNonceStore(opts.MaxNonces)}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /ebus/mz/meetings/query", list(s, func(p *dataset.Province) []civ.Meeting { return p.Meetings }, civ.Filter.MatchMeeting, sortrows.Meetings, meetingSorts, meetingWire))
	mux.HandleFunc("POST /ebus/mz/documents/query", list(s, func(p *dataset.Province) []civ.PolicyDocument { return p.PolicyDocuments }, civ.Filter.MatchPolicyDocument, sortrows.PolicyDocuments, documentSorts, documentWire))
	mux.HandleFunc("POST /ebus/mz/tasks/query", list(s, func(p *dataset.Province) []civ.Task { return p.Tasks }, civ.Filter.MatchTask, sortrows.Tasks, taskSorts, taskWire))
	mux.HandleFunc("POST /ebus/mz/sites/query", list(s, func(p *dataset.Province) []civ.ServiceSite { return p.ServiceSites }, civ.Filter.MatchServiceSite, sortrows.Sites, siteSorts, siteWire))
	return mux
}

// response is the envelope of every answer.
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

// list serves one entity's endpoint: authenticate, inject faults, read the
// query, filter with the reference semantics, page.
func list[T, W any](s *server, rows func(*dataset.Province) []T, match func(civ.Filter, T) bool, order sortrows.Order[T], fields map[string]string, wire func(T) W) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if rej := s.authenticate(r); rej != nil {
			reply(w, rej.status, rej.code, rej.msg, nil)
			return
		}
		if inject(w, s.fault(int(s.count.Add(1)))) {
			return
		}
		q, err := readQuery(w, r)
		if err != nil {
			reply(w, http.StatusBadRequest, CodeBadParam, err.Error(), nil)
			return
		}
		f, err := q.filter()
		if err != nil {
			reply(w, http.StatusBadRequest, CodeBadParam, err.Error(), nil)
			return
		}
		spec, err := q.sort(fields)
		if err != nil {
			reply(w, http.StatusBadRequest, CodeBadParam, err.Error(), nil)
			return
		}
		sel, total, err := sortrows.Select(&s.sorted, rows(s.ds.Province(civ.Hubei)), order, spec, sortrows.Matcher(f, match), (q.PageNo-1)*q.PageSize, q.PageSize)
		if err != nil {
			reply(w, http.StatusBadRequest, CodeBadParam, err.Error(), nil)
			return
		}
		out := make([]W, len(sel))
		for i, t := range sel {
			out[i] = wire(t)
		}
		reply(w, http.StatusOK, CodeOK, "成功", page{Total: total, Rows: out})
	}
}

// readQuery decodes exactly one JSON query object with known fields only.
func readQuery(w http.ResponseWriter, r *http.Request) (query, error) {
	var q query
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&q); err != nil {
		return q, fmt.Errorf("请求体不是合法的查询 JSON：%v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return q, errors.New("请求体在查询对象之后还有多余内容")
	}
	if q.PageNo < 1 || q.PageNo > MaxPageNo || q.PageSize < 1 || q.PageSize > MaxPageSize {
		return q, fmt.Errorf("分页参数错误：1≤pageNo≤%d，1≤pageSize≤%d", MaxPageNo, MaxPageSize)
	}
	return q, nil
}

// filter validates the query's filter parameters and builds a civ.Filter.
func (q query) filter() (civ.Filter, error) {
	f := civ.Filter{ID: q.ID, RegionCode: q.RegionCode, Keyword: q.Keyword, OriginID: q.SourceID,
		IDs: q.IDs, OriginIDs: q.SourceIDs, Sample: q.SampleData, RegionCodes: q.AreaCodes}
	for _, v := range q.Domains {
		f.Domains = append(f.Domains, civ.Domain(v))
	}
	for _, v := range q.SiteTypes {
		f.SiteTypes = append(f.SiteTypes, civ.SiteType(v))
	}
	if err := f.CheckValues(); err != nil {
		return f, fmt.Errorf("ids/sourceIds/businessFields/siteTypes/areaCodes 取值无效：%v", err)
	}
	for _, v := range q.Domains {
		if _, err := civ.ParseDomain(v); err != nil {
			return f, fmt.Errorf("businessFields 取值无效：%q", v)
		}
	}
	for _, v := range q.SiteTypes {
		if _, err := civ.ParseSiteType(v); err != nil {
			return f, fmt.Errorf("siteTypes 取值无效：%q", v)
		}
	}
	var err error
	if q.Domain != "" {
		if f.Domain, err = civ.ParseDomain(q.Domain); err != nil {
			return f, fmt.Errorf("businessField 取值无效：%q", q.Domain)
		}
	}
	if q.SiteType != "" {
		if f.SiteType, err = civ.ParseSiteType(q.SiteType); err != nil {
			return f, fmt.Errorf("siteType 取值无效：%q", q.SiteType)
		}
	}
	f.TargetMetric, f.IncludeUndated = q.TargetMetric, q.IncludeUndated
	for name, v := range map[string]string{"targetDueStart": q.TargetDueStart, "targetDueEnd": q.TargetDueEnd} {
		if v == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return f, fmt.Errorf("%s 应为 YYYY-MM-DD", name)
		}
		if name == "targetDueStart" {
			f.TargetDueFrom = &t
		} else {
			f.TargetDueTo = &t
		}
	}
	if q.Near != nil {
		f.Near = &civ.GeoCircle{Center: civ.GeoPoint{Lng: q.Near.Lng, Lat: q.Near.Lat}, RadiusKm: q.Near.RadiusKm}
	}
	if q.BBox != nil {
		if len(q.BBox) != 4 {
			return f, errors.New("bbox 应为 [最小经度, 最小纬度, 最大经度, 最大纬度]")
		}
		f.Box = &civ.GeoBox{SouthWest: civ.GeoPoint{Lng: q.BBox[0], Lat: q.BBox[1]}, NorthEast: civ.GeoPoint{Lng: q.BBox[2], Lat: q.BBox[3]}}
	}
	if err := f.CheckValues(); err != nil {
		return f, fmt.Errorf("near/bbox 取值无效：%v", err)
	}
	if q.StartDate != "" {
		if f.From, err = time.Parse(time.DateOnly, q.StartDate); err != nil {
			return f, errors.New("startDate 应为 YYYY-MM-DD")
		}
	}
	if q.EndDate != "" {
		if f.To, err = time.Parse(time.DateOnly, q.EndDate); err != nil {
			return f, errors.New("endDate 应为 YYYY-MM-DD")
		}
	}
	return f, nil
}

// The sortable fields of each endpoint, as the gateway's order fields.
var (
	meetingSorts  = map[string]string{"meetingDate": ordering.Date}
	documentSorts = map[string]string{"issueDate": ordering.Date}
	taskSorts     = map[string]string{"deadline": ordering.Due}
	siteSorts     = map[string]string{"siteName": ordering.Name, "updateTime": ordering.UpdatedAt, "distance": ordering.Distance}
)

// sort reads sortField and sortOrder; distance is measured from the near
// circle's centre.
func (q query) sort(fields map[string]string) (sortrows.Spec, error) {
	p := sortrows.Params{Field: q.SortField, Direction: q.SortOrder, Asc: "ASC", Desc: "DESC", FieldName: "sortField", Fields: fields}
	if q.Near != nil {
		p.Lng, p.Lat = &q.Near.Lng, &q.Near.Lat
	}
	return sortrows.Parse(p, nil)
}
