package gateway

import (
	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/federation"
	"github.com/civgraph/civgraph/querylimit"
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
