package jiangsu

import (
	"math"
	"slices"
	"sync"
	"unsafe"
)

// slab holds a snapshot's large arrays (its columns, orders and lists,
// tens of megabytes at a million sites) outside the Go heap, in
// anonymous memory mappings where the system offers them (slab_linux.go).
//
// Why: the collector lets the heap grow to twice what it found live
// (GOGC=100), so on the heap an indexed snapshot of about 100 MB made the
// gateway's resident memory swing up to twice that while serving, and
// parsing the next file beside it more. Off the heap the snapshot costs
// its own size once; the heap keeps only what requests allocate.
//
// A column that grows while the file is read is remapped to twice its
// size when full (slabGrow: its pages move, nothing is copied, so it is
// never held twice); the system backs a page only once it is written, so
// the unwritten half costs address space, not memory. Where mappings are not offered, or fail, the
// arrays are ordinary slices, as before.
//
// The arrays hold no Go pointers. A slab is freed when the index owning
// it becomes unreachable (a cleanup set when it is published), or at once
// when the file it was read for fails; whoever reads an index's arrays
// keeps the index reachable meanwhile (runtime.KeepAlive in ServiceSites).
type slab struct {
	mu      sync.Mutex
	regions map[*byte][]byte // start → mapping
}

func newSlab() *slab { return &slab{regions: map[*byte][]byte{}} }

// fixedWidth are the element types a slab holds: no pointers.
type fixedWidth interface {
	~uint8 | ~int32 | ~uint32 | ~int64 | ~uint64
}

// slabMake is make([]T, n) in s.
func slabMake[T fixedWidth](s *slab, n int) []T {
	if m := slabMap[T](s, n); m != nil {
		return m
	}
	return make([]T, n)
}

// slabGrow returns v with room for extra more elements, moved to a larger
// mapping of s when full (the old mapping, if v had one, is unmapped).
func slabGrow[T fixedWidth](s *slab, v []T, extra int) []T {
	if cap(v)-len(v) >= extra {
		return v
	}
	var zero T
	width := int(unsafe.Sizeof(zero))
	n := max(2*cap(v), len(v)+extra, pageBytes/width)
	if s != nil && n <= math.MaxInt/width {
		if m := s.remap(unsafe.Pointer(unsafe.SliceData(v)), n*width); m != nil {
			return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(m))), n)[:len(v)]
		}
	}
	m := slabMap[T](s, n)
	if m == nil {
		return slices.Grow(v, extra)
	}
	copy(m, v)
	s.release(unsafe.Pointer(unsafe.SliceData(v)))
	return m[:len(v)]
}

// remap grows the mapping that starts at start to size bytes, moving its
// pages; nil when s has no such mapping or the system refuses.
func (s *slab) remap(start unsafe.Pointer, size int) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.regions[(*byte)(start)]
	if !ok {
		return nil
	}
	m := remapMemory(b, size)
	if m == nil {
		return nil
	}
	delete(s.regions, (*byte)(start))
	s.regions[unsafe.SliceData(m)] = m
	return m
}

const pageBytes = 4096

// slabMap maps room for n elements in s; nil when it cannot.
func slabMap[T fixedWidth](s *slab, n int) []T {
	var zero T
	width := int(unsafe.Sizeof(zero))
	if s == nil || n <= 0 || n > math.MaxInt/width {
		return nil
	}
	b := mapMemory(n * width)
	if b == nil {
		return nil
	}
	s.mu.Lock()
	s.regions[unsafe.SliceData(b)] = b
	s.mu.Unlock()
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), n)
}

// slabTrim is v without its unused capacity, copied exactly when it is an
// ordinary slice (its growth by doubling would otherwise stay allocated);
// a mapping's unwritten pages cost nothing, so its slices are only cut.
func slabTrim[T fixedWidth](s *slab, v []T) []T {
	if s != nil && s.owns(unsafe.Pointer(unsafe.SliceData(v))) {
		return v[:len(v):len(v)]
	}
	return slices.Clone(v)
}

func (s *slab) owns(start unsafe.Pointer) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.regions[(*byte)(start)]
	return ok
}

// release unmaps the mapping that starts at start, if s has one.
func (s *slab) release(start unsafe.Pointer) {
	s.mu.Lock()
	b, ok := s.regions[(*byte)(start)]
	delete(s.regions, (*byte)(start))
	s.mu.Unlock()
	if ok {
		unmapMemory(b)
	}
}

// free returns every mapping to the system. Nothing may read the arrays
// afterwards.
func (s *slab) free() {
	s.mu.Lock()
	regions := s.regions
	s.regions = map[*byte][]byte{}
	s.mu.Unlock()
	for _, b := range regions {
		unmapMemory(b)
	}
}
