package shanghai

import (
	"github.com/civgraph/civgraph/internal/sampleapi/reqparam"

	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/geo"
	"github.com/civgraph/civgraph/internal/sampleapi/sortrows"
	"github.com/civgraph/civgraph/ordering"
)

// request is the JSON body every interface takes:
//
//	limit        每页条数, 1..MaxLimit (default DefaultLimit)
//	offset       跳过条数, ≥ 0 (default 0)
//	id           记录ID
//	startTime    epoch ms: rows dated on or after that day (China time)
//	endTime      epoch ms: rows dated on or before that day
//	businessType 业务类别 code (businessCodes)
//	orgType      机构类型 code (orgTypeCodes)
//	areaCode     行政区划代码: the region and everything under it
//	keyword      关键词, matched as civ.Filter.MatchKeyword does (textmatch)
//	originId     来源ID: tasks set by this meeting or document
//	ids          记录ID列表 (at most civ.MaxFilterValues)
//	originIds    来源ID列表: tasks set by any of these
//	isSample     是否样例: true only generated sample rows, false only real ones
//	businessTypes, orgTypes, areaCodes  业务类别/机构类型/行政区划代码列表:
//	             any of them (at most civ.MaxFilterValues each)
//	centerLng, centerLat, radius  中心点 (GCJ-02) and 半径 in metres (at
//	             most civ.MaxNearRadiusKm km): sites within the circle; all or none
//	rectangle    矩形 "minLng,minLat;maxLng,maxLat" (GCJ-02): sites within the box
//	orderBy      排序字段: one of the interface's (meetingDate, issueDate,
//	             deadline; orgName, updateTime, distance from the circle's
//	             centre); ties by id
//	orderType    排序方式: asc (default) or desc
//
// The date a range applies to is the meeting's meetingDate, the document's
// issueDate, the task's deadline and the site's updateTime, with
// civ.Filter's semantics. Every filter applies to every interface: one a
// resource does not have (orgType on meetings) matches nothing, as in civ.
type request struct {
	Limit         *int     `json:"limit"`
	Offset        *int     `json:"offset"`
	ID            string   `json:"id"`
	StartTime     *int64   `json:"startTime"`
	EndTime       *int64   `json:"endTime"`
	BusinessType  *int     `json:"businessType"`
	OrgType       *int     `json:"orgType"`
	AreaCode      string   `json:"areaCode"`
	Keyword       string   `json:"keyword"`
	OriginID      string   `json:"originId"`
	IDs           []string `json:"ids"`
	OriginIDs     []string `json:"originIds"`
	IsSample      *bool    `json:"isSample"`
	BusinessTypes []int    `json:"businessTypes"`
	OrgTypes      []int    `json:"orgTypes"`
	AreaCodes     []string `json:"areaCodes"`
	// TargetStartTime/EndTime (epoch ms of days) and TargetMetric ask for
	// tasks by their targets' due dates and metrics.
	TargetStartTime *int64 `json:"targetStartTime"`
	TargetEndTime   *int64 `json:"targetEndTime"`
	TargetMetric    string `json:"targetMetric"`
	// IncludeUndated lets rows with an unknown date pass the date range.
	IncludeUndated bool `json:"includeUndated"`
	// A circle (GCJ-02 centre, radius in metres) and a GCJ-02 box.
	CenterLng *float64 `json:"centerLng"`
	CenterLat *float64 `json:"centerLat"`
	Radius    *float64 `json:"radius"`
	Rectangle string   `json:"rectangle"`
	OrderBy   string   `json:"orderBy"`
	OrderType string   `json:"orderType"`
}

// query is a validated request.
type query struct {
	offset, limit int
	filter        civ.Filter
	sort          sortrows.Spec
}

// The sortable fields of each interface, as the gateway's order fields.
var (
	meetingSorts  = map[string]string{"meetingDate": ordering.Date}
	documentSorts = map[string]string{"issueDate": ordering.Date}
	taskSorts     = map[string]string{"deadline": ordering.Due}
	siteSorts     = map[string]string{"orgName": ordering.Name, "updateTime": ordering.UpdatedAt, "distance": ordering.Distance}
)

// sort reads orderBy, orderType and, for distance, the GCJ-02 centre,
// which it converts to WGS-84 like the platform's own coordinates.
func (r request) sort(fields map[string]string) (sortrows.Spec, error) {
	return sortrows.Parse(sortrows.Params{Field: r.OrderBy, Direction: r.OrderType, Asc: "asc", Desc: "desc",
		Lng: r.CenterLng, Lat: r.CenterLat, FieldName: "orderBy", Fields: fields}, geo.GCJ02ToWGS84)
}

// Filter dates outside these bounds are refused as absurd.
var minFilterTime, maxFilterTime = time.Date(1900, 1, 1, 0, 0, 0, 0, chinaTime), time.Date(2100, 1, 1, 0, 0, 0, 0, chinaTime)

