package gateway

import (
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/compare"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/federation"
	"github.com/civgraph/civgraph/querylimit"
	"github.com/civgraph/civgraph/regions"
)

// Assumed lengths of lists whose length no argument fixes.
const (
	// regionChildren: a province has up to a dozen prefectures, a
	// prefecture up to a few dozen counties, a county dozens of townships;
	// counted high so that walking the tree is priced as what it is.
	regionChildren = 100
	// otherLists: tasks of a meeting, targets of a task, speakers, reports
	// and the like hold a handful of items.
	otherLists = 10
	// schemaCost prices one __schema field as about the field instances
	// of a full introspection of this schema, so that the playground's one
	// fits easily and thirty aliased ones (about 9 KB of answer and 1.5 ms
	// of CPU each, measured) do not fit in the default limit of 20000.
	schemaCost = 2000
)

// upstreamPageSize is the most rows a connector asks its upstream for in
// one call.
const upstreamPageSize = federation.MaxPageSize

// queryLimits turns the configured limits into the extension that enforces
// them with civgraph's cost model.
func queryLimits(cfg config.LimitsConfig, provinces []civ.ProvinceCode) querylimit.Extension {
	return querylimit.Extension{
		Model: costModel(provinces),
		Limits: querylimit.Limits{
			MaxOperations:    cfg.MaxOperations,
			MaxAliases:       cfg.MaxAliases,
			MaxDepth:         cfg.MaxDepth,
			MaxComplexity:    cfg.MaxComplexity,
			MaxUpstreamCalls: cfg.MaxUpstreamCalls,
		},
		Memo: querylimit.NewMemo(querylimit.DefaultMemoSize),
	}
}

// costModel says which of the schema's fields are long lists and which
// call the provinces' upstreams (see querylimit.Model).
func costModel(provinces []civ.ProvinceCode) *querylimit.Model {
	all := make([]string, len(provinces))
	for i, p := range provinces {
		all[i] = string(p)
	}
	connection := querylimit.Upstream{Paged: true}
	// Nested fields are loader-batched (resolvers/loaders): a province is
	// called once per federation.MaxBatch parents, not once per parent.
	batched := querylimit.Upstream{PerParent: true, Batch: federation.MaxBatch}
	return &querylimit.Model{
		Provinces:       all,
		PageSize:        upstreamPageSize,
		DefaultFirst:    federation.DefaultPageSize,
		DefaultListSize: otherLists,
		ListSizes: map[string]int{
			"Query.provinces": len(all),
			"Region.children": regionChildren,
			// a comparison has at most compare.MaxGroups groups, one row
			// each (more only where units split a group)
			"Comparison.rows": compare.MaxGroups,
		},
		Spread:     map[string]bool{"Query.provinces": true},
		SchemaCost: schemaCost,
		Narrow: map[string]func(map[string]any) []string{
			"Query.province":        codeArgument,
			"Query.region":          regionArgument,
			"Query.meetings":        filterProvinces,
			"Query.policyDocuments": filterProvinces,
			"Query.tasks":           filterProvinces,
			"Query.serviceSites":    filterProvinces,
			"Query.search":          filterProvinces,
			"Query.compare":         listArgument("provinces"),
		},
		Upstream: map[string]querylimit.Upstream{
			"Query.meetings":        connection,
			"Query.policyDocuments": connection,
			"Query.tasks":           connection,
			"Query.serviceSites":    connection,
			"Province.meetings":     connection,
			// one total-only request per province, only when asked for
			"ServiceSiteConnection.sampleCount":        {PerParent: true},
			"MeetingConnection.undatedExcluded":        {PerParent: true},
			"PolicyDocumentConnection.undatedExcluded": {PerParent: true},
			"TaskConnection.undatedExcluded":           {PerParent: true},
			"ServiceSiteConnection.undatedExcluded":    {PerParent: true},
			"Meeting.tasks":                            batched,
			"PolicyDocument.tasks":                     batched,
			"Task.origin":                              {PerParent: true, Batch: federation.MaxBatch, BatchCalls: 2}, // meetings and documents
			"Query.node":                               {Calls: func(args map[string]any) map[string]int { return lookups([]any{args["id"]}) }},
			"Query.nodes":                              {Calls: func(args map[string]any) map[string]int { l, _ := args["ids"].([]any); return lookups(l) }},
			"Query.search":                             {Calls: searchCalls(all)},
			// one total-only call per province and group (and beside it
			// the counts each row reports), or the pages of a bounded read
			"Query.compare":  {PerProvince: comparisonCalls(provinces, false)},
			"Province.stats": {PerParent: true, PerProvince: comparisonCalls(provinces, false)},
			"Region.stats":   {PerParent: true, PerProvince: comparisonCalls(provinces, true)},
			// subgraph mode only: a router's entity fetches are node lookups
			"Query._entities": {Calls: func(args map[string]any) map[string]int { return lookups(representationIDs(args)) }},
		},
	}
}

func codeArgument(args map[string]any) []string {
	if s, ok := args["code"].(string); ok {
		return []string{s}
	}
	return nil
}

