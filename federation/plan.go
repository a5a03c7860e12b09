package federation

import (
	"slices"
	"unicode/utf8"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/errcode"
)

// plan is what a list request resolves to before any source is asked:
// the provinces to ask in canonical order, the window each is asked for
// (its own offset, resumed from the cursor, and the page size) and the
// fingerprint the page's cursors are bound to. Sources apply the filter
// themselves, pushing down what their Capabilities declare.
type plan struct {
	kind      Kind
	filter    civ.Filter
	provinces []civ.ProvinceCode
	offsets   map[civ.ProvinceCode]int
	size      int
	query     string // fingerprint of kind, provinces and filter
	resumed   bool   // the request continues from a cursor
}

// plan checks r and resolves it for kind.
func (f *Federation) plan(kind Kind, r Request) (plan, error) {
	size, err := pageSize(r.First)
	if err != nil {
		return plan{}, err
	}
	if err := checkFilter(r.Filter); err != nil {
		return plan{}, err
	}
	provinces, err := f.selectProvinces(r.Provinces)
	if err != nil {
		return plan{}, err
	}
	// Multi-value fields are bounded before any source is asked.
	if err := r.Filter.CheckValues(); err != nil {
		return plan{}, invalidInput("filter: %v", err)
	}
	p := plan{kind: kind, filter: r.Filter, provinces: provinces, size: size,
		query: fingerprint(kind, provinces, r.Filter), offsets: map[civ.ProvinceCode]int{}, resumed: r.After != ""}
	if r.After != "" {
		state, err := f.cursors.decode(r.After, p.query)
		if err != nil {
			return plan{}, err
		}
		p.offsets = state.Offsets
	}
	return p, nil
}

// Bounds of the filter's free-text arguments, which are sent on to every
// province's upstream (and into its cache keys): a keyword is a few words,
// a region code a GB/T 2260 code of at most 12 digits.
const (
	MaxKeywordRunes   = 100
	maxRegionCodeSize = 12
)

// checkFilter refuses free-text arguments no real search needs, before
// any upstream is asked with them.
func checkFilter(f civ.Filter) error {
	if n := utf8.RuneCountInString(f.Keyword); n > MaxKeywordRunes {
		return invalidInput("keyword has %d characters; at most %d are allowed", n, MaxKeywordRunes)
	}
	if len(f.RegionCode) > maxRegionCodeSize {
		return invalidInput("regionCode %s is not a division code", errcode.Echo(f.RegionCode))
	}
	return nil
}

// selectProvinces returns the requested provinces that have a source, in
// canonical order and without duplicates.
func (f *Federation) selectProvinces(requested []civ.ProvinceCode) ([]civ.ProvinceCode, error) {
	if len(requested) == 0 {
		return f.Provinces(), nil
	}
	var out []civ.ProvinceCode
	for _, p := range civ.AllProvinces {
		if !slices.Contains(requested, p) {
			continue
		}
		if _, ok := f.sources[p]; !ok {
			return nil, invalidInput("province %s is not configured on this gateway", p)
		}
		out = append(out, p)
	}
	for _, p := range requested {
		if !p.IsValid() {
			return nil, invalidInput("unknown province %s", errcode.Echo(string(p)))
		}
	}
	return out, nil
}

func pageSize(first *int) (int, error) {
	if first == nil {
		return DefaultPageSize, nil
	}
	if *first < 0 || *first > MaxPageSize {
		return 0, invalidInput("first must be between 0 and %d, got %d", MaxPageSize, *first)
	}
	return *first, nil
}
