package population

import (
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"
)

//go:embed data/elderly_population.csv data/PROVENANCE.md
var files embed.FS

// File is the embedded table's name under data/.
const File = "data/elderly_population.csv"

// Figure is one region's count of residents aged 60 and over as a public
// page states it.
type Figure struct {
	Code        string    // GB/T 2260 code of the region
	Name        string    // 河北省, 宜昌市 …
	Elderly     int       // residents aged 60 and over
	Year        int       // year the figure belongs to
	AsOf        time.Time // the day it holds for (census day, year end)
	StatedAs    string    // the page's own wording, e.g. 1179.50万人
	SourceTitle string
	SourceURL   string
}

// Table looks figures up by region code. It is immutable.
type Table struct{ byCode map[string]Figure }

// Lookup returns the figure for a region code; false when there is none.
func (t *Table) Lookup(code string) (Figure, bool) {
	f, ok := t.byCode[code]
	return f, ok
}

// Len is how many regions have a figure.
func (t *Table) Len() int { return len(t.byCode) }

var defaultTable = sync.OnceValue(func() *Table {
	f, err := files.Open(File)
	if err != nil {
		panic(fmt.Sprintf("population: embedded table missing: %v", err))
	}
	defer f.Close()
	t, err := Parse(f)
	if err != nil {
		// Compiled in and parsed by this package's tests: a build defect.
		panic(fmt.Sprintf("population: embedded table does not parse: %v", err))
	}
	return t
})

// Default returns the embedded table.
func Default() *Table { return defaultTable() }

var header = []string{"code", "name", "aged_60_and_over", "year", "as_of", "stated_as", "source_title", "source_url"}

// Parse reads a table in the embedded file's format; every row needs a
// six-digit code, a positive figure, its year and day and a source URL.
func Parse(r io.Reader) (*Table, error) {
	rows, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 || !equal(rows[0], header) {
		return nil, fmt.Errorf("header is not %v", header)
	}
	t := &Table{byCode: map[string]Figure{}}
	for i, row := range rows[1:] {
		line := i + 2
		n, err := strconv.Atoi(row[2])
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("line %d: aged_60_and_over %q is not a positive count", line, row[2])
		}
		year, err := strconv.Atoi(row[3])
		if err != nil {
			return nil, fmt.Errorf("line %d: year %q: %v", line, row[3], err)
		}
		asOf, err := time.Parse(time.DateOnly, row[4])
		if err != nil || asOf.Year() != year {
			return nil, fmt.Errorf("line %d: as_of %q is not a day of %d", line, row[4], year)
		}
		if len(row[0]) != 6 || row[7] == "" || row[5] == "" {
			return nil, fmt.Errorf("line %d: needs a six-digit code, its wording and a source URL", line)
		}
		if _, dup := t.byCode[row[0]]; dup {
			return nil, fmt.Errorf("line %d: code %s twice", line, row[0])
		}
		t.byCode[row[0]] = Figure{Code: row[0], Name: row[1], Elderly: n, Year: year, AsOf: asOf,
			StatedAs: row[5], SourceTitle: row[6], SourceURL: row[7]}
	}
	return t, nil
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
