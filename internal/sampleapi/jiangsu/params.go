package jiangsu

import (
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/civgraph/civgraph/internal/sampleapi/reqparam"

	"github.com/civgraph/civgraph/civ"
)

// params is a validated query of the paged API.
type params struct {
	resid      string
	page, rows int
	filter     civ.Filter
}

// known lists the accepted parameters; anything else is refused, so a
// client's misspelt filter fails loudly instead of being ignored.
var known = map[string]bool{"resid": true, "page": true, "rows": true, "id": true, "start_date": true, "end_date": true,
	"field": true, "site_type": true, "region_code": true, "keyword": true, "origin_id": true,
	"ids": true, "origin_ids": true, // ids, origin_ids: comma-separated, at most civ.MaxFilterValues
	"sample": true,                                           // sample: 1 only generated sample rows, 0 only real ones
	"fields": true, "site_types": true, "region_codes": true, // comma-separated, any of them, at most civ.MaxFilterValues
	"target_start_date": true, "target_end_date": true, "target_metric": true, // tasks by their targets (yyyyMMdd)
	"include_undated": true} // 1: rows with an unknown date pass the date range

// readParams validates q; its errors are the portal's 参数错误 wording.
func readParams(q url.Values) (params, error) {
	for k, vs := range q {
		if !known[k] {
			return params{}, fmt.Errorf("未知参数 %s", k)
		}
		if len(vs) > 1 {
			return params{}, fmt.Errorf("参数 %s 重复", k)
		}
	}
	p := params{resid: q.Get("resid")}
	switch p.resid {
	case ResMeetings, ResDocuments, ResTasks:
	default:
		return p, fmt.Errorf("未知资源 resid=%q", p.resid)
	}
	var err error
	if p.page, err = strconv.Atoi(q.Get("page")); err != nil || p.page < 1 || p.page > MaxPage {
		return p, fmt.Errorf("page 应为 1 至 %d 的整数", MaxPage)
	}
	if p.rows, err = strconv.Atoi(q.Get("rows")); err != nil || p.rows < 1 || p.rows > MaxRows {
		return p, fmt.Errorf("rows 应为 1 至 %d 的整数", MaxRows)
	}
	f := civ.Filter{ID: q.Get("id"), Keyword: q.Get("keyword"), OriginID: q.Get("origin_id"), RegionCode: q.Get("region_code"),
		IDs: reqparam.List(q.Get("ids")), OriginIDs: reqparam.List(q.Get("origin_ids"))}
	if err := f.CheckValues(); err != nil {
		return p, fmt.Errorf("ID 列表取值无效：%v", err)
	}
	if v := q.Get("field"); v != "" {
		if f.Domain, err = civ.ParseDomain(v); err != nil {
			return p, fmt.Errorf("field 取值无效：%q", v)
		}
	}
	if v := q.Get("site_type"); v != "" {
		if f.SiteType, err = civ.ParseSiteType(v); err != nil {
			return p, fmt.Errorf("site_type 取值无效：%q", v)
		}
	}
	for _, v := range reqparam.List(q.Get("fields")) {
		f.Domains = append(f.Domains, civ.Domain(v))
	}
	for _, v := range reqparam.List(q.Get("site_types")) {
		f.SiteTypes = append(f.SiteTypes, civ.SiteType(v))
	}
	f.RegionCodes = reqparam.List(q.Get("region_codes"))
	if err := f.CheckValues(); err != nil {
		return p, fmt.Errorf("取值列表无效：%v", err)
	}
	for _, d := range f.Domains {
		if _, err := civ.ParseDomain(string(d)); err != nil {
			return p, fmt.Errorf("fields 取值无效：%q", d)
		}
	}
	for _, t := range f.SiteTypes {
		if _, err := civ.ParseSiteType(string(t)); err != nil {
			return p, fmt.Errorf("site_types 取值无效：%q", t)
		}
	}
	for _, code := range f.RegionCodes {
		if !reqparam.Digits(code) {
			return p, fmt.Errorf("region_codes 应为数字：%q", code)
		}
	}
	f.TargetMetric = q.Get("target_metric")
	switch v := q.Get("include_undated"); v {
	case "1":
		f.IncludeUndated = true
	case "", "0":
	default:
		return p, fmt.Errorf("include_undated 应为 0 或 1：%q", v)
	}
	for name, dst := range map[string]**time.Time{"target_start_date": &f.TargetDueFrom, "target_end_date": &f.TargetDueTo} {
		t, err := day(q, name)
		if err != nil {
			return p, err
		}
		*dst = civ.OptionalDay(t)
	}
	if f.Sample, err = civ.ParseSampleFlag(q.Get("sample")); err != nil {
		return p, fmt.Errorf("sample 应为 0 或 1：%q", q.Get("sample"))
	}
	if !reqparam.Digits(f.RegionCode) {
		return p, fmt.Errorf("region_code 应为数字：%q", f.RegionCode)
	}
	if f.From, err = day(q, "start_date"); err != nil {
		return p, err
	}
	if f.To, err = day(q, "end_date"); err != nil {
		return p, err
	}
	p.filter = f
	return p, nil
}

// day reads an optional yyyyMMdd parameter.
func day(q url.Values, name string) (time.Time, error) {
	v := q.Get(name)
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(dayLayout, v)
	if err != nil || len(v) != len(dayLayout) {
		return time.Time{}, fmt.Errorf("%s 应为 yyyyMMdd：%q", name, v)
	}
	return t, nil
}
