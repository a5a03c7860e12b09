package dataset

import "github.com/civgraph/civgraph/civ"

// Options chooses how much sample data to generate.
type Options struct {
	// SampleSitesPerProvince is how many generated (Sample=true) service
	// sites each province gets on top of its real records. 0 means the
	// default (DefaultSampleSites); negative means none; more than
	// MaxSampleSites is an error. A million a province takes about 4 s and
	// 1.8 GB (about 460 bytes a row, BenchmarkLoad's B/op over its rows).
	SampleSitesPerProvince int
	// Seed makes the generator deterministic; 0 means DefaultSeed.
	Seed uint64
}

// Defaults for Options.
const (
	DefaultSampleSites = 250
	DefaultSeed        = 20240321
)

// Province is one province's data, each slice in the order its upstream
// serves it (by ID ascending). ServiceSites holds the real rows first, then
// the generated ones, whose IDs (e.g. SH-SAMPLE-0000001) sort after every
// real ID and follow generation order.
type Province struct {
	Meetings        []civ.Meeting
	PolicyDocuments []civ.PolicyDocument
	Tasks           []civ.Task
	ServiceSites    []civ.ServiceSite
}

// Dataset is the data all four sample upstreams serve.
type Dataset struct {
	provinces map[civ.ProvinceCode]*Province
}

// Province returns one province's data (never nil for a valid code).
func (d *Dataset) Province(p civ.ProvinceCode) *Province {
	if pd, ok := d.provinces[p]; ok {
		return pd
	}
	return &Province{}
}

// New builds a dataset from explicit per-province data (tests, fixtures).
func New(data map[civ.ProvinceCode]*Province) *Dataset {
	d := &Dataset{provinces: map[civ.ProvinceCode]*Province{}}
	for _, p := range civ.AllProvinces {
		d.provinces[p] = &Province{}
		if pd, ok := data[p]; ok && pd != nil {
			d.provinces[p] = pd
		}
	}
	return d
}
