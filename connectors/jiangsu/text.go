package jiangsu

import (
	"math/bits"
	"strings"
	"sync"

	"github.com/civgraph/civgraph/civ"
)

// matchText is the keyword semantics of the bulk file's sites: the
// reference one of civ.Filter (a case-insensitive substring of the name
// or address). It is the one place to change them; textRows's dictionary
// shortcut relies on substring semantics and must change with it.
func matchText(keyword, name, address string) bool {
	return civ.Filter{Keyword: keyword}.MatchKeyword(name, address)
}

// rowSet is a set of rows as a bitmap over the register.
type rowSet struct {
	bits []uint64
	size int
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
	sets  map[string]*rowSet
	order []string // oldest first
	lower []string // the dictionary lowercased, built on first use
}

// textCacheSize bounds the keywords kept per snapshot; a set costs an
// eighth of a byte per row (125 KB at a million rows).
const textCacheSize = 64

// maxCachedKeyword keeps long keywords, which nobody pages through, from
// making the cache's keys large.
const maxCachedKeyword = 256

// textRows is the set of rows whose name or address matches keyword. A
// keyword without ASCII digits lies, wherever it occurs, inside one text
// run of the dictionary (runs are split at digits), so the matching runs
// are found in the dictionary and their rows read from the postings; a
// keyword with digits is matched row by row.
func (ix *index) textRows(keyword string) *rowSet {
	c := &ix.texts
	c.mu.Lock()
	if s, ok := c.sets[keyword]; ok {
		c.mu.Unlock()
		return s
	}
	if c.lower == nil {
		c.lower = make([]string, len(ix.strs.dict))
		for k, run := range ix.strs.dict {
			c.lower[k] = strings.ToLower(run)
		}
	}
	lower := c.lower
	c.mu.Unlock()

	set := newRowSet(ix.len())
	kl := strings.ToLower(keyword)
	if strings.IndexFunc(kl, func(r rune) bool { return r >= '0' && r <= '9' }) < 0 {
		matched := make([]bool, len(lower))
		frequent := false
		for id, run := range lower {
			if strings.Contains(run, kl) {
				matched[id] = true
				frequent = frequent || ix.text.frequent[id]
				for _, row := range ix.text.of(uint32(id)) {
					set.add(row)
				}
			}
		}
		if frequent { // some matching run has no list: read every row's runs
			for i := range int32(ix.len()) {
				off := ix.strs.skip(int(ix.off[i]))
				for range 2 { // name, address
					off = ix.strs.textRuns(off, func(id uint32) {
						if matched[id] {
							set.add(i)
						}
					})
				}
			}
		}
	} else {
		var buf []byte
		for i := range int32(ix.len()) {
			var name, address []byte
			name, address, buf = ix.nameAndAddress(buf, i)
			if matchText(keyword, string(name), string(address)) {
				set.add(i)
			}
		}
	}

	if len(keyword) > maxCachedKeyword {
		return set
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sets == nil {
		c.sets = map[string]*rowSet{}
	}
	if _, ok := c.sets[keyword]; !ok {
		if len(c.order) >= textCacheSize {
			delete(c.sets, c.order[0])
			c.order = c.order[1:]
		}
		c.sets[keyword] = set
		c.order = append(c.order, keyword)
	}
	return set
}
