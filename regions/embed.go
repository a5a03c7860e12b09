package regions

import (
	"embed"
	"fmt"
	"io/fs"
	"sync"
)

// files holds the source files exactly as copied from the shared data set.
//
//go:embed data/*.csv data/PROVENANCE.md
var files embed.FS

// Names of the embedded files, relative to Files().
const (
	MCAFile         = "divisions_4prov_mca2024.csv"
	TownsFile       = "nbs2022_towns_streets_4prov.csv"
	NBSCountiesFile = "nbs2022_county_level_4prov.csv" // includes the statistical-only zones
	ProvenanceFile  = "PROVENANCE.md"
)

// Files returns the embedded source files (the three CSVs and
// PROVENANCE.md), so that a server can publish the data with its
// provenance and licences.
func Files() fs.FS {
	sub, err := fs.Sub(files, "data")
	if err != nil {
		return files // unreachable: "data" is a valid path
	}
	return sub
}

var defaultIndex = sync.OnceValue(func() *Index {
	ix, err := parseFS(Files())
	if err != nil {
		// The files are compiled in and this package's tests parse them,
		// so failing here is a build defect, not bad input.
		panic(fmt.Sprintf("regions: embedded division data does not parse: %v", err))
	}
	return ix
})

// Default returns the index over the embedded data. It is parsed once, on
// first use, and shared; it is safe for concurrent use.
func Default() *Index { return defaultIndex() }

func parseFS(fsys fs.FS) (*Index, error) {
	mca, err := fsys.Open(MCAFile)
	if err != nil {
		return nil, err
	}
	defer mca.Close()
	towns, err := fsys.Open(TownsFile)
	if err != nil {
		return nil, err
	}
	defer towns.Close()
	return Parse(mca, towns)
}
