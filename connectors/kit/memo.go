package kit

import (
	"strconv"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
)

// DefaultMemoSize is how many decoded pages a Memo keeps.
const DefaultMemoSize = 2048

// Memo keeps decoded upstream pages in process. The cache holds raw bytes
// (so a shared store can hold them too); decoding them is most of the cost
// of a cached answer, so each cached value is decoded once per fetch and
// the result reused until the entry is refetched.
type Memo struct{ lru *lru.Cache[string, any] }

// NewMemo returns a memo of at most size decoded pages.
func NewMemo(size int) *Memo {
	if size <= 0 {
		size = DefaultMemoSize
	}
	c, _ := lru.New[string, any](size) // only fails for size <= 0
	return &Memo{lru: c}
}

// Memoize returns decode's result for the cached value under key fetched at
// fetchedAt, calling decode only the first time. Errors are not kept.
// Callers must treat the returned value as read-only: it is shared.
func Memoize[V any](m *Memo, key string, fetchedAt time.Time, decode func() (V, error)) (V, error) {
	if m == nil {
		return decode()
	}
	k := key + "@" + strconv.FormatInt(fetchedAt.UnixNano(), 10)
	if v, ok := m.lru.Get(k); ok {
		if typed, ok := v.(V); ok {
			return typed, nil
		}
	}
	v, err := decode()
	if err == nil {
		m.lru.Add(k, v)
	}
	return v, err
}
