package jiangsu

import (
	"math/bits"
	"sync"

	"golang.org/x/sync/singleflight"

	"github.com/civgraph/civgraph/civ"
)

// matchText is the keyword semantics of the bulk file's sites: the
// reference one of civ.Filter (textmatch over the name and address).
func matchText(keyword, name, address string) bool {
	return civ.Filter{Keyword: keyword}.MatchKeyword(name, address)
}

// rowSet is a set of rows as a bitmap over the register.
type rowSet struct {
	bits []uint64
	size int
	read int // rows read to fill it
}

func newRowSet(n int) *rowSet { return &rowSet{bits: make([]uint64, (n+63)/64)} }

func (s *rowSet) add(row int32) {
	w, b := row/64, uint64(1)<<(row%64)
	if s.bits[w]&b == 0 {
		s.bits[w] |= b
		s.size++
	}
}

func (s *rowSet) has(row int32) bool { return s.bits[row/64]&(1<<(row%64)) != 0 }

func (s *rowSet) len() int { return s.size }

// textSet is the rows matching a keyword: a rowSet read row by row, or
// keywordRows decided by the text index.
type textSet interface {
	has(row int32) bool
	len() int
	each(f func(row int32))
}

func (s *rowSet) each(f func(row int32)) {
	for w, word := range s.bits {
		for word != 0 {
			f(int32(w*64 + bits.TrailingZeros64(word)))
			word &= word - 1
		}
	}
}

// textCache keeps the row sets of recent keywords, since a client paging
// through a search asks the same keyword again and again.
type textCache struct {
	mu    sync.Mutex
	sets  map[string]textSet
	order []string // oldest first
	// scans lets concurrent first requests for one keyword share a
	// single read of the register.
	scans singleflight.Group
}

// textCacheSize bounds the keywords kept per snapshot; a set costs an
// eighth of a byte per row (125 KB at a million rows), or per pattern.
const textCacheSize = 64

// maxCachedKeyword keeps long keywords, which nobody pages through, from
// making the cache's keys large.
const maxCachedKeyword = 256

// textRows is the set of rows whose name or address matches keyword
// (matchText). A keyword without ASCII digits is decided by the text
// index, without reading a row; one with digits is read row by row once
// per keyword and snapshot. Either set is kept (textCache), so paging
// through a search costs the first page only; concurrent first requests
// share one read. It also returns the rows it read: none when the index
// decided, the set was kept or another request read them.
func (ix *index) textRows(keyword string) (textSet, int) {
	c := &ix.texts
	c.mu.Lock()
	if s, ok := c.sets[keyword]; ok {
		c.mu.Unlock()
		return s, 0
	}
	c.mu.Unlock()
	if patterns, ok := ix.keywords.patterns(keyword); ok {
		return c.keep(keyword, ix.keywords.keywordRows(patterns)), 0
	}

	// Only the caller whose function ran read the rows; the others waited.
	read := 0
	v, _, _ := c.scans.Do(keyword, func() (any, error) {
		c.mu.Lock()
		s, ok := c.sets[keyword] // kept by a read that ended since the look above
		c.mu.Unlock()
		if ok {
			return s, nil
		}
		set := ix.scanText(keyword)
		read = set.read
		return ix.texts.keep(keyword, set), nil
	})
	return v.(textSet), read
}

// scanText tests the rows that may match keyword (digitCandidates) one
// by one, counting them in the set's read.
func (ix *index) scanText(keyword string) *rowSet {
	set := newRowSet(ix.len())
	var buf []byte
	ix.keywords.digitCandidates(keyword, func(i int32) {
		set.read++
		var name, address []byte
		name, address, buf = ix.nameAndAddress(buf, i)
		if matchText(keyword, string(name), string(address)) {
			set.add(i)
		}
	})
	return set
}

// keep remembers keyword's set (unless the keyword is too long to be
// worth a key) and returns the set kept for it.
func (c *textCache) keep(keyword string, set textSet) textSet {
	if len(keyword) > maxCachedKeyword {
		return set
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sets == nil {
		c.sets = map[string]textSet{}
	}
	if kept, ok := c.sets[keyword]; ok {
		return kept
	}
	if len(c.order) >= textCacheSize {
		delete(c.sets, c.order[0])
		c.order = c.order[1:]
	}
	c.sets[keyword] = set
	c.order = append(c.order, keyword)
	return set
}
