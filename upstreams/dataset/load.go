package dataset

import (
	"fmt"
	"slices"
	"strings"

	"civgraph/civ"
	"civgraph/regions"
)

// Load builds the dataset: the seed article's records, the real service
// sites, and SampleSitesPerProvince generated sites per province. It is
// deterministic for given Options.
func Load(opts Options) (*Dataset, error) {
	n := opts.SampleSitesPerProvince
	switch {
	case n == 0:
		n = DefaultSampleSites
	case n < 0:
		n = 0
	}
	seed := opts.Seed
	if seed == 0 {
		seed = DefaultSeed
	}
	real, err := loadRealSites()
	if err != nil {
		return nil, err
	}
	data := map[civ.ProvinceCode]*Province{
		civ.Hebei: seedHebei(), civ.Hubei: seedHubei(), civ.Jiangsu: seedJiangsu(), civ.Shanghai: seedShanghai(),
	}
	ix := regions.Default()
	for p, pd := range data {
		generated, err := generateSites(p, n, seed, ix)
		if err != nil {
			return nil, fmt.Errorf("generate sites: %w", err)
		}
		pd.ServiceSites = append(real[p], generated...)
		sortByID(pd)
	}
	return New(data), nil
}

func sortByID(pd *Province) {
	slices.SortFunc(pd.Meetings, func(a, b civ.Meeting) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(pd.PolicyDocuments, func(a, b civ.PolicyDocument) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(pd.Tasks, func(a, b civ.Task) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(pd.ServiceSites, func(a, b civ.ServiceSite) int { return strings.Compare(a.ID, b.ID) })
}
