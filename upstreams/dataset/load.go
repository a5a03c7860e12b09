package dataset

import "civgraph/civ"

// Load builds the dataset. It is deterministic for given Options.
// (Placeholder content; replaced by the full seed data.)
func Load(opts Options) (*Dataset, error) {
	d := &Dataset{provinces: map[civ.ProvinceCode]*Province{}}
	for _, p := range civ.AllProvinces {
		d.provinces[p] = &Province{}
	}
	return d, nil
}
