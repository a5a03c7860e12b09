package hebei

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"time"

	"github.com/civgraph/civgraph/internal/sampleapi/reqparam"
	"github.com/civgraph/civgraph/internal/sampleapi/sortrows"
	"github.com/civgraph/civgraph/ordering"

	"github.com/civgraph/civgraph/civ"
)

// The query parameters of every list endpoint:
//
//	pageNum  页码, 1-based (default 1)
//	pageSize 每页条数, 1..100 (default 10)
//	id       记录ID
//	kssj     开始时间 yyyy-MM-dd: rows dated on or after it
//	jssj     结束时间 yyyy-MM-dd: rows dated on or before it
//	ywly     业务领域代码, e.g. SHJZ 社会救助
//	cslx     场所类型代码, e.g. ZCD 老年助餐点
//	xzqh     行政区划代码: the region and everything under it
//	gjz      关键词, matched as civ.Filter.MatchKeyword does (textmatch)
//	lyid     来源ID: tasks set by this meeting or document
//	ids      记录ID列表, comma-separated (at most civ.MaxFilterValues)
//	lyids    来源ID列表, comma-separated: tasks set by any of these
//	mbkssj, mbjssj  目标开始/结束时间 yyyy-MM-dd: tasks with a target due in the range
//	mbzb     目标指标: tasks with a target whose metric matches it (as gjz does)
//	bhwrq    包含无日期: 1 lets rows with an unknown date pass kssj/jssj
//	sfsl     是否示例: 1 only generated sample rows, 0 only real ones
//	orderByColumn 排序字段: the column to sort by, one of the endpoint's
//	         (hysj 会议时间, fwsj 发文时间, wcqx 完成期限; csmc 场所名称,
//	         gxsj 更新时间, jl 距离 from the circle's centre zx); ties by id
//	isAsc    排序方向: asc (default) or desc
//	ywlys, cslxs, xzqhs  业务领域/场所类型/行政区划代码列表, comma-separated:
//	         any of them (at most civ.MaxFilterValues each)
//	zx, bj   中心点 "lng,lat" (WGS-84) and 半径 in km (at most
//	         civ.MaxNearRadiusKm): sites within the circle; both or neither
//	fw       范围 "minLng,minLat,maxLng,maxLat" (WGS-84): sites within the box
//
// The date a range applies to is the meeting's hysj, the document's fwsj,
// the task's wcqx and the site's gxsj, with civ.Filter's semantics.
type params struct {
	pageNum, pageSize int
	filter            civ.Filter
	sort              sortrows.Spec
}

// The sortable columns of each endpoint, as the gateway's order fields.
var (
	meetingColumns  = map[string]string{"hysj": ordering.Date}
	documentColumns = map[string]string{"fwsj": ordering.Date}
	taskColumns     = map[string]string{"wcqx": ordering.Due}
	siteColumns     = map[string]string{"csmc": ordering.Name, "gxsj": ordering.UpdatedAt, "jl": ordering.Distance}
)

