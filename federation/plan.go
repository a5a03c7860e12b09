package federation

import (
	"slices"
	"unicode/utf8"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/errcode"
)

// plan is what a list request resolves to before any source is asked:
// the provinces to ask in canonical order, the window of each one's sorted
// stream the page lies in (from after's position, or the start, to
// before's position, or the end), the direction and size of the page and
// the fingerprint its cursors are bound to. Sources apply the filter
// themselves, pushing down what their Capabilities declare; an order a
// source does not declare is sorted here (kit.OrderedWindow).
type plan struct {
	kind      Kind
	filter    civ.Filter
	order     connectors.Order
	provinces []civ.ProvinceCode
	start     []int // per province: the window's first row (after's position)
	end       []int // per province: the window's end (before's position); nil: the stream's end
	size      int
	backward  bool   // last/before: the page is the window's last size rows
	after     bool   // the request continues after a cursor
	query     string // fingerprint of kind, provinces, filter and order
}

// plan checks r and resolves it for kind.
func (f *Federation) plan(kind Kind, r Request) (plan, error) {
	if r.First != nil && r.Last != nil {
		return plan{}, invalidInput("first and last cannot be used together: page forwards with first and after, or backwards with last and before")
	}
	size, err := pageSize("first", r.First)
	if err != nil {
		return plan{}, err
	}
	if r.Last != nil {
		if size, err = pageSize("last", r.Last); err != nil {
			return plan{}, err
		}
	}
	if err := checkFilter(r.Filter); err != nil {
		return plan{}, err
	}
	if err := checkOrder(kind, r.Order, r.Filter); err != nil {
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
	p := plan{kind: kind, filter: r.Filter, order: r.Order, provinces: provinces, size: size,
		query: fingerprint(kind, provinces, r.Filter, r.Order), start: make([]int, len(provinces)),
		backward: r.Last != nil, after: r.After != ""}
	if r.After != "" {
		pos, err := f.cursors.decode(r.After, p.query, len(provinces))
		if err != nil {
			return plan{}, err
		}
		p.start = pos.after
	}
	if r.Before != "" {
		pos, err := f.cursors.decode(r.Before, p.query, len(provinces))
		if err != nil {
			return plan{}, err
		}
		p.end = pos.before
	}
	return p, nil
}

// checkOrder refuses an order the list has no such field for, and
// DISTANCE without a centre to measure from.
func checkOrder(kind Kind, o connectors.Order, f civ.Filter) error {
	if o.Field == connectors.OrderSource {
		return nil
	}
	if o.Field == connectors.OrderDistance && f.Near == nil {
		return invalidInput("orderBy DISTANCE needs the near filter: distances are measured from its centre")
	}
	if _, err := orderOf(kind, o, f); err != nil {
		return invalidInput("orderBy: %v", err)
	}
	return nil
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

func pageSize(arg string, n *int) (int, error) {
	if n == nil {
		return DefaultPageSize, nil
	}
	if *n < 0 || *n > MaxPageSize {
		return 0, invalidInput("%s must be between 0 and %d, got %d", arg, MaxPageSize, *n)
	}
	return *n, nil
}
