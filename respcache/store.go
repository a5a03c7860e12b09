package respcache

import (
	"container/list"
	"strconv"
	"sync"
	"time"
)

// entryOverhead is what an entry costs beyond its key and bytes: the list
// element, the map slot and the entry struct, rounded up.
const entryOverhead = 256

// entry is one kept answer.
type entry struct {
	key         Key
	body        []byte
	contentType string
	expires     time.Time
	versions    []version // of every province the answer used
	size        int64

	// The header values serve sets, made once.
	contentTypeHeader, lengthHeader []string
}

func newEntry(key Key, body []byte, contentType string, expires time.Time) *entry {
	return &entry{key: key, body: body, contentType: contentType, expires: expires,
		contentTypeHeader: []string{contentType}, lengthHeader: []string{strconv.Itoa(len(body))}}
}

// store is a least-recently-used map of answers bounded in bytes.
type store struct {
	mu       sync.Mutex
	ll       *list.List // front: most recently used
	m        map[Key]*list.Element
	bytes    int64
	maxBytes int64
}

func newStore(maxBytes int64) *store {
	return &store{ll: list.New(), m: map[Key]*list.Element{}, maxBytes: maxBytes}
}

// get returns the entry under k unless it expired by now (an expired one
// is dropped).
func (s *store) get(k Key, now time.Time) (*entry, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	el, ok := s.m[k]
	if !ok {
		return nil, false
	}
	e := el.Value.(*entry)
	if !now.Before(e.expires) {
		s.removeLocked(el)
		return nil, false
	}
	s.ll.MoveToFront(el)
	return e, true
}

// put keeps e, replacing what was under its key, and evicts the least
// recently used entries until the store fits its bound.
func (s *store) put(e *entry) {
	e.size = int64(len(e.key)+len(e.body)+len(e.contentType)+len(e.versions)*versionSize) + entryOverhead
	if e.size > s.maxBytes {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if el, ok := s.m[e.key]; ok {
		s.removeLocked(el)
	}
	s.m[e.key] = s.ll.PushFront(e)
	s.bytes += e.size
	for s.bytes > s.maxBytes {
		s.removeLocked(s.ll.Back())
	}
}

// remove drops the entry under k if it is still e.
func (s *store) remove(k Key, e *entry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if el, ok := s.m[k]; ok && el.Value.(*entry) == e {
		s.removeLocked(el)
	}
}

func (s *store) removeLocked(el *list.Element) {
	e := el.Value.(*entry)
	s.ll.Remove(el)
	delete(s.m, e.key)
	s.bytes -= e.size
}

// usage returns the bytes and entries held.
func (s *store) usage() (bytes int64, entries int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bytes, s.ll.Len()
}
