package dataset_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
)

// defaultData is Load(Options{}), built once for the tests that only read it.
var defaultData = sync.OnceValues(func() (*dataset.Dataset, error) { return dataset.Load(dataset.Options{}) })

func loadDefault(t *testing.T) *dataset.Dataset {
	t.Helper()
	ds, err := defaultData()
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func load(t *testing.T, opts dataset.Options) *dataset.Dataset {
	t.Helper()
	ds, err := dataset.Load(opts)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// fuzzy renders a date as "2006-01-02 PRECISION text" for comparison, or
// "UNKNOWN text" when no part of it is known.
func fuzzy(d civ.FuzzyDate) string {
	if !d.Known() {
		return strings.TrimSpace(string(d.Precision) + " " + d.Text)
	}
	return strings.TrimSpace(d.Date.Format("2006-01-02") + " " + string(d.Precision) + " " + d.Text)
}
