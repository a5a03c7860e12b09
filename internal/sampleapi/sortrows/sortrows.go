package sortrows

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"unsafe"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/ordering"
)

// Spec is the order a request asks for in the gateway's spelling (see
// package ordering); a zero Field keeps the rows' own order. Center is
// the WGS-84 point distances are measured from.
type Spec struct {
	Field  string
	Desc   bool
	Center *civ.GeoPoint
}

// Order builds the comparison of one entity's rows for a Spec.
type Order[T any] func(Spec) (ordering.Compare[T], error)

// The orders of each entity.
var (
	Sites Order[civ.ServiceSite] = func(s Spec) (ordering.Compare[civ.ServiceSite], error) {
		return ordering.Sites(s.Field, s.Desc, s.Center)
	}
	Meetings Order[civ.Meeting] = func(s Spec) (ordering.Compare[civ.Meeting], error) { return ordering.Meetings(s.Field, s.Desc) }
	Tasks    Order[civ.Task]    = func(s Spec) (ordering.Compare[civ.Task], error) { return ordering.Tasks(s.Field, s.Desc) }

	PolicyDocuments Order[civ.PolicyDocument] = func(s Spec) (ordering.Compare[civ.PolicyDocument], error) {
		return ordering.PolicyDocuments(s.Field, s.Desc)
	}
)

// Index remembers sorted orders of row slices. The zero Index is ready.
type Index struct {
	mu     sync.Mutex
	sorted map[key]*entry
}

// key names one slice (by its backing array and length: the sample
// datasets are never changed in place) in one order.
type key struct {
	rows  unsafe.Pointer
	n     int
	field string
	desc  bool
}

// maxOrders bounds the sorted indexes kept: a few per entity.
const maxOrders = 64

// Select is civ.Select in the order s: the window [offset, offset+limit)
// of the rows match accepts, and how many it accepts. A nil match accepts
// every row: the window is then cut without visiting the other rows, so
// an unfiltered page costs the same at a million rows as at ten thousand.
func Select[T any](x *Index, rows []T, order Order[T], s Spec, match func(T) bool, offset, limit int) ([]T, int, error) {
	if s.Field == "" {
		if match == nil {
			return window(rows, offset, limit), len(rows), nil
		}
		page, total := civ.Select(rows, match, offset, limit)
		return page, total, nil
	}
	cmp, err := order(s)
	if err != nil {
		return nil, 0, err
	}
	if match == nil && s.Center == nil {
		idx := window(sortedIndex(x, rows, s, cmp), offset, limit)
		page := make([]T, len(idx))
		for i, j := range idx {
			page[i] = rows[j]
		}
		return page, len(rows), nil
	}
	if match == nil {
		match = func(T) bool { return true }
	}
	var idx []int32
	if s.Center != nil {
		// The order depends on the request: sort only the matching rows.
		for i, r := range rows {
			if match(r) {
				idx = append(idx, int32(i))
			}
		}
		slices.SortFunc(idx, func(a, b int32) int { return cmp(rows[a], rows[b]) })
		match = func(T) bool { return true }
	} else {
		idx = sortedIndex(x, rows, s, cmp)
	}
	var page []T
	total := 0
	for _, i := range idx {
		r := rows[i]
		if !match(r) {
			continue
		}
		if total >= offset && len(page) < limit {
			page = append(page, r)
		}
		total++
	}
	return page, total, nil
}

// Matcher is match bound to f for Select: nil, accepting every row
// without looking at it, when f restricts nothing.
func Matcher[T any](f civ.Filter, match func(civ.Filter, T) bool) func(T) bool {
	if f.IsZero() {
		return nil
	}
	return func(t T) bool { return match(f, t) }
}

// window is the part [offset, offset+limit) of s that exists, nil when
// none does (as civ.Select answers a page past the end).
func window[E any](s []E, offset, limit int) []E {
	if offset < 0 || offset >= len(s) || limit <= 0 {
		return nil
	}
	return slices.Clone(s[offset : offset+min(limit, len(s)-offset)])
}

// sortedIndex returns rows' order under s, sorting it once, on first
// use; concurrent first requests wait for the one sort.
func sortedIndex[T any](x *Index, rows []T, s Spec, cmp ordering.Compare[T]) []int32 {
	k := key{rows: unsafe.Pointer(unsafe.SliceData(rows)), n: len(rows), field: s.Field, desc: s.Desc}
	x.mu.Lock()
	if x.sorted == nil || len(x.sorted) >= maxOrders {
		x.sorted = map[key]*entry{}
	}
	e, ok := x.sorted[k]
	if !ok {
		e = &entry{}
		x.sorted[k] = e
	}
	x.mu.Unlock()
	e.once.Do(func() {
		e.idx = make([]int32, len(rows))
		for i := range e.idx {
			e.idx[i] = int32(i)
		}
		slices.SortFunc(e.idx, func(a, b int32) int { return cmp(rows[a], rows[b]) })
	})
	return e.idx
}

type entry struct {
	once sync.Once
	idx  []int32
}

// Params is a sort as an upstream's request spells it: its name of the
// field, its direction word and the centre distances are measured from.
type Params struct {
	Field     string            // the upstream's name of the field; "" keeps the rows' own order
	Direction string            // Asc, Desc or "" (ascending)
	Asc, Desc string            // the upstream's words for the directions
	Lng, Lat  *float64          // the centre, in the upstream's datum
	FieldName string            // the parameter naming the field, for messages
	Fields    map[string]string // the upstream's field names → ordering's fields
}

// Parse checks p and returns its Spec; toWGS84 converts the centre from
// the upstream's datum (nil: it is WGS-84 already).
func Parse(p Params, toWGS84 func(civ.GeoPoint) civ.GeoPoint) (Spec, error) {
	var s Spec
	switch p.Direction {
	case "", p.Asc:
	case p.Desc:
		s.Desc = true
	default:
		return s, fmt.Errorf("排序方向应为 %s 或 %s：%q", p.Asc, p.Desc, p.Direction)
	}
	if p.Field == "" {
		return s, nil
	}
	var ok bool
	if s.Field, ok = p.Fields[p.Field]; !ok {
		return s, fmt.Errorf("不支持的排序字段 %s=%q", p.FieldName, p.Field)
	}
	if s.Field == ordering.Distance {
		if p.Lng == nil || p.Lat == nil || !(math.Abs(*p.Lat) <= 90) || !(math.Abs(*p.Lng) <= 180) {
			return s, errors.New("按距离排序须给出中心点经纬度")
		}
		c := civ.GeoPoint{Lat: *p.Lat, Lng: *p.Lng}
		if toWGS84 != nil {
			c = toWGS84(c)
		}
		s.Center = &c
	}
	return s, nil
}
