package compare

import (
	"slices"
	"sort"

	"github.com/civgraph/civgraph/civ"
)

// rankAndShare ranks the rows that have a value among those of the same
// unit (1 = largest; equal values share a rank) and sets each one's share
// of their sum. It returns the sums and the provinces left out of them.
func rankAndShare(rows []Row) ([]Total, []civ.ProvinceCode) {
	byUnit := map[string][]int{}
	excluded := map[civ.ProvinceCode]bool{}
	for i, r := range rows {
		if r.Value == nil {
			excluded[r.Province] = true
			continue
		}
		byUnit[r.Unit] = append(byUnit[r.Unit], i)
	}
	var totals []Total
	for unit, idx := range byUnit {
		t := Total{Unit: unit}
		for _, i := range idx {
			t.Value += *rows[i].Value
			if p := rows[i].Province; !excluded[p] && !slices.Contains(t.Provinces, p) {
				t.Provinces = append(t.Provinces, p)
			}
		}
		sort.SliceStable(idx, func(a, b int) bool { return *rows[idx[a]].Value > *rows[idx[b]].Value })
		for k, i := range idx {
			rank := k + 1
			if k > 0 && *rows[i].Value == *rows[idx[k-1]].Value {
				rank = *rows[idx[k-1]].Rank
			}
			rows[i].Rank = &rank
			if t.Value > 0 {
				share := *rows[i].Value / t.Value
				rows[i].Share = &share
			}
		}
		t.Provinces = canonical(t.Provinces)
		totals = append(totals, t)
	}
	sort.Slice(totals, func(a, b int) bool { return totals[a].Unit < totals[b].Unit })
	var out []civ.ProvinceCode
	for p := range excluded {
		out = append(out, p)
	}
	return totals, canonical(out)
}

// canonical orders provinces as civ.AllProvinces does.
func canonical(ps []civ.ProvinceCode) []civ.ProvinceCode {
	var out []civ.ProvinceCode
	for _, p := range civ.AllProvinces {
		if slices.Contains(ps, p) {
			out = append(out, p)
		}
	}
	return out
}
