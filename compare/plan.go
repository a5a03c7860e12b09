package compare

import (
	"slices"
	"time"
	"unicode/utf8"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/errcode"
	"github.com/civgraph/civgraph/federation"
)

// plan is a checked comparison: the provinces to ask and each one's
// groups, every group with its filter pushed down.
type plan struct {
	req       Request
	provinces []civ.ProvinceCode
	scope     *civ.Region
	base      civ.Filter // the request's filter with the scope pushed down
	groups    map[civ.ProvinceCode][]group
}

// maxRegionCode is the longest division code (a nine-digit township).
const maxRegionCode = 12

// planner lays groups out over the division tree.
type planner struct{ div Divisions }

// group is one row's worth of a province: its key and label and the
// filter that selects its rows.
type group struct {
	key, label string
	region     *civ.Region
	siteType   civ.SiteType
	domain     civ.Domain
	month      string
	filter     civ.Filter
}

// plan checks req and lays out its groups. It asks no upstream, so a
// refused comparison costs nothing.
func (c *Comparer) plan(req Request) (plan, error) {
	return newPlan(c.div, c.src.Provinces(), req)
}

// newPlan plans req over the provinces that have a source.
func newPlan(div Divisions, have []civ.ProvinceCode, req Request) (plan, error) {
	c := planner{div: div}
	if _, ok := allowed[req.Metric]; !ok {
		return plan{}, invalid("unknown metric %s", errcode.Echo(string(req.Metric)))
	}
	if !Allowed(req.Metric, req.GroupBy) {
		return plan{}, invalid("%s cannot be grouped by %s; it can be by %v", req.Metric, errcode.Echo(string(req.GroupBy)), allowed[req.Metric])
	}
	f := req.Filter
	if f.Domain != "" || f.SiteType != "" || f.RegionCode != "" {
		return plan{}, invalid("filter: use domains, siteTypes and regionCodes; the single-value fields carry the groups")
	}
	if err := f.CheckValues(); err != nil {
		return plan{}, invalid("filter: %v", err)
	}
	// Free text goes to every province's upstream and cache keys: bounded
	// as a list filter's is, before anything is asked.
	for name, text := range map[string]string{"keyword": f.Keyword, "targetMetric": f.TargetMetric} {
		if n := utf8.RuneCountInString(text); n > federation.MaxKeywordRunes {
			return plan{}, invalid("filter: %s has %d characters; at most %d are allowed", name, n, federation.MaxKeywordRunes)
		}
	}
	for _, code := range f.RegionCodes {
		if len(code) > maxRegionCode {
			return plan{}, invalid("filter: regionCodes: %s is not a division code", errcode.Echo(code))
		}
	}
	pl := plan{req: req, base: f, groups: map[civ.ProvinceCode][]group{}}
	if req.Scope != "" {
		reg, ok := c.div.Lookup(req.Scope)
		if !ok {
			return plan{}, invalid("region %s is not a division code", errcode.Echo(req.Scope))
		}
		pl.scope, pl.base.RegionCode = &reg, reg.Code
	}
	provinces, err := selectProvinces(have, req.Provinces, pl.scope)
	if err != nil {
		return plan{}, err
	}
	pl.provinces = provinces
	months, err := monthsOf(req)
	if err != nil {
		return plan{}, err
	}
	n := 0
	for _, p := range provinces {
		gs := c.groupsOf(pl, p, months)
		pl.groups[p] = gs
		n += len(gs)
	}
	if n > MaxGroups {
		return plan{}, tooLarge("%d groups; a comparison has at most %d (narrow provinces or regionCodes, or group more coarsely)", n, MaxGroups)
	}
	return pl, nil
}

