package gateway

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/civgraph/civgraph/auth"
	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/federation"
	"github.com/civgraph/civgraph/respcache"
)

// responsePolicy decides which answers the whole-response cache may keep
// and for how long.
type responsePolicy struct {
	maxAge time.Duration
	// ttl is how long each province's data stays what the sources would
	// answer (its cache_ttl; 0: a province whose answers are not kept);
	// negativeTTL how long a cached "nothing found" does.
	ttl, negativeTTL map[civ.ProvinceCode]time.Duration
	now              func() time.Time
}

func newResponsePolicy(cfg config.Config) responsePolicy {
	p := responsePolicy{maxAge: cfg.ResponseCache.MaxAge, ttl: map[civ.ProvinceCode]time.Duration{},
		negativeTTL: map[civ.ProvinceCode]time.Duration{}, now: time.Now}
	for code, s := range cfg.Sources.ByProvince() {
		p.ttl[code], p.negativeTTL[code] = s.CacheTTL, min(s.CacheTTL, s.CacheNegativeTTL)
	}
	return p
}

// allow tells the response cache (when the request is a candidate) that
// resp may be kept: it has no errors, its operation is a query without
// volatile fields, it used some province's data and all of that data
// stays fresh for a while yet.
func (p responsePolicy) allow(ctx context.Context, resp *graphql.Response, sources []federation.SourceStatus) {
	if p.maxAge <= 0 || len(resp.Errors) > 0 || len(sources) == 0 || !replayable(ctx) {
		return
	}
	ttl := freshFor(sources, p.maxAge, p.ttl, p.now())
	for _, s := range sources {
		// Data resting on a cached "nothing found" is fresh for less.
		if s.NotFound {
			ttl = min(ttl, freshFor([]federation.SourceStatus{s}, p.maxAge, p.negativeTTL, p.now()))
		}
	}
	provinces := make([]civ.ProvinceCode, len(sources))
	for i, s := range sources {
		provinces[i] = s.Province
	}
	respcache.Allow(ctx, provinces, ttl)
}

// volatileFields are Query fields whose answer changes without any
// province's data changing: the sources' live health.
var volatileFields = []string{"sources"}

// replayable reports whether the operation of ctx is a query whose top
// level selects no volatile field, through fragments too.
func replayable(ctx context.Context) bool {
	if !graphql.HasOperationContext(ctx) {
		return false
	}
	oc := graphql.GetOperationContext(ctx)
	if oc.Operation == nil || oc.Operation.Operation != ast.Query {
		return false
	}
	var ok func(ast.SelectionSet, int) bool
	ok = func(set ast.SelectionSet, depth int) bool {
		if depth > 32 { // fragments nest at most as deep as the query limits allow
			return false
		}
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				if slices.Contains(volatileFields, s.Name) {
					return false
				}
			case *ast.InlineFragment:
				if !ok(s.SelectionSet, depth+1) {
					return false
				}
			case *ast.FragmentSpread:
				f := oc.Doc.Fragments.ForName(s.Name)
				if f == nil || !ok(f.SelectionSet, depth+1) {
					return false
				}
			}
		}
		return true
	}
	return ok(oc.Operation.SelectionSet, 0)
}

// newResponseCache builds the whole-response cache over the connectors'
// cache, whose partitions' versions tell when a province's data changed.
func newResponseCache(cfg config.Config, c *cache.Cache) *respcache.Cache {
	// Named once: every kept answer served asks for its provinces' versions.
	partitions := make(map[civ.ProvinceCode]string, len(civ.AllProvinces))
	for _, p := range civ.AllProvinces {
		partitions[p] = partition(p)
	}
	return respcache.New(respcache.Config{
		MaxBytes: cfg.ResponseCache.MaxBytes, MaxEntryBytes: cfg.ResponseCache.MaxEntryBytes,
		MaxBodyBytes: cfg.GraphQL.MaxBodyBytes, MaxAge: cfg.ResponseCache.MaxAge,
		Versions: func(p civ.ProvinceCode) uint64 {
			if name, ok := partitions[p]; ok {
				return c.Version(name)
			}
			return c.Version(partition(p))
		},
		Scope: scope,
	})
}

// scope names what the caller may see: answers are shared only between
// callers who see the same provinces.
func scope(ctx context.Context) string {
	id, ok := auth.FromContext(ctx)
	switch {
	case !ok:
		return "anonymous"
	case id.Provinces == nil:
		return "all"
	}
	names := make([]string, len(id.Provinces))
	for i, p := range id.Provinces {
		names[i] = string(p)
	}
	slices.Sort(names)
	return "provinces:" + strings.Join(slices.Compact(names), ",")
}

// ResponseCacheStats returns the counters of the current configuration's
// whole-response cache (zero when it is off).
func (g *Gateway) ResponseCacheStats() respcache.Stats {
	gen := g.current.Load()
	if gen == nil || gen.responses == nil {
		return respcache.Stats{}
	}
	return gen.responses.Stats()
}
