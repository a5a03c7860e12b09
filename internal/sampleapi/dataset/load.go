package dataset

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/regions"
)

// Load builds the dataset: the seed article's records, the real service
// sites, and SampleSitesPerProvince generated sites per province after
// them. It reads no clock and is deterministic for given Options.
func Load(opts Options) (*Dataset, error) {
	n := opts.SampleSitesPerProvince
	switch {
	case n == 0:
		n = DefaultSampleSites
	case n < 0:
		n = 0
	case n > MaxSampleSites:
		return nil, fmt.Errorf("load dataset: %d sample sites per province is more than the %d their IDs allow", n, MaxSampleSites)
	}
	seed := opts.Seed
	if seed == 0 {
		seed = DefaultSeed
	}
	real, err := loadRealSites()
	if err != nil {
		return nil, fmt.Errorf("load dataset: %w", err)
	}
	data := seedProvinces()
	ix := regions.Default()
	// Provinces draw from their own generators, so building them in
	// parallel changes nothing but the wall time.
	var g errgroup.Group
	for p, pd := range data {
		g.Go(func() error {
			sites := make([]civ.ServiceSite, 0, len(real[p])+n)
			sites = append(sites, real[p]...)
			slices.SortFunc(sites, byID)
			sites, err := generateSites(sites, p, n, seed, ix)
			if err != nil {
				return fmt.Errorf("load dataset: generate %s sites: %w", p, err)
			}
			pd.ServiceSites = sites
			return sortSeed(p, pd)
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return New(data), nil
}

func byID(a, b civ.ServiceSite) int { return strings.Compare(a.ID, b.ID) }

// sortSeed orders the seed records by ID, as upstreams serve them, and
// checks that the sites already are: real rows sorted, then generated rows
// whose IDs sort after them in generation order.
func sortSeed(p civ.ProvinceCode, pd *Province) error {
	slices.SortFunc(pd.Meetings, func(a, b civ.Meeting) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(pd.PolicyDocuments, func(a, b civ.PolicyDocument) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(pd.Tasks, func(a, b civ.Task) int { return strings.Compare(a.ID, b.ID) })
	for i := 1; i < len(pd.ServiceSites); i++ {
		if prev, id := pd.ServiceSites[i-1].ID, pd.ServiceSites[i].ID; prev >= id {
			return fmt.Errorf("load dataset: %s site IDs out of order: %q before %q", p, prev, id)
		}
	}
	return nil
}