// provinces resolves the requested provinces against those with a source,
// narrowed to the scope's province.
func selectProvinces(have, requested []civ.ProvinceCode, scope *civ.Region) ([]civ.ProvinceCode, error) {
	for _, p := range requested {
		if !slices.Contains(have, p) {
			return nil, invalid("province %s is not configured on this gateway", errcode.Echo(string(p)))
		}
	}
	var out []civ.ProvinceCode
	for _, p := range have {
		if len(requested) > 0 && !slices.Contains(requested, p) {
			continue
		}
		if scope != nil {
			if info, _ := civ.ProvinceInfo(p); info.AdminCode[:2] != scope.Code[:2] {
				continue
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// groupsOf lays out province p's groups.
func (c planner) groupsOf(pl plan, p civ.ProvinceCode, months []month) []group {
	base := pl.base
	switch pl.req.GroupBy {
	case ByPrefecture, ByCounty:
		var out []group
		for _, r := range c.regionGroups(p, pl.scope, pl.req.GroupBy) {
			f := base
			f.RegionCode = r.Code
			out = append(out, group{key: r.Code, label: r.Name, region: &r, filter: f})
		}
		return out
	case BySiteType:
		var out []group
		for _, t := range civ.AllSiteTypes {
			if (len(base.SiteTypes) > 0 && !slices.Contains(base.SiteTypes, t)) ||
				(len(base.Domains) > 0 && !slices.Contains(base.Domains, t.Domain())) {
				continue // the filter already leaves it at zero
			}
			f := base
			f.SiteType = t
			out = append(out, group{key: string(t), label: siteTypeLabels[t], siteType: t, filter: f})
		}
		return out
	case ByDomain:
		var out []group
		for _, d := range civ.AllDomains {
			if len(base.Domains) > 0 && !slices.Contains(base.Domains, d) {
				continue
			}
			if kindOf(pl.req.Metric) == kindOf(SiteCount) && !slices.ContainsFunc(civ.AllSiteTypes, func(t civ.SiteType) bool { return t.Domain() == d }) {
				continue // no kind of site serves it
			}
			f := base
			f.Domain = d
			out = append(out, group{key: string(d), label: domainLabels[d], domain: d, filter: f})
		}
		return out
	case ByMonth:
		out := make([]group, len(months))
		for i, m := range months {
			f := base
			f.From, f.To = m.from, m.to
			out[i] = group{key: m.key, label: m.key, month: m.key, filter: f}
		}
		return out
	}
	root := c.root(p, pl.scope)
	return []group{{key: root.Code, label: root.Name, region: &root, filter: base}}
}

// root is the region a province's rows belong to: the scope, or the
// province itself.
func (c planner) root(p civ.ProvinceCode, scope *civ.Region) civ.Region {
	if scope != nil {
		return *scope
	}
	info, _ := civ.ProvinceInfo(p)
	if reg, ok := c.div.Lookup(info.AdminCode); ok {
		return reg
	}
	return civ.Region{Code: info.AdminCode, Name: info.Name, Level: civ.LevelProvince}
}

// regionGroups lists the divisions of p (within the scope) at the
// grouping's level. A prefecture grouping takes the province's direct
// divisions, so that county-level units directly under a province
// (Shanghai's districts, Hubei's 仙桃, 潜江, 天门, 神农架) are groups of
// their own; a scope at or below the level is its own single group.
func (c planner) regionGroups(p civ.ProvinceCode, scope *civ.Region, by GroupBy) []civ.Region {
	root := c.root(p, scope)
	notTown := func(r civ.Region) bool { return r.Level != civ.LevelTown }
	switch {
	case root.Level == civ.LevelProvince && by == ByPrefecture:
		return keep(c.div.Children(root.Code), notTown)
	case root.Level == civ.LevelProvince:
		return keep(c.div.Counties(p), func(r civ.Region) bool { return r.Level == civ.LevelCounty })
	case root.Level == civ.LevelPrefecture && by == ByCounty:
		return keep(c.div.Children(root.Code), func(r civ.Region) bool { return r.Level == civ.LevelCounty })
	}
	return []civ.Region{root}
}

func keep(rs []civ.Region, ok func(civ.Region) bool) []civ.Region {
	out := rs[:0:0]
	for _, r := range rs {
		if ok(r) {
			out = append(out, r)
		}
	}
	return out
}

// month is one calendar month of a MONTH grouping, cut to the range.
type month struct {
	key      string
	from, to time.Time
}

// monthsOf splits a MONTH grouping's date range into months.
func monthsOf(req Request) ([]month, error) {
	if req.GroupBy != ByMonth {
		return nil, nil
	}
	f := req.Filter
	if f.From.IsZero() || f.To.IsZero() || f.To.Before(f.From) {
		return nil, invalid("grouping by month needs filter.from and filter.to, from not after to")
	}
	var out []month
	for start := time.Date(f.From.Year(), f.From.Month(), 1, 0, 0, 0, 0, time.UTC); !start.After(f.To); start = start.AddDate(0, 1, 0) {
		if len(out) == MaxMonths {
			return nil, tooLarge("more than %d months from %s to %s", MaxMonths, f.From.Format(time.DateOnly), f.To.Format(time.DateOnly))
		}
		end := start.AddDate(0, 1, -1)
		m := month{key: start.Format("2006-01"), from: start, to: end}
		if m.from.Before(f.From) {
			m.from = f.From
		}
		if m.to.After(f.To) {
			m.to = f.To
		}
		out = append(out, m)
	}
	return out, nil
}

// Labels of the site types and domains, as the schema names them.
var siteTypeLabels = map[civ.SiteType]string{
	civ.SiteMealPoint: "老年助餐点", civ.SiteCommunityCanteen: "社区长者食堂", civ.SiteMarriageRegistry: "婚姻登记处",
	civ.SiteFuneralHome: "殡仪馆", civ.SiteCemetery: "公墓", civ.SiteRescueStation: "救助管理站",
	civ.SiteRehabAidCenter: "康复辅助器具服务中心", civ.SiteElderlyServiceCenter: "综合为老服务中心",
	civ.SiteElderlyCareHome: "养老机构", civ.SiteChildWelfareHome: "儿童福利机构",
}

var domainLabels = map[civ.Domain]string{
	civ.DomainSocialAssistance: "社会救助", civ.DomainFuneralManagement: "殡葬管理", civ.DomainMarriageRegistration: "婚姻登记",
	civ.DomainDisabilityWelfare: "残疾人福利", civ.DomainVagrantRescue: "流浪乞讨人员救助管理", civ.DomainElderlyMeals: "老年助餐",
	civ.DomainElderlyCare: "养老服务", civ.DomainSocialAffairs: "社会事务", civ.DomainChildWelfare: "儿童福利",
}
