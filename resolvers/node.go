package resolvers

import (
	"context"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/federation"
)

// regionID is a region's global ID: regions are Nodes like the others,
// so normalizing client caches can key them, but they come from the
// gateway's own division index rather than from a province's upstream.
func regionID(reg civ.Region) string {
	p, _ := civ.ProvinceByAdminCode(reg.Code)
	return federation.EncodeID(federation.KindRegion, p.Code, reg.Code)
}

// regionNode resolves id when it names a region (ok true): the region, or
// nil when the index has no such division or it lies in another province
// than the ID says. Other IDs, well-formed or not, are left to federation
// (ok false).
func (r *Resolver) regionNode(id string) (entity civ.Entity, ok bool) {
	gid, err := federation.DecodeID(id)
	if err != nil || gid.Kind != federation.KindRegion {
		return nil, false
	}
	reg := r.region(gid.LocalID)
	if reg == nil || regionID(*reg) != id {
		return nil, true
	}
	return *reg, true
}

// nodes answers nodes(ids:): regions from the index, everything else
// through the request's node loader (batched by province and kind), in
// input order.
func (r *Resolver) nodes(ctx context.Context, ids []string) ([]civ.Entity, []error) {
	if len(ids) > federation.MaxNodes {
		return r.fed.Nodes(ctx, ids) // reports the bound
	}
	out := make([]civ.Entity, len(ids))
	var rest []string
	var at []int
	for i, id := range ids {
		if reg, ok := r.regionNode(id); ok {
			out[i] = reg
			continue
		}
		rest = append(rest, id)
		at = append(at, i)
	}
	if len(rest) == 0 {
		return out, nil
	}
	found, errs := r.loaders(ctx).Nodes(ctx, rest)
	if found == nil {
		return nil, errs
	}
	for j, n := range found {
		out[at[j]] = n
	}
	return out, errs
}