func parseParams(q url.Values, columns map[string]string) (params, error) {
	p := params{pageNum: 1, pageSize: DefaultPageSize}
	var err error
	if p.pageNum, err = intParam(q, "pageNum", 1, math.MaxInt32/MaxPageSize); err != nil {
		return p, err
	}
	if p.pageSize, err = intParam(q, "pageSize", DefaultPageSize, MaxPageSize); err != nil {
		return p, err
	}
	f := civ.Filter{ID: q.Get("id"), RegionCode: q.Get("xzqh"), Keyword: q.Get("gjz"), OriginID: q.Get("lyid"),
		IDs: reqparam.List(q.Get("ids")), OriginIDs: reqparam.List(q.Get("lyids"))}
	if err := f.CheckValues(); err != nil {
		return p, fmt.Errorf("ID列表参数错误：%v", err)
	}
	if v := q.Get("ywly"); v != "" {
		d, ok := domainByCode[v]
		if !ok {
			return p, fmt.Errorf("未知的业务领域代码 ywly=%s", v)
		}
		f.Domain = d
	}
	if v := q.Get("cslx"); v != "" {
		t, ok := siteTypeByCode[v]
		if !ok {
			return p, fmt.Errorf("未知的场所类型代码 cslx=%s", v)
		}
		f.SiteType = t
	}
	for _, v := range reqparam.List(q.Get("ywlys")) {
		d, ok := domainByCode[v]
		if !ok {
			return p, fmt.Errorf("未知的业务领域代码 ywlys=%s", v)
		}
		f.Domains = append(f.Domains, d)
	}
	for _, v := range reqparam.List(q.Get("cslxs")) {
		t, ok := siteTypeByCode[v]
		if !ok {
			return p, fmt.Errorf("未知的场所类型代码 cslxs=%s", v)
		}
		f.SiteTypes = append(f.SiteTypes, t)
	}
	f.RegionCodes = reqparam.List(q.Get("xzqhs"))
	if err := f.CheckValues(); err != nil {
		return p, fmt.Errorf("代码列表参数错误：%v", err)
	}
	for _, code := range f.RegionCodes {
		if !reqparam.Digits(code) {
			return p, fmt.Errorf("行政区划代码应为数字 xzqhs=%s", code)
		}
	}
	f.TargetMetric = q.Get("mbzb")
	switch v := q.Get("bhwrq"); v {
	case "1":
		f.IncludeUndated = true
	case "", "0":
	default:
		return p, fmt.Errorf("包含无日期应为 0 或 1 bhwrq=%s", v)
	}
	for name, dst := range map[string]**time.Time{"mbkssj": &f.TargetDueFrom, "mbjssj": &f.TargetDueTo} {
		t, err := dateParam(q, name)
		if err != nil {
			return p, err
		}
		*dst = civ.OptionalDay(t)
	}
	if f.Near, f.Box, err = geoParams(q); err != nil {
		return p, err
	}
	if p.sort, err = sortParams(q, columns, f.Near); err != nil {
		return p, err
	}
	if err := f.CheckValues(); err != nil {
		return p, fmt.Errorf("空间范围参数错误：%v", err)
	}
	if f.Sample, err = civ.ParseSampleFlag(q.Get("sfsl")); err != nil {
		return p, fmt.Errorf("是否示例应为 0 或 1 sfsl=%s", q.Get("sfsl"))
	}
	if !reqparam.Digits(f.RegionCode) {
		return p, fmt.Errorf("行政区划代码应为数字 xzqh=%s", f.RegionCode)
	}
	if f.From, err = dateParam(q, "kssj"); err != nil {
		return p, err
	}
	if f.To, err = dateParam(q, "jssj"); err != nil {
		return p, err
	}
	p.filter = f
	return p, nil
}

// intParam reads a positive integer no larger than limit; absent means def.
func intParam(q url.Values, name string, def, limit int) (int, error) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > limit {
		return 0, fmt.Errorf("%s 应为 1 到 %d 之间的整数：%s", name, limit, v)
	}
	return n, nil
}

func dateParam(q url.Values, name string) (time.Time, error) {
	v := q.Get(name)
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s 应为 yyyy-MM-dd：%s", name, v)
	}
	return t, nil
}

// sortParams reads orderByColumn and isAsc; jl (距离) is measured from
// the circle's centre zx.
func sortParams(q url.Values, columns map[string]string, near *civ.GeoCircle) (sortrows.Spec, error) {
	p := sortrows.Params{Field: q.Get("orderByColumn"), Direction: q.Get("isAsc"), Asc: "asc", Desc: "desc",
		FieldName: "orderByColumn", Fields: columns}
	if near != nil {
		p.Lng, p.Lat = &near.Center.Lng, &near.Center.Lat
	}
	return sortrows.Parse(p, nil)
}

// geoParams reads the circle (zx, bj) and the box (fw).
func geoParams(q url.Values) (*civ.GeoCircle, *civ.GeoBox, error) {
	var near *civ.GeoCircle
	var box *civ.GeoBox
	if q.Has("zx") || q.Has("bj") {
		c, err := reqparam.Floats(q.Get("zx"), 2)
		if err != nil {
			return nil, nil, fmt.Errorf("中心点应为 经度,纬度 zx=%s", q.Get("zx"))
		}
		r, err := reqparam.Floats(q.Get("bj"), 1)
		if err != nil {
			return nil, nil, fmt.Errorf("半径应为公里数 bj=%s", q.Get("bj"))
		}
		near = &civ.GeoCircle{Center: civ.GeoPoint{Lng: c[0], Lat: c[1]}, RadiusKm: r[0]}
	}
	if q.Has("fw") {
		b, err := reqparam.Floats(q.Get("fw"), 4)
		if err != nil {
			return nil, nil, fmt.Errorf("范围应为 最小经度,最小纬度,最大经度,最大纬度 fw=%s", q.Get("fw"))
		}
		box = &civ.GeoBox{SouthWest: civ.GeoPoint{Lng: b[0], Lat: b[1]}, NorthEast: civ.GeoPoint{Lng: b[2], Lat: b[3]}}
	}
	return near, box, nil
}
