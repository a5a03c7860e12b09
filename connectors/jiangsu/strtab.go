package jiangsu

import (
	"bytes"
	"encoding/binary"
	"strconv"
	"strings"
)

// strtab keeps the snapshot's many-valued strings (ids, names, addresses,
// phones) compactly. Each string is cut into maximal runs of ASCII digits
// and runs of anything else; a text run is stored once in a dictionary and
// a digit run as a number, so a row of a register whose names and
// addresses repeat place names and kinds around a serial number costs a
// few bytes instead of a hundred: a million rows must fit the gateway's
// memory. A string reads back byte for byte.
//
// Tokens are uvarints: a text run is id<<1, a digit run
// (value<<5 | digits)<<1 | 1. Digit runs longer than maxDigitRun are text.
type strtab struct {
	dict  []string          // text runs by id
	ids   map[string]uint32 // build only: text run → id
	arena []byte            // every encoded string, back to back
	slab  *slab
}

// maxDigitRun keeps a run's value under 2^57 so that value<<6 fits a uint64.
const maxDigitRun = 17

// newStrtab returns a table whose arena grows in s.
func newStrtab(s *slab) *strtab { return &strtab{ids: map[string]uint32{}, slab: s} }

// add encodes s at the arena's end, a uvarint token count then the tokens.
func (t *strtab) add(s string) {
	var toks [32]uint64
	n := 0
	tokens := toks[:0]
	for i := 0; i < len(s); {
		j := i
		digits := isDigit(s[i])
		for j < len(s) && isDigit(s[j]) == digits {
			j++
		}
		run := s[i:j]
		if digits && len(run) <= maxDigitRun {
			v, _ := strconv.ParseUint(run, 10, 64) // at most 17 digits: cannot fail
			tokens = append(tokens, (v<<5|uint64(len(run)))<<1|1)
		} else {
			tokens = append(tokens, uint64(t.intern(run))<<1)
		}
		n++
		i = j
	}
	t.arena = slabGrow(t.slab, t.arena, (1+n)*binary.MaxVarintLen64)
	t.arena = binary.AppendUvarint(t.arena, uint64(n))
	for _, tok := range tokens {
		t.arena = binary.AppendUvarint(t.arena, tok)
	}
}

func (t *strtab) intern(run string) uint32 {
	if id, ok := t.ids[run]; ok {
		return id
	}
	id := uint32(len(t.dict))
	run = strings.Clone(run) // do not keep the CSV record's buffer alive
	t.ids[run] = id
	t.dict = append(t.dict, run)
	return id
}

// done drops what only building needs.
func (t *strtab) done() {
	t.ids = nil
	t.arena = slabTrim(t.slab, t.arena)
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// next decodes the string at arena[off:], appending it to dst; it returns
// dst and the offset of the string after it.
func (t *strtab) next(dst []byte, off int) ([]byte, int) {
	n, w := binary.Uvarint(t.arena[off:])
	off += w
	for range n {
		tok, w := binary.Uvarint(t.arena[off:])
		off += w
		dst = t.token(dst, tok)
	}
	return dst, off
}

// textRuns appends the dictionary ids of the text runs of the string at
// off to ids and its digit runs, each followed by a space, to digits
// (unless digits is nil); it returns them and the offset of the string
// after it.
func (t *strtab) textRuns(ids []uint32, digits []byte, off int) ([]uint32, []byte, int) {
	n, w := binary.Uvarint(t.arena[off:])
	off += w
	for range n {
		tok, w := binary.Uvarint(t.arena[off:])
		off += w
		switch {
		case tok&1 == 0:
			ids = append(ids, uint32(tok>>1))
		case digits != nil:
			digits = append(t.token(digits, tok), ' ')
		}
	}
	return ids, digits, off
}

// skip returns the offset of the string after the one at off.
func (t *strtab) skip(off int) int {
	n, w := binary.Uvarint(t.arena[off:])
	off += w
	for range n {
		_, w := binary.Uvarint(t.arena[off:])
		off += w
	}
	return off
}

// compare orders the strings at arena offsets a and b as bytes.Compare
// would their decoded forms, mostly without decoding them: token by
// token, equal tokens are skipped, and the first differing pair decides
// unless one is a prefix of the other (a text run "路" against "路口"),
// when both strings are decoded into scratch and compared whole.
func (t *strtab) compare(a, b int, scratch *[4][]byte) int {
	na, wa := binary.Uvarint(t.arena[a:])
	nb, wb := binary.Uvarint(t.arena[b:])
	oa, ob := a+wa, b+wb
	for i := uint64(0); ; i++ {
		switch {
		case i == na && i == nb:
			return 0
		case i == na:
			return -1 // a is a prefix of b
		case i == nb:
			return 1
		}
		ta, wa := binary.Uvarint(t.arena[oa:])
		tb, wb := binary.Uvarint(t.arena[ob:])
		oa, ob = oa+wa, ob+wb
		if ta == tb {
			continue
		}
		x, y := t.token(scratch[2][:0], ta), t.token(scratch[3][:0], tb)
		scratch[2], scratch[3] = x, y
		if n := min(len(x), len(y)); !bytes.Equal(x[:n], y[:n]) {
			return bytes.Compare(x, y)
		}
		scratch[0], _ = t.next(scratch[0][:0], a)
		scratch[1], _ = t.next(scratch[1][:0], b)
		return bytes.Compare(scratch[0], scratch[1])
	}
}

// token appends one token's text to dst.
func (t *strtab) token(dst []byte, tok uint64) []byte {
	if tok&1 == 0 {
		return append(dst, t.dict[tok>>1]...)
	}
	tok >>= 1
	width, v := int(tok&31), tok>>5
	var num [24]byte
	digits := strconv.AppendUint(num[:0], v, 10)
	for range width - len(digits) {
		dst = append(dst, '0')
	}
	return append(dst, digits...)
}