// regionArgument: a division code starts with its province's two digits.
func regionArgument(args map[string]any) []string {
	code, _ := args["code"].(string)
	if len(code) < 2 {
		return nil
	}
	if p, ok := civ.ProvinceByAdminCode(code[:2] + "0000"); ok {
		return []string{string(p.Code)}
	}
	return nil
}

// listArgument narrows to the provinces a list argument names.
func listArgument(name string) func(map[string]any) []string {
	return func(args map[string]any) []string {
		var out []string
		for _, p := range asList(args[name]) {
			if s, ok := p.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
}

func asList(v any) []any { l, _ := v.([]any); return l }

// comparisonCalls estimates the calls a comparison makes to province p
// from its arguments (compare.EstimateCalls). A region's stats are
// estimated within the region when its parent field names it
// (region(code:)), else as if over the whole province, the most it can be.
func comparisonCalls(provinces []civ.ProvinceCode, inRegion bool) func(args, parent map[string]any, p string) int {
	return func(args, parent map[string]any, p string) int {
		req := compare.Request{Provinces: []civ.ProvinceCode{civ.ProvinceCode(p)}, Filter: comparisonFilterArgument(args["filter"])}
		metric, _ := args["metric"].(string)
		groupBy, _ := args["groupBy"].(string)
		req.Metric, req.GroupBy = compare.Metric(metric), compare.GroupBy(groupBy)
		if inRegion {
			if code, ok := parent["code"].(string); ok {
				req.Scope = code
			}
		}
		n := compare.EstimateCalls(regions.Default(), provinces, req)[civ.ProvinceCode(p)]
		if n == 0 && req.Scope != "" { // a scope in another province, or refused
			req.Scope = ""
			n = compare.EstimateCalls(regions.Default(), provinces, req)[civ.ProvinceCode(p)]
		}
		return n
	}
}

// comparisonFilterArgument reads what of a ComparisonFilter argument
// changes a comparison's calls: the groups its site types and domains
// leave, whether samples are counted apart (sample defaults to false; an
// explicit null counts both), and a date range that may leave undated rows
// out.
func comparisonFilterArgument(v any) civ.Filter {
	real := false
	f := civ.Filter{Sample: &real}
	in, ok := v.(map[string]any)
	if !ok {
		return f
	}
	if s, present := in["sample"]; present {
		b, isBool := s.(bool)
		f.Sample = nil
		if isBool {
			f.Sample = &b
		}
	}
	for _, d := range asList(in["domains"]) {
		if s, ok := d.(string); ok {
			f.Domains = append(f.Domains, civ.Domain(s))
		}
	}
	for _, t := range asList(in["siteTypes"]) {
		if s, ok := t.(string); ok {
			f.SiteTypes = append(f.SiteTypes, civ.SiteType(s))
		}
	}
	for key, day := range map[string]*time.Time{"from": &f.From, "to": &f.To} {
		if s, ok := in[key].(string); ok {
			*day, _ = time.Parse(time.DateOnly, s)
		}
	}
	f.IncludeUndated, _ = in["includeUndated"].(bool)
	return f
}

func filterProvinces(args map[string]any) []string {
	filter, _ := args["filter"].(map[string]any)
	list, _ := filter["provinces"].([]any)
	var out []string
	for _, p := range list {
		if s, ok := p.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// lookups counts the upstream calls of looking objects up by global ID:
// the node loader asks the province an ID names once per kind and
// federation.MaxBatch distinct IDs (provinces and regions need no call).
func lookups(ids []any) map[string]int {
	type group struct {
		province civ.ProvinceCode
		kind     federation.Kind
	}
	distinct := map[group]int{}
	seen := map[string]bool{}
	for _, v := range ids {
		id, _ := v.(string)
		gid, err := federation.DecodeID(id)
		if err != nil || seen[id] || gid.Kind == federation.KindProvince || gid.Kind == federation.KindRegion {
			continue
		}
		seen[id] = true
		distinct[group{gid.Province, gid.Kind}]++
	}
	out := map[string]int{}
	for g, n := range distinct {
		out[string(g.province)] += (n + federation.MaxBatch - 1) / federation.MaxBatch
	}
	return out
}

// searchCalls counts a search's upstream calls: each province it reaches
// is asked for federation.SearchCandidates rows of each type searched, in
// pages of upstreamPageSize.
func searchCalls(all []string) func(args map[string]any) map[string]int {
	return func(args map[string]any) map[string]int {
		types := map[any]bool{}
		list, _ := args["types"].([]any)
		for _, t := range list {
			types[t] = true
		}
		kinds := len(types)
		if kinds == 0 {
			kinds = len(federation.SearchKinds)
		}
		provinces := filterProvinces(args)
		if len(provinces) == 0 {
			provinces = all
		}
		out := map[string]int{}
		for _, p := range provinces {
			out[p] = kinds * ((federation.SearchCandidates + upstreamPageSize - 1) / upstreamPageSize)
		}
		return out
	}
}
