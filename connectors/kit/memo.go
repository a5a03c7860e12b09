package kit

import (
	"reflect"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/civgraph/civgraph/connectors/cache"
)

// Bounds of a Memo.
const (
	DefaultMemoSize        = 2048     // decoded pages
	DefaultMemoBytes int64 = 32 << 20 // their estimated bytes
)

// Memo keeps decoded upstream pages in process. The cache holds raw bytes
// (so a shared store can hold them too); decoding them is most of the cost
// of a cached answer, so each cached value is decoded once per fetch and
// the result reused until the entry is refetched.
//
// It holds one decoded page per cache key (a refetch replaces it, so
// uncached fetches cannot pile up), keys are bounded like the cache's, and
// the pages' estimated size is bounded in bytes: least recently used pages
// go first.
type Memo struct {
	mu       sync.Mutex
	lru      *lru.Cache[string, memoEntry]
	bytes    int64
	maxBytes int64
}

type memoEntry struct {
	fetchedAt time.Time
	value     any
	size      int64
}

// NewMemo returns a memo of at most size decoded pages and
// DefaultMemoBytes.
func NewMemo(size int) *Memo { return NewMemoBytes(size, DefaultMemoBytes) }

// NewMemoBytes returns a memo of at most size decoded pages and maxBytes of
// their estimated size.
func NewMemoBytes(size int, maxBytes int64) *Memo {
	if size <= 0 {
		size = DefaultMemoSize
	}
	if maxBytes <= 0 {
		maxBytes = DefaultMemoBytes
	}
	m := &Memo{maxBytes: maxBytes}
	// The callback runs inside Add and RemoveOldest, which run under mu.
	m.lru, _ = lru.NewWithEvict(size, func(_ string, e memoEntry) { m.bytes -= e.size }) // only fails for size <= 0
	return m
}

// Bytes reports the estimated bytes the memo holds.
func (m *Memo) Bytes() int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.bytes
}

// Memoize returns decode's result for the cached value under key fetched at
// fetchedAt, calling decode only the first time. Errors are not kept.
// Callers must treat the returned value as read-only: it is shared.
func Memoize[V any](m *Memo, key string, fetchedAt time.Time, decode func() (V, error)) (V, error) {
	if m == nil {
		return decode()
	}
	k := cache.BoundKey(key)
	m.mu.Lock()
	e, ok := m.lru.Get(k)
	m.mu.Unlock()
	if ok && e.fetchedAt.Equal(fetchedAt) {
		if typed, ok := e.value.(V); ok {
			return typed, nil
		}
	}
	v, err := decode()
	if err != nil {
		return v, err
	}
	size := int64(len(k)) + sizeOf(reflect.ValueOf(&v).Elem())
	if size > m.maxBytes {
		return v, nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if old, ok := m.lru.Peek(k); ok {
		m.bytes -= old.size // Add replaces without the eviction callback
	}
	m.lru.Add(k, memoEntry{fetchedAt: fetchedAt, value: v, size: size})
	m.bytes += size
	for m.bytes > m.maxBytes {
		if _, _, ok := m.lru.RemoveOldest(); !ok {
			break
		}
	}
	return v, nil
}

var timeType = reflect.TypeFor[time.Time]()

// sizeOf estimates the bytes v occupies, following strings, slices,
// pointers, maps and interfaces. It is an estimate for bounding the memo:
// shared data (a time's location) is not counted.
func sizeOf(v reflect.Value) int64 { return int64(v.Type().Size()) + referenced(v, 0) }

// referenced is what v points to beyond its own inline size.
func referenced(v reflect.Value, depth int) int64 {
	if depth > 16 || v.Type() == timeType {
		return 0
	}
	switch v.Kind() {
	case reflect.String:
		return int64(v.Len())
	case reflect.Slice:
		if v.IsNil() {
			return 0
		}
		n := int64(v.Cap()) * int64(v.Type().Elem().Size())
		for i := range v.Len() {
			n += referenced(v.Index(i), depth+1)
		}
		return n
	case reflect.Array:
		var n int64
		for i := range v.Len() {
			n += referenced(v.Index(i), depth+1)
		}
		return n
	case reflect.Struct:
		var n int64
		for i := range v.NumField() {
			n += referenced(v.Field(i), depth+1)
		}
		return n
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return 0
		}
		e := v.Elem()
		return int64(e.Type().Size()) + referenced(e, depth+1)
	case reflect.Map:
		var n int64
		it := v.MapRange()
		for it.Next() {
			n += sizeOf(it.Key()) + sizeOf(it.Value()) + 16
		}
		return n
	}
	return 0
}