// parseRequest reads and validates a request body. An empty body is the
// platform's defaults.
func parseRequest(body []byte, sorts map[string]string) (query, error) {
	var r request
	if len(bytes.TrimSpace(body)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			return query{}, fmt.Errorf("请求体不是合法的JSON对象：%v", err)
		}
		if _, err := dec.Token(); !errors.Is(err, io.EOF) {
			return query{}, errors.New("请求体只能包含一个JSON对象")
		}
	}
	q := query{offset: 0, limit: DefaultLimit}
	var err error
	if q.sort, err = r.sort(sorts); err != nil {
		return query{}, err
	}
	if r.Limit != nil {
		if *r.Limit < 1 || *r.Limit > MaxLimit {
			return query{}, fmt.Errorf("limit 应在 1 到 %d 之间：%d", MaxLimit, *r.Limit)
		}
		q.limit = *r.Limit
	}
	if r.Offset != nil {
		if *r.Offset < 0 {
			return query{}, fmt.Errorf("offset 不能为负数：%d", *r.Offset)
		}
		q.offset = *r.Offset
	}
	f := civ.Filter{ID: r.ID, RegionCode: r.AreaCode, Keyword: r.Keyword, OriginID: r.OriginID,
		IDs: r.IDs, OriginIDs: r.OriginIDs, Sample: r.IsSample}
	if err := f.CheckValues(); err != nil {
		return query{}, fmt.Errorf("ids/originIds 取值无效：%v", err)
	}
	if r.BusinessType != nil {
		d, ok := businessCodes[*r.BusinessType]
		if !ok {
			return query{}, fmt.Errorf("未知的业务类别 businessType=%d", *r.BusinessType)
		}
		f.Domain = d
	}
	if r.OrgType != nil {
		t, ok := orgTypeCodes[*r.OrgType]
		if !ok {
			return query{}, fmt.Errorf("未知的机构类型 orgType=%d", *r.OrgType)
		}
		f.SiteType = t
	}
	if len(r.BusinessTypes) > civ.MaxFilterValues || len(r.OrgTypes) > civ.MaxFilterValues {
		return query{}, fmt.Errorf("businessTypes/orgTypes 至多 %d 个", civ.MaxFilterValues)
	}
	for _, code := range r.BusinessTypes {
		d, ok := businessCodes[code]
		if !ok {
			return query{}, fmt.Errorf("未知的业务类别 businessTypes=%d", code)
		}
		f.Domains = append(f.Domains, d)
	}
	for _, code := range r.OrgTypes {
		t, ok := orgTypeCodes[code]
		if !ok {
			return query{}, fmt.Errorf("未知的机构类型 orgTypes=%d", code)
		}
		f.SiteTypes = append(f.SiteTypes, t)
	}
	f.RegionCodes = r.AreaCodes
	f.TargetMetric, f.IncludeUndated = r.TargetMetric, r.IncludeUndated
	for name, ms := range map[string]*int64{"targetStartTime": r.TargetStartTime, "targetEndTime": r.TargetEndTime} {
		t, err := dayParam(name, ms)
		if err != nil {
			return query{}, err
		}
		if name == "targetStartTime" {
			f.TargetDueFrom = civ.OptionalDay(t)
		} else {
			f.TargetDueTo = civ.OptionalDay(t)
		}
	}
	if f.Near, f.Box, err = r.geo(); err != nil {
		return query{}, err
	}
	if err := f.CheckValues(); err != nil {
		return query{}, fmt.Errorf("areaCodes/centerLng/centerLat/radius/rectangle 取值无效：%v", err)
	}
	for _, code := range r.AreaCodes {
		if !reqparam.Digits(code) {
			return query{}, fmt.Errorf("行政区划代码应为数字 areaCodes=%s", code)
		}
	}
	if !reqparam.Digits(r.AreaCode) {
		return query{}, fmt.Errorf("行政区划代码应为数字 areaCode=%s", r.AreaCode)
	}
	if f.From, err = dayParam("startTime", r.StartTime); err != nil {
		return query{}, err
	}
	if f.To, err = dayParam("endTime", r.EndTime); err != nil {
		return query{}, err
	}
	q.filter = f
	return q, nil
}

// dayParam reads an epoch-ms time as the China-time calendar day it falls on.
func dayParam(name string, ms *int64) (time.Time, error) {
	if ms == nil {
		return time.Time{}, nil
	}
	t := time.UnixMilli(*ms).In(chinaTime)
	if t.Before(minFilterTime) || !t.Before(maxFilterTime) {
		return time.Time{}, fmt.Errorf("%s 应为1900至2100年间的毫秒时间戳：%d", name, *ms)
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
}

// geo reads the circle and the box, converting them from the platform's
// GCJ-02 to the WGS-84 the dataset is kept in.
func (r request) geo() (*civ.GeoCircle, *civ.GeoBox, error) {
	var near *civ.GeoCircle
	var box *civ.GeoBox
	switch {
	case r.CenterLng != nil && r.CenterLat != nil && r.Radius != nil:
		c := geo.GCJ02ToWGS84(civ.GeoPoint{Lng: *r.CenterLng, Lat: *r.CenterLat})
		near = &civ.GeoCircle{Center: c, RadiusKm: *r.Radius / 1000}
	case r.CenterLng != nil || r.CenterLat != nil || r.Radius != nil:
		return nil, nil, errors.New("centerLng、centerLat 与 radius 须同时给出")
	}
	if r.Rectangle != "" {
		corners := strings.Split(r.Rectangle, ";")
		if len(corners) != 2 {
			return nil, nil, fmt.Errorf("rectangle 应为 最小经度,最小纬度;最大经度,最大纬度：%s", r.Rectangle)
		}
		var pts [2]civ.GeoPoint
		for i, c := range corners {
			v, err := reqparam.Floats(c, 2)
			if err != nil {
				return nil, nil, fmt.Errorf("rectangle 应为 最小经度,最小纬度;最大经度,最大纬度：%s", r.Rectangle)
			}
			pts[i] = geo.GCJ02ToWGS84(civ.GeoPoint{Lng: v[0], Lat: v[1]})
		}
		box = &civ.GeoBox{SouthWest: pts[0], NorthEast: pts[1]}
	}
	return near, box, nil
}
