package jiangsu

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

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
	"ids": true, "origin_ids": true} // ids, origin_ids: comma-separated, at most civ.MaxFilterValues

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
		IDs: list(q.Get("ids")), OriginIDs: list(q.Get("origin_ids"))}
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
	if !digits(f.RegionCode) {
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

// list splits a comma-separated parameter; absent means no values.
func list(v string) []string {
	if v == "" {
		return nil
	}
	return strings.Split(v, ",")
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

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
